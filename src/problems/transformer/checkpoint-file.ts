// Checkpoint files in Node (zipflab/node and the command line): importing this module lets
// `init: FILE` read a file; a file that starts with the checkpoint's magic is one zipflab may
// replace (--save) without --force.
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { setCheckpointReader } from "./checkpoint.js";

setCheckpointReader((path) => {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? `no such checkpoint file ${path} (write one with --save)`
      : code === "EISDIR" ? `${path} is a folder, not a checkpoint file` : `cannot read ${path} (${code})`, { cause: e });
  }
});

/** True if the file at `path` begins like a checkpoint zipflab wrote. */
export function isCheckpointFile(path: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, "r");
    const head = Buffer.alloc(8);
    return readSync(fd, head, 0, 8, 0) === 8 && head.toString("latin1") === "ZLGPT001";
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
