// Checkpoint files in Node (zipflab/node and the command line): importing this module lets
// `init: FILE` read a file (--save writes through the command's output plan, kind "checkpoint").
import { readFileSync } from "node:fs";
import { setCheckpointReader } from "./checkpoint.js";

setCheckpointReader((path) => {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      code === "ENOENT"
        ? `no such checkpoint file ${path} (write one with --save)`
        : code === "EISDIR"
          ? `${path} is a folder, not a checkpoint file`
          : `cannot read ${path} (${code})`,
      { cause: e },
    );
  }
});
