// Reading a JSONL file line by line in bounded memory (results files can outgrow a single
// string), reporting where the last complete line ends so that a torn tail can be cut off.
// Linear time in the file's size whatever its line lengths: the unfinished line's pieces are
// kept as a list and joined once, when its newline arrives (joining them at every chunk
// copies a long line again per chunk: quadratic, a minute for one 200 MB line).
// The path goes through the input rules (src/io/inputs.ts): a regular file or a pipe (`-`,
// `<(…)`), read once from start to end; never a FIFO or device.
import { closeSync, read } from "node:fs";
import { promisify } from "node:util";
import { MAX_INPUT_BYTES, openInput } from "../io/inputs.js";
import { ConfigError } from "../config/error.js";

export interface Line {
  /** 1-based line number. */
  number: number;
  text: string;
}

export interface LineScan {
  /** Byte length of the complete, newline-terminated lines. */
  completeBytes: number;
  /** Bytes after the last newline: a line torn by a crash mid-write (0 if none). */
  tornBytes: number;
}

const CHUNK = 1 << 20;
const readAsync = promisify(read);

/**
 * Calls `onLine` for every newline-terminated line of a file (or of bytes already read); the
 * unterminated tail is not a line.
 */
export async function scanLines(
  source: string | Uint8Array,
  onLine: (line: Line) => void,
  option = typeof source === "string" ? source : "input",
): Promise<LineScan> {
  const name = typeof source === "string" ? source : option;
  /** Pieces of the line begun but not yet ended, and their total length. */
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let completeBytes = 0;
  let number = 0;
  const feed = (data: Buffer, owned: boolean) => {
    let start = 0;
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      const text =
        pendingBytes === 0
          ? data.toString("utf8", start, nl)
          : Buffer.concat([...pending, data.subarray(start, nl)], pendingBytes + nl - start).toString("utf8");
      onLine({ number: ++number, text });
      completeBytes += pendingBytes + nl + 1 - start;
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
    }
    if (start < data.length) {
      // Copied out when short, so a file of short lines does not keep a 1 MiB chunk alive per
      // few bytes of tail; a long tail stays a view (each chunk is a fresh buffer).
      const tail = data.subarray(start);
      pending.push(owned && tail.length >= CHUNK >> 4 ? tail : Buffer.from(tail));
      pendingBytes += tail.length;
      if (pendingBytes > MAX_INPUT_BYTES) {
        throw new ConfigError(
          option,
          `${name} line ${number + 1} is longer than ${MAX_INPUT_BYTES >> 20} MiB; a line of JSON that long cannot be read`,
        );
      }
    }
  };
  if (typeof source !== "string") {
    feed(Buffer.from(source.buffer, source.byteOffset, source.byteLength), false);
    return { completeBytes, tornBytes: pendingBytes };
  }
  const { fd } = openInput(source, option);
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await readAsync(fd, chunk, 0, CHUNK, null);
      if (bytesRead === 0) break;
      feed(chunk.subarray(0, bytesRead), true);
    }
    return { completeBytes, tornBytes: pendingBytes };
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}
