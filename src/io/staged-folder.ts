// A folder of outputs that changes only once the run filling it has succeeded. The run writes
// into a stage, a fresh folder beside the target (".<name>.zipflab-staging-<pid>-<random>",
// same file system, so moving a file in is a rename); commit then moves each staged file into
// the target (each rename atomic, replacing a same-named file), deletes the files of the
// previous run that this one did not write again, and removes the stage. Until commit the
// target is untouched: Ctrl-C, SIGTERM, a crash or an error leave the old files as they were.
// A stage is removed when its run fails or is interrupted (discardStages, from the signal
// handlers); one left by a SIGKILL is removed by the next run into the same folder (its
// process no longer exists, and it holds the stage marker zipflab wrote).
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileTypeName, lstatOrNull } from "./file-type.js";
import { makeFolders } from "./output-path.js";
import { ConfigError } from "../config/error.js";

const STAGE_MARKER = ".zipflab-staging";

export interface CommitOptions {
  /** Files of the previous run (plain names): deleted unless written again. */
  previous: readonly string[];
  /** Replace a same-named regular file that is not in `previous` (--force). */
  force?: boolean;
  /** Names the target in errors (the option that chose it). */
  option: string;
  /** Written last, after every other file (the mark that lists what this run wrote). */
  last?: string;
}

export interface StagedFolder {
  /** Where the run writes. */
  readonly dir: string;
  /** The folder the files end up in. */
  readonly target: string;
  /** Moves the staged files into the target; returns the target. */
  commit(options: CommitOptions): string;
  /** Removes the stage; the target stays as it was. */
  discard(): void;
}

const open = new Set<StagedFolder>();

/** Removes every stage not yet committed (for signal handlers: synchronous). */
export function discardStages(): string[] {
  const targets: string[] = [];
  for (const stage of [...open]) {
    targets.push(stage.target);
    stage.discard();
  }
  return targets;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes stages of `target` left by processes that no longer exist (a SIGKILL mid-run). */
function removeStaleStages(target: string): void {
  const parent = dirname(target);
  const prefix = `.${basename(target)}.zipflab-staging-`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length)) : null;
    if (!m || alive(Number(m[1]))) continue;
    const stage = join(parent, name);
    if (lstatOrNull(stage)?.isDirectory() && lstatOrNull(join(stage, STAGE_MARKER))?.isFile())
      rmSync(stage, { recursive: true, force: true });
  }
}

/** A new stage for `target` (its parent folder is created if missing). */
export function stageFolder(target: string, option: string): StagedFolder {
  const abs = resolve(target);
  makeFolders(dirname(abs), option, target);
  removeStaleStages(abs);
  const dir = join(dirname(abs), `.${basename(abs)}.zipflab-staging-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(dir);
  writeFileSync(join(dir, STAGE_MARKER), `${process.pid}\n`);
  let done = false;
  const stage: StagedFolder = {
    dir,
    target,
    commit(options) {
      if (done) throw new Error("internal: a stage is committed once");
      const names = readdirSync(dir).filter((n) => n !== STAGE_MARKER);
      const previous = new Set(options.previous);
      // Checked whole before the first file moves: a commit that stops half-way would mix runs.
      for (const name of names) {
        const there = lstatOrNull(join(abs, name));
        if (there && !there.isFile()) {
          throw new ConfigError(
            options.option,
            `${join(target, name)} is ${fileTypeName(there)}; zipflab replaces only regular files ` +
              `(this run's files are kept in ${dir})`,
          );
        }
        if (there && !previous.has(name) && !options.force) {
          throw new ConfigError(
            options.option,
            `${join(target, name)} exists and was not written by zipflab's previous run there; ` +
              `pass --force to replace it (this run's files are kept in ${dir})`,
          );
        }
      }
      makeFolders(abs, options.option, target);
      const ordered = [...names.filter((n) => n !== options.last), ...names.filter((n) => n === options.last)];
      for (const name of ordered) renameSync(join(dir, name), join(abs, name));
      const kept = new Set(names);
      for (const name of previous) {
        if (kept.has(name) || name !== basename(name) || name === "." || name === "..") continue;
        if (lstatOrNull(join(abs, name))?.isFile()) rmSync(join(abs, name), { force: true });
      }
      rmSync(dir, { recursive: true, force: true });
      done = true;
      open.delete(stage);
      return target;
    },
    discard() {
      if (done) return;
      done = true;
      open.delete(stage);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  open.add(stage);
  return stage;
}
