// Which existing files zipflab may replace without --force: the ones it wrote itself, recognized
// by their first bytes (never the whole file: results can be hundreds of MB). Each writer's
// output starts in a way a user's own file practically never does:
//   .json   a result object whose first key is "experiment" (tokens, run, scaling, repro results)
//   .jsonl  a sweep results file, whose header line starts {"zipflabSweep":
//   .svg    a Vega-rendered figure (root <svg … class="marks">)
//   .png    a PNG with the text chunk Software=zipflab (added by markPng below)
//   .csv    one of zipflab's CSV headers (sweep report, per-cell report, scaling points)
//   .html   a page with <meta name="generator" content="zipflab">
import { closeSync, openSync, readSync } from "node:fs";
import { extname } from "node:path";

const HEAD_BYTES = 4096;

function head(path: string): Buffer | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, "r");
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
  return firstLine === SCALING_CSV || firstLine === GROUPS_CSV_TAIL || firstLine.endsWith(`,${GROUPS_CSV_TAIL}`)
    || (firstLine.startsWith("index,") && firstLine.includes(",score,diverged"));
}

export const PNG_SOFTWARE_TEXT = "Software\0zipflab";

/** True if the file at `path` is zipflab output (by its extension and first bytes). */
export function isZipflabOutput(path: string): boolean {
  const bytes = head(path);
  if (!bytes) return false;
  if (bytes.length === 0) return true; // an empty file holds nothing to lose
  const ext = extname(path).toLowerCase();
  if (ext === ".png") return bytes.includes(PNG_SOFTWARE_TEXT, 0, "latin1");
  const text = bytes.toString("utf8");
  switch (ext) {
    case ".json": return /^\{\s*"experiment"\s*:/.test(text);
    case ".jsonl": return text.startsWith('{"zipflabSweep":');
    case ".svg": return /^<svg\b[^>]*\bclass="marks"/.test(text);
    case ".csv": return zipflabCsv(text.split(/\r?\n/, 1)[0]);
    case ".html": return text.includes('<meta name="generator" content="zipflab">');
    default: return false;
  }
}

/** A sweep results file (any name): its header line. */
export function isSweepResults(path: string): boolean {
  const bytes = head(path);
  return bytes !== null && (bytes.length === 0 || bytes.toString("utf8").startsWith('{"zipflabSweep":'));
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
