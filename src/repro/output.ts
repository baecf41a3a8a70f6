// Writing a reproduction's folder: figures through the plot renderer, JSON through the
// atomic writer (a killed run leaves no half-written file), and a folder zipflab owns.
//
// Ownership: <out>/<name>/ carries a mark file, .zipflab-repro.json, listing the files the
// last run wrote. A new run deletes exactly those (files of an earlier run would otherwise mix
// with this run's) and nothing else: a file a user put there survives. A folder without the
// mark is a user's: refused if it holds anything, unless --force, and even then nothing in it
// is deleted (same-named files are replaced).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { basename, join, normalize, resolve } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { writeFileAtomic } from "../io/atomic.js";
import { checkFolder, checkOutputFile, makeFolders } from "../io/output-path.js";
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
  try {
    const mark = JSON.parse(readFileSync(join(dir, REPRO_MARK), "utf8")) as ReproMark;
    return mark?.zipflabRepro === 1 && Array.isArray(mark.files) ? mark : null;
  } catch {
    return null;
  }
}

function isFolder(path: string): boolean | null {
  try {
    return statSync(path).isDirectory();
  } catch {
    return null;
  }
}

/**
 * Checks, before any work, that `repro` may write <out>/<name>/ (and <out>/index.html): the
 * folders can be created, and an existing <name> folder is zipflab's (its mark), empty, or
 * `force` is given. Throws ConfigError("--out", …) naming the path.
 */
export function checkReproOutput(out: string, names: readonly string[], options: { force?: boolean; index?: boolean } = {}): void {
  if (out.trim() === "") throw new ConfigError("--out", "must name a folder (got an empty path)");
  checkFolder(out, "--out");
  for (const name of names) {
    const dir = join(out, name);
    checkFolder(dir, "--out", dir);
    if (isFolder(dir) && !readMark(dir) && !options.force && readdirSync(dir).length > 0) {
      throw new ConfigError("--out", `${dir} exists and was not made by zipflab repro (no ${REPRO_MARK} in it); ` +
        "move it away, choose another --out, or pass --force to write into it (nothing in it is deleted)");
    }
  }
  if (options.index) checkOutputFile(join(out, "index.html"), "--out", { force: options.force });
}

/**
 * Prepares <out>/<name>/ for this run: removes the files the previous run listed in its mark
 * (only plain names inside the folder), and marks the folder as zipflab's.
 */
export async function freshDir(out: string, name: string, force = false): Promise<string> {
  checkReproOutput(out, [name], { force });
  const dir = join(out, name);
  const mark = readMark(dir);
  for (const file of mark?.files ?? []) {
    if (file !== basename(file) || normalize(file) !== file || file === REPRO_MARK) continue; // never outside the folder
    await rm(join(dir, file), { force: true });
  }
  makeFolders(dir, "--out");
  await writeMark(dir, name, []);
  return dir;
}

async function writeMark(dir: string, name: string, files: readonly string[]): Promise<void> {
  const mark: ReproMark = { zipflabRepro: 1, name, files: [...new Set(files)] };
  await writeFileAtomic(join(dir, REPRO_MARK), `${JSON.stringify(mark, null, 2)}\n`);
}

/** Records the files this run wrote in <dir>, so that the next run removes exactly these. */
export async function markOwned(dir: string, name: string, files: readonly string[]): Promise<void> {
  await writeMark(resolve(dir), name, files);
}

/** Compact JSON (per-class curves make indented files several times larger); NaN/Inf as null. */
export async function writeJson(dir: string, file: string, data: unknown): Promise<string> {
  const text = JSON.stringify(data, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v));
  await writeFileAtomic(join(dir, file), `${text}\n`);
  return file;
}

export async function saveFigure(dir: string, name: string, caption: string, spec: TopLevelSpec): Promise<WrittenFigureInfo> {
  const written = await writeFigure(spec, join(dir, name));
  return { name, caption, svg: basename(written.svg), png: basename(written.png) };
}
