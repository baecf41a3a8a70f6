// Which existing files zipflab may replace without --force: the ones it wrote itself, of the
// same kind as the output about to replace them, recognized by their first bytes (never the
// whole file: results can be hundreds of MB). Each kind starts in a way a user's own file
// practically never does:
//   result   JSON whose first key is "experiment" (tokens, run, scaling, corpus, repro results)
//   sweep    a sweep results file, whose header line starts {"zipflabSweep":
//   csv      one of zipflab's CSV headers (sweep report, per-cell report, scaling points)
//   svg      a Vega-rendered figure (root <svg … class="marks">)
//   png      a PNG with the text chunk Software=zipflab (added by markPng below)
//   html     a page with <meta name="generator" content="zipflab">
//   cache    a corpus count cache ("ZLCORP01", src/corpus/node/cache-file.ts)
//   checkpoint  a transformer's parameters ("ZLGPT001", src/problems/transformer/checkpoint.ts)
// By kind: a sweep results file is not a JSON result, a result is not a cache; each output
// replaces only its own kind. Files are opened only after a stat says they are regular: a
// read of a device gives 0 bytes (/dev/null) or never ends, a FIFO blocks.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** What an output file holds; zipflab replaces a file only with one of the same kind. */
export type OwnedKind = "result" | "sweep" | "csv" | "svg" | "png" | "html" | "cache" | "checkpoint" | "repro-mark";

const HEAD_BYTES = 4096;

/** The first bytes of a regular file; null for anything else (never opens a device or FIFO for long). */
function head(path: string): Buffer | null {
  let fd: number | null = null;
  try {
    // O_NONBLOCK: opening a FIFO for reading does not wait for a writer; fstat then refuses it.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return null;
    const buffer = Buffer.alloc(HEAD_BYTES);
    return buffer.subarray(0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

const GROUPS_CSV_TAIL = "lr,worstLoss,meanLoss,seeds,divergedSeeds,lrMin,lrMax,lrCount,edge";
const SCALING_CSV = "optimizer,lrRule,parity,alpha,d,eps,steps,lr,edge,method";

function zipflabCsv(firstLine: string): boolean {
  return (
    firstLine === SCALING_CSV ||
    firstLine === GROUPS_CSV_TAIL ||
    firstLine.endsWith(`,${GROUPS_CSV_TAIL}`) ||
    (firstLine.startsWith("index,") && firstLine.includes(",score,diverged"))
  );
}

export const PNG_SOFTWARE_TEXT = "Software\0zipflab";

const PNG_SIGNATURE = "\x89PNG\r\n\x1a\n";

function holdsKind(kind: OwnedKind, bytes: Buffer): boolean {
  const text = bytes.toString(kind === "png" || kind === "cache" || kind === "checkpoint" ? "latin1" : "utf8");
  switch (kind) {
    case "result":
      return /^\{\s*"experiment"\s*:/.test(text);
    case "sweep":
      return text.startsWith('{"zipflabSweep":');
    case "csv":
      return zipflabCsv(text.split(/\r?\n/, 1)[0]);
    case "svg":
      return /^<svg\b[^>]*\bclass="marks"/.test(text);
    case "png":
      return text.startsWith(PNG_SIGNATURE) && bytes.includes(PNG_SOFTWARE_TEXT, 0, "latin1");
    case "html":
      return text.includes('<meta name="generator" content="zipflab">');
    case "cache":
      return text.startsWith("ZLCORP01");
    case "checkpoint":
      return text.startsWith("ZLGPT001");
    case "repro-mark":
      return /^\{\s*"zipflabRepro"\s*:/.test(text);
  }
}

/**
 * True if the regular file at `path` is zipflab's output of this kind (by its first bytes), or
 * empty (nothing to lose). False for anything that is not a regular file: a device reads as
 * empty (/dev/null) but is never "nothing to lose".
 */
export function isOwnedAs(kind: OwnedKind, path: string): boolean {
  const bytes = head(path);
  if (!bytes) return false;
  return bytes.length === 0 || holdsKind(kind, bytes);
}

/** CRC-32 (IEEE), as PNG chunks use it. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The PNG with a tEXt chunk Software=zipflab right after IHDR (8-byte signature + 25-byte IHDR). */
export function markPng(png: Uint8Array): Uint8Array {
  const data = Buffer.from(PNG_SOFTWARE_TEXT, "latin1");
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write("tEXt", 4, "latin1");
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  const at = 8 + 25;
  return Buffer.concat([png.subarray(0, at), chunk, png.subarray(at)]);
}
