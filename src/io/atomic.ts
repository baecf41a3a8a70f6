// Writing a file whole or not at all: a temporary file beside the target, flushed to disk,
// then a rename, so an interrupted run never leaves a truncated JSON, SVG or PNG. The rename
// is atomic, so a kill at any point (SIGKILL included) leaves the old file or the new one; the
// flush before it makes the same hold after an OS crash or power cut, where the renamed file
// could otherwise be empty (its data not yet on disk). A kill leaves at most the temporary
// file behind; its random suffix and O_EXCL keep two writers (two processes with the same pid
// on two Slurm nodes sharing a filesystem) from writing into one temporary file, and the
// temporary file from ever landing on an existing one. Folders on the way are made one level
// at a time (output-path.ts: never Node's recursive mkdir, which spins under /proc).
//
// The last line of defence for every output (src/io/outputs.ts checks first, by kind and
// ownership): a rename replaces whatever sits at the target, so the target must be a regular
// file or nothing. A device node, a FIFO, a socket or a folder is refused here, whoever calls;
// a symbolic link to a regular file is written through (the link stays, its file is replaced).
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { closeSync, fdatasyncSync, openSync, realpathSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { makeFolders } from "./output-path.js";
import { fileTypeName, lstatOrNull, statOrNull } from "./file-type.js";
import { OutputError } from "./output-error.js";

/**
 * The file a write to `path` replaces: `path` itself (absent or a regular file), or the regular
 * file a symbolic link at `path` points to. Anything else throws OutputError.
 */
export function writeTarget(path: string): string {
  const target = resolve(path);
  const here = lstatOrNull(target);
  if (!here) return target;
  if (here.isSymbolicLink()) {
    const pointed = statOrNull(target);
    if (!pointed) throw new OutputError(path, "ENOENT", "it is a symbolic link to nothing; remove it or name another file");
    if (!pointed.isFile())
      throw new OutputError(path, undefined, `it is a symbolic link to ${fileTypeName(pointed)}; zipflab replaces only regular files`);
    return realpathSync(target);
  }
  if (!here.isFile())
    throw new OutputError(path, undefined, `it is ${fileTypeName(here)}, not a regular file; zipflab replaces only regular files`);
  return target;
}

function temporaryBeside(target: string): string {
  return `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
}

function asOutputError(path: string, e: unknown): unknown {
  if (e instanceof OutputError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (typeof code === "string")
    return new OutputError(
      path,
      code,
      `${code}${code === "EISDIR" ? " (it is a folder)" : code === "ENOSPC" ? " (no space left on the device)" : ""}`,
    );
  return e;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  let tmp: string | null = null;
  try {
    const target = writeTarget(path);
    makeFolders(dirname(target), "output", path);
    tmp = temporaryBeside(target);
    const file = await open(tmp, "wx");
    try {
      await file.writeFile(data);
      await file.datasync();
    } finally {
      await file.close();
    }
    // Checked again just before the rename: something may have appeared there meanwhile.
    if (writeTarget(path) !== target) throw new OutputError(path, undefined, "it changed while zipflab was writing it");
    await rename(tmp, target);
    tmp = null;
  } catch (e) {
    if (tmp !== null) await rm(tmp, { force: true });
    throw asOutputError(path, e);
  }
}

/** writeFileAtomic for synchronous callers (the corpus cache is filled inside problem construction). */
export function writeFileAtomicSync(path: string, data: Uint8Array): void {
  let tmp: string | null = null;
  try {
    const target = writeTarget(path);
    makeFolders(dirname(target), "cache", path);
    tmp = temporaryBeside(target);
    const fd = openSync(tmp, "wx");
    try {
      for (let at = 0; at < data.length; ) at += writeSync(fd, data, at);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (writeTarget(path) !== target) throw new OutputError(path, undefined, "it changed while zipflab was writing it");
    renameSync(tmp, target);
    tmp = null;
  } catch (e) {
    if (tmp !== null) rmSync(tmp, { force: true });
    throw asOutputError(path, e);
  }
}
