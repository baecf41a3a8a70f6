// Writing a file whole or not at all: a temporary file beside the target, flushed to disk,
// then a rename, so an interrupted run never leaves a truncated JSON, SVG or PNG. The rename
// is atomic, so a kill at any point (SIGKILL included) leaves the old file or the new one; the
// flush before it makes the same hold after an OS crash or power cut, where the renamed file
// could otherwise be empty (its data not yet on disk). A kill leaves at most the temporary
// file behind; its random suffix keeps two writers (two processes with the same pid on two
// Slurm nodes sharing a filesystem) from writing into one temporary file.
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, resolve } from "node:path";

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
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
    throw e;
  }
}
