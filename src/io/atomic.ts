// Writing a file whole or not at all: a temporary file beside the target, then a rename, so
// an interrupted run never leaves a truncated JSON, SVG or PNG. Folders on the way are made
// one level at a time (output-path.ts: never Node's recursive mkdir, which spins under /proc).
import { rename, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { makeFolders } from "./output-path.js";

/** A file-system failure on the user's path (never the temporary file's name). */
export class OutputError extends Error {
  constructor(readonly path: string, readonly code: string | undefined, detail: string) {
    super(`cannot write ${path}: ${detail}`);
    this.name = "OutputError";
  }
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = resolve(path);
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    makeFolders(dirname(target), "output", path);
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    if (err.code) throw new OutputError(path, err.code, `${err.code}${err.code === "EISDIR" ? " (it is a folder)" : ""}`);
    throw e;
  }
}
