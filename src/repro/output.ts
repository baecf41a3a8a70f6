// Writing a reproduction's folder: figures through the plot renderer, JSON through the
// atomic writer (a killed run leaves no half-written file), and a folder zipflab owns, changed
// only when the reproduction has succeeded.
//
// Ownership: <out>/<name>/ carries a mark file, .zipflab-repro.json, listing the files the
// last run wrote. A new run writes into a stage beside the folder (src/io/staged-folder.ts)
// and, once it has succeeded, moves its files in and deletes exactly the files of the previous
// run it did not write again, and nothing else: a file a user put there survives, and an
// interrupted or failed run leaves the folder as it was. A folder without the mark is a
// user's: refused if it holds anything, unless --force, and even then nothing in it is deleted
// (same-named regular files are replaced). Nothing that is not a regular file is replaced.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, normalize } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { writeFileAtomic } from "../io/atomic.js";
import { fileTypeName, lstatOrNull, statOrNull } from "../io/file-type.js";
import { checkFolder } from "../io/output-path.js";
import { planOutputs } from "../io/outputs.js";
import { isOwnedAs } from "../io/ownership.js";
import { stageFolder } from "../io/staged-folder.js";
import { writeFigure } from "../plot/render/render.js";
import type { WrittenFigureInfo } from "./types.js";
import { ConfigError } from "../config/error.js";

export const REPRO_MARK = ".zipflab-repro.json";

interface ReproMark {
  zipflabRepro: 1;
  name: string;
  files: string[];
}

/** The mark of a folder zipflab made, or null (no mark, or not one of ours). */
function readMark(dir: string): ReproMark | null {
  const file = join(dir, REPRO_MARK);
  if (!statOrNull(file)?.isFile() || !isOwnedAs("repro-mark", file)) return null;
  try {
    const mark = JSON.parse(readFileSync(file, "utf8")) as ReproMark;
    return mark?.zipflabRepro === 1 && Array.isArray(mark.files) ? mark : null;
  } catch {
    return null;
  }
}

/** The plain file names a mark lists (never a path outside the folder, never the mark itself). */
function markedFiles(mark: ReproMark | null): string[] {
  return (mark?.files ?? []).filter(
    (f) => typeof f === "string" && f === basename(f) && normalize(f) === f && f !== REPRO_MARK && f !== "." && f !== "..",
  );
}

/**
 * Checks, before any work, that `repro` may write <out>/<name>/ (and <out>/index.html): the
 * folders can be created, an existing <name> folder is zipflab's (its mark), empty, or
 * `force` is given, and nothing there that a run would replace is other than a regular file.
 * Throws ConfigError("--out", …) naming the path.
 */
export function checkReproOutput(out: string, names: readonly string[], options: { force?: boolean; index?: boolean } = {}): void {
  if (out.trim() === "") throw new ConfigError("--out", "must name a folder (got an empty path)");
  checkFolder(out, "--out");
  for (const name of names) {
    const dir = join(out, name);
    checkFolder(dir, "--out", dir);
    const here = lstatOrNull(dir);
    if (here && !here.isDirectory()) throw new ConfigError("--out", `${dir} is ${fileTypeName(here)}, not a folder`);
    if (!here) continue;
    const mark = readMark(dir);
    if (!mark && !options.force && readdirSync(dir).length > 0) {
      throw new ConfigError(
        "--out",
        `${dir} exists and was not made by zipflab repro (no ${REPRO_MARK} in it); ` +
          "move it away, choose another --out, or pass --force to write into it (nothing in it is deleted)",
      );
    }
    for (const file of [REPRO_MARK, ...markedFiles(mark)]) {
      const there = lstatOrNull(join(dir, file));
      if (there && !there.isFile())
        throw new ConfigError("--out", `${join(dir, file)} is ${fileTypeName(there)}; zipflab replaces only regular files`);
    }
  }
  if (options.index)
    planOutputs([{ option: "--out", path: join(out, "index.html"), kind: "html" }], { force: options.force, forceFlag: "--force" });
}

/** A reproduction's folder being written: `dir` is its stage; commit moves the files into <out>/<name>/. */
export interface ReproStage {
  dir: string;
  /** Marks and moves this run's files into place (the old ones go only now); returns <out>/<name>. */
  commit(): Promise<string>;
  /** Drops this run's files; <out>/<name>/ stays as it was. */
  discard(): void;
}

/** Starts writing <out>/<name>/: checks it (checkReproOutput) and opens a stage for the run's files. */
export async function stageRepro(out: string, name: string, force = false): Promise<ReproStage> {
  checkReproOutput(out, [name], { force });
  const target = join(out, name);
  const previous = markedFiles(readMark(target));
  const stage = stageFolder(target, "--out");
  return {
    dir: stage.dir,
    async commit() {
      try {
        const files = readdirSync(stage.dir).filter((f) => !f.startsWith("."));
        await writeMark(stage.dir, name, files);
        return stage.commit({ previous: [REPRO_MARK, ...previous], force, option: "--out", last: REPRO_MARK });
      } catch (e) {
        if (!(e instanceof ConfigError)) stage.discard();
        throw e;
      }
    },
    discard: () => stage.discard(),
  };
}

/** Runs a reproduction's writing into a stage and commits it on success (discards it on failure). */
export async function inStage<T extends { dir: string }>(
  out: string,
  name: string,
  force: boolean | undefined,
  run: (dir: string) => Promise<T>,
): Promise<T> {
  const stage = await stageRepro(out, name, force);
  let outcome: T;
  try {
    outcome = await run(stage.dir);
  } catch (e) {
    stage.discard();
    throw e;
  }
  return { ...outcome, dir: await stage.commit() };
}

async function writeMark(dir: string, name: string, files: readonly string[]): Promise<void> {
  const mark: ReproMark = { zipflabRepro: 1, name, files: [...new Set(files)].sort() };
  await writeFileAtomic(join(dir, REPRO_MARK), `${JSON.stringify(mark, null, 2)}\n`);
}

/** Compact JSON (per-class curves make indented files several times larger); NaN/Inf as null. */
export async function writeJson(dir: string, file: string, data: unknown): Promise<string> {
  const text = JSON.stringify(data, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v));
  await writeFileAtomic(join(dir, file), `${text}\n`);
  return file;
}

export async function saveFigure(dir: string, name: string, caption: string, vegaLite: TopLevelSpec): Promise<WrittenFigureInfo> {
  const written = await writeFigure(vegaLite, join(dir, name));
  return { name, caption, svg: basename(written.svg), png: basename(written.png) };
}
