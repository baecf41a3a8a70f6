// The Brown corpus packed into one file for browsers (written by web/build.mjs as
// corpus/brown.bin.gz next to the element): "ZLBROWN1", u32 file count, each file's u32
// length, then the files' bytes, in name order as the Node loader reads them. Unpacked, the
// files tokenize (brown-bytes.ts) to exactly what `--corpus brown` gives on the command line.
import { ConfigError } from "../config/error.js";

const MAGIC = "ZLBROWN1";

/** The files of a packed Brown corpus (views into `bytes`). */
export function unpackBrown(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || new TextDecoder("latin1").decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new ConfigError("corpus", "the packed Brown corpus is damaged (no ZLBROWN1 header)");
  }
  const count = view.getUint32(8, true);
  let at = 12 + 4 * count;
  const files: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const length = view.getUint32(12 + 4 * i, true);
    if (at + length > bytes.length) throw new ConfigError("corpus", "the packed Brown corpus is cut short");
    files.push(bytes.subarray(at, at + length));
    at += length;
  }
  return files;
}
