// Reading a JSONL file line by line in bounded memory (results files can outgrow a single
// string), reporting where the last complete line ends so that a torn tail can be cut off.
import { open } from "node:fs/promises";

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

/** Calls `onLine` for every newline-terminated line; the unterminated tail is not a line. */
export async function scanLines(path: string, onLine: (line: Line) => void): Promise<LineScan> {
  const file = await open(path, "r");
  try {
    let pending = Buffer.alloc(0);
    let completeBytes = 0;
    let number = 0;
    const chunk = Buffer.alloc(CHUNK);
    for (;;) {
      const { bytesRead } = await file.read(chunk, 0, CHUNK, null);
      if (bytesRead === 0) break;
      pending = Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
      let start = 0;
      for (let nl = pending.indexOf(10, start); nl !== -1; nl = pending.indexOf(10, start)) {
        onLine({ number: ++number, text: pending.toString("utf8", start, nl) });
        completeBytes += nl + 1 - start;
        start = nl + 1;
      }
      pending = pending.subarray(start);
    }
    return { completeBytes, tornBytes: pending.length };
  } finally {
    await file.close();
  }
}
