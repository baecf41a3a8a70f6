// Writing a file whole or not at all: a temporary file beside the target, flushed to disk,
// then a rename, so an interrupted run never leaves a truncated JSON, SVG or PNG. The rename
// is atomic, so a kill at any point (SIGKILL included) leaves the old file or the new one; the
// flush before it makes the same hold after an OS crash or power cut, where the renamed file
// could otherwise be empty (its data not yet on disk). A kill leaves at most the temporary
// file behind; its random suffix keeps two writers (two processes with the same pid on two
// Slurm nodes sharing a filesystem) from writing into one temporary file. Folders on the way
// are made one level at a time (output-path.ts: never Node's recursive mkdir, which spins
// under /proc).
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { closeSync, fdatasyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
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
  const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    makeFolders(dirname(target), "output", path);
    const file = await open(tmp, "w");
    try {
      await file.writeFile(data);
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    if (err.code) throw new OutputError(path, err.code, `${err.code}${err.code === "EISDIR" ? " (it is a folder)" : ""}`);
    throw e;
  }
}

/** writeFileAtomic for synchronous callers (the corpus cache is filled inside problem construction). */
export function writeFileAtomicSync(path: string, data: Uint8Array): void {
  const target = resolve(path);
  const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    makeFolders(dirname(target), "cache", path);
    const fd = openSync(tmp, "w");
    try {
      for (let at = 0; at < data.length;) at += writeSync(fd, data, at);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
