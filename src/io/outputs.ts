// Every file a command writes goes through here: the command lists all its outputs (and its
// inputs) once, before any work, and writes each through the plan. The rules, checked for all
// outputs together so that a bad path fails in milliseconds and not after a long run:
//   - a path is not empty and names a file, in a folder that exists or can be created, not on
//     a kernel pseudo file system (output-path.ts);
//   - no two outputs of one command are the same file (after resolving "..", symbolic links
//     and hard links: device and inode), or one would silently lose the other;
//   - no output is one of the command's inputs (`report r.jsonl --csv r.jsonl` would replace
//     the results it reads);
//   - an existing target is a regular file: a folder, device, FIFO or socket is refused even
//     with --force (a rename would replace the device node itself);
//   - an existing regular file is replaced only if zipflab wrote it as the same kind of output
//     (ownership.ts: a sweep results file is not a JSON result), or it is empty, or with the
//     command's --force; a symbolic link is written through (its file replaced) only under the
//     first two, never by --force.
// Writing re-checks the target (it may have changed during the run) and goes through the
// atomic writer (atomic.ts), which refuses non-regular targets whoever calls it.
import { realpathSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { writeFileAtomic } from "./atomic.js";
import { fileTypeName, lstatOrNull, statOrNull } from "./file-type.js";
import { checkFolder } from "./output-path.js";
import { isOwnedAs, type OwnedKind } from "./ownership.js";
import { ConfigError } from "../config/error.js";

/** A kind of output file, or a figure: `<base>.svg` and `<base>.png`. */
export type OutputKind = OwnedKind | "figure";

/** What each kind is called in messages. */
const KIND_NAME: Record<OwnedKind, string> = {
  result: "a JSON result",
  sweep: "a sweep results file",
  csv: "a CSV table",
  svg: "an SVG figure",
  png: "a PNG figure",
  html: "an HTML index",
  cache: "a corpus cache file",
  checkpoint: "a transformer checkpoint",
  "repro-mark": "a reproduction's mark file",
};

export interface OutputRequest {
  /** The option or argument that names it, as the user typed it ("--json"). */
  option: string;
  /** The path as given (a figure: its base; a .svg/.png ending is dropped). */
  path: string;
  kind: OutputKind;
  /**
   * "owned" (default): an existing file of the same kind that zipflab wrote may be replaced.
   * "new": only an empty file may be replaced without --force (a merged results file may hold
   * cells its inputs lack).
   */
  replace?: "owned" | "new";
}

export interface InputRef {
  /** The option or argument that names it ("results", "--corpus"). */
  option: string;
  path: string;
}

export interface PlanOptions {
  /** The command's inputs: no output may be one of them. */
  inputs?: readonly InputRef[];
  /** The command's --force was given: replace a regular file zipflab did not write. */
  force?: boolean;
  /** The command's force option for messages ("--force"), or null where it has none. */
  forceFlag?: string | null;
}

interface PlannedFile {
  option: string;
  /** As the user gave it (messages). */
  path: string;
  kind: OwnedKind;
  replace: "owned" | "new";
}

export interface WrittenFigure {
  svg: string;
  png: string;
}

/** A figure's base path: "out/fig.svg", "out/fig.png" and "out/fig" all name "out/fig". */
export function figureBase(path: string): string {
  return path.replace(/\.(svg|png)$/i, "");
}

/** The identity of a path: device and inode if it exists, else its real folder plus its name. */
export function fileIdentity(path: string): string {
  const abs = resolve(path);
  const stats = statOrNull(abs);
  if (stats) return `inode:${stats.dev}:${stats.ino}`;
  const rest: string[] = [];
  for (let at = abs; ; at = dirname(at)) {
    rest.unshift(basename(at));
    const up = dirname(at);
    if (up === at) return `path:${abs}`;
    try {
      return `path:${join(realpathSync(up), ...rest)}`;
    } catch {
      // a missing folder: go one level up
    }
  }
}

/** The existing file at `path` of another kind that zipflab wrote, in words, or null. */
function otherKindText(path: string, kind: OwnedKind): string | null {
  for (const other of Object.keys(KIND_NAME) as OwnedKind[]) {
    if (other !== kind && isOwnedAs(other, path)) return KIND_NAME[other];
  }
  return null;
}

/** Longest file name most file systems take (bytes), and longest path (Linux PATH_MAX). */
const NAME_MAX = 255;
const PATH_MAX = 4096;

function checkFile(file: PlannedFile, options: PlanOptions): void {
  const { option, path, kind } = file;
  const abs = resolve(path);
  const long = abs.split(sep).find((part) => Buffer.byteLength(part) > NAME_MAX);
  if (long !== undefined)
    throw new ConfigError(
      option,
      `${path}: the name ${long.slice(0, 20)}… is longer than ${NAME_MAX} bytes, more than a file system takes`,
    );
  if (Buffer.byteLength(abs) >= PATH_MAX) throw new ConfigError(option, `${path} is longer than ${PATH_MAX} bytes`);
  const link = lstatOrNull(abs);
  const stats = link?.isSymbolicLink() ? statOrNull(abs) : link;
  if (link?.isSymbolicLink() && !stats)
    throw new ConfigError(option, `${path} is a symbolic link to nothing; remove it or name another file`);
  if (stats?.isDirectory() || path.endsWith("/") || path.endsWith(sep)) throw new ConfigError(option, `${path} is a folder; name a file`);
  if (stats && !stats.isFile()) {
    throw new ConfigError(
      option,
      `${path} is ${fileTypeName(stats)}, not a regular file; zipflab never replaces one (not even with --force)`,
    );
  }
  checkFolder(dirname(abs), option, path);
  if (!stats) return;
  const replaceable = file.replace === "new" ? stats.size === 0 : isOwnedAs(kind, abs);
  if (replaceable) return;
  // A link is written through (the file it points to is replaced), so --force must not reach
  // through one: `--json link.json --force` with link.json → /etc/passwd would replace that.
  if (link?.isSymbolicLink()) {
    throw new ConfigError(
      option,
      `${path} is a symbolic link to ${realpathSync(abs)}, which is not ${KIND_NAME[kind]} zipflab wrote; ` +
        "--force does not reach through a link: name that file itself, or remove the link",
    );
  }
  if (options.force) return;
  const how = options.forceFlag ? `pass ${options.forceFlag} to replace it` : "move it away or choose another file";
  if (file.replace === "new") throw new ConfigError(option, `${path} exists; ${how}`);
  const other = otherKindText(abs, kind);
  throw new ConfigError(
    option,
    other
      ? `${path} exists and is ${other} of zipflab's, not ${KIND_NAME[kind]}; ${how}`
      : `${path} exists and is not a file zipflab wrote (${KIND_NAME[kind]}); ${how}`,
  );
}

/**
 * A command's outputs, checked together before any work (see the rules above); write each
 * through it. Throws ConfigError naming the option at fault.
 */
export class OutputPlan {
  private readonly files = new Map<string, PlannedFile[]>();

  constructor(
    requests: readonly OutputRequest[],
    private readonly options: PlanOptions = {},
  ) {
    const seen = new Map<string, PlannedFile>();
    const inputs = new Map<string, InputRef>();
    for (const input of options.inputs ?? []) {
      if (input.path !== "-") inputs.set(fileIdentity(input.path), input);
    }
    for (const request of requests) {
      if (request.path.trim() === "") throw new ConfigError(request.option, `must name a file (got ${JSON.stringify(request.path)})`);
      const paths = request.kind === "figure" ? figurePaths(request) : [[request.path, request.kind] as const];
      const planned = paths.map(([path, kind]) => ({ option: request.option, path, kind, replace: request.replace ?? "owned" }));
      for (const file of planned) {
        const id = fileIdentity(file.path);
        const input = inputs.get(id);
        if (input)
          throw new ConfigError(
            file.option,
            `${file.path} is an input of this command (${input.option}); zipflab never writes over its inputs`,
          );
        const twin = seen.get(id);
        if (twin) {
          throw new ConfigError(
            file.option,
            twin.option === file.option
              ? `${file.path} would be written twice by ${file.option}; give each output its own file`
              : `${file.path} is also the file of ${twin.option}; give each output its own file`,
          );
        }
        seen.set(id, file);
        checkFile(file, options);
      }
      this.files.set(request.option, [...(this.files.get(request.option) ?? []), ...planned]);
    }
  }

  /** Writes `data` to the planned file named `path` (as requested) of `option`. */
  async write(option: string, path: string, data: string | Uint8Array): Promise<string> {
    const file = this.files.get(option)?.find((f) => f.path === path);
    if (!file) throw new Error(`internal: ${option} ${path} is not a planned output`);
    checkFile(file, this.options); // again: the file may have appeared or changed during the run
    await writeFileAtomic(file.path, data);
    return file.path;
  }

  /** Writes a planned figure (its SVG and PNG), both checked before either is written. */
  async writeFigure(option: string, base: string, figure: { svg: string; png: Uint8Array }): Promise<WrittenFigure> {
    const stem = figureBase(base);
    const written = { svg: `${stem}.svg`, png: `${stem}.png` };
    const files = [written.svg, written.png].map((path) => this.files.get(option)?.find((f) => f.path === path));
    if (files.some((f) => !f)) throw new Error(`internal: ${option} ${base} is not a planned figure`);
    for (const f of files) checkFile(f!, this.options);
    await writeFileAtomic(written.svg, figure.svg);
    await writeFileAtomic(written.png, figure.png);
    return written;
  }
}

function figurePaths(request: OutputRequest): (readonly [string, OwnedKind])[] {
  const stem = figureBase(request.path);
  if (stem.trim() === "" || stem.endsWith("/") || stem.endsWith(sep)) {
    throw new ConfigError(request.option, `must name a file path without its .svg/.png ending (got ${JSON.stringify(request.path)})`);
  }
  return [
    [`${stem}.svg`, "svg"],
    [`${stem}.png`, "png"],
  ];
}

/** Plans a command's outputs (see OutputPlan). */
export function planOutputs(requests: readonly (OutputRequest | null | undefined | false)[], options: PlanOptions = {}): OutputPlan {
  return new OutputPlan(
    requests.filter((r): r is OutputRequest => Boolean(r)),
    options,
  );
}

/**
 * Checks a folder a command writes into (a cache folder): not empty, not a file or device, and
 * it exists or can be created on a real file system. Throws ConfigError naming `option`.
 */
export function checkOutputFolder(option: string, path: string): void {
  if (path.trim() === "") throw new ConfigError(option, `must name a folder (got ${JSON.stringify(path)})`);
  const stats = statOrNull(path);
  if (stats && !stats.isDirectory()) throw new ConfigError(option, `${path} is ${fileTypeName(stats)}, not a folder`);
  checkFolder(path, option);
}
