// The corpus cache file: one binary file per (source content, tokenizer, V), written whole
// or not at all (temporary file + rename), and checked on load (magic, sizes, sha256 of the
// body) so a file cut short by a kill, or damaged, is rebuilt instead of trusted.
//   "ZLCORP01" | u32 header length | header JSON (utf-8) | pad to 8 |
//   rowStart i32[V+1] | cols i32[nnz] | counts f64[nnz] | wordCounts f64[V] | typeCounts f64[types] |
//   sha256 of everything before (32 bytes)
import { createHash } from "node:crypto";
import type { CorpusCounts } from "../corpus.js";

const MAGIC = "ZLCORP01";

interface Header {
  name: string;
  tokenizer: string;
  vocab: number;
  words: string[];
  tokens: number;
  types: number;
  sequences: number;
  files: number;
  nnz: number;
  key: string;
}

export function encodeCorpus(c: CorpusCounts, key: string): Uint8Array {
  const V = c.vocab;
  const nnz = c.counts.rowStart[V];
  const header: Header = {
    name: c.name,
    tokenizer: c.tokenizer,
    vocab: V,
    words: c.words,
    tokens: c.tokens,
    types: c.types,
    sequences: c.sequences,
    files: c.files,
    nnz,
    key,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headEnd = Math.ceil((12 + json.length) / 8) * 8;
  const arrays: ArrayBufferView[] = [c.counts.rowStart, c.counts.cols, c.counts.counts, c.wordCounts, c.typeCounts];
  // f64 arrays start 8-aligned: pad the i32 block (V + 1 + nnz entries) to a multiple of 2.
  const intBytes = 4 * (V + 1 + nnz);
  const intPadded = Math.ceil(intBytes / 8) * 8;
  const body = headEnd + intPadded + 8 * (nnz + V + c.typeCounts.length);
  const out = new Uint8Array(body + 32);
  new TextEncoder().encodeInto(MAGIC, out);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  let at = headEnd;
  arrays.forEach((a, j) => {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
    if (j === 1) at = headEnd + intPadded;
  });
  out.set(createHash("sha256").update(out.subarray(0, body)).digest(), body);
  return out;
}

/** The corpus in a cache file, or null if the file is not a whole, intact cache file for `key`. */
export function decodeCorpus(bytes: Uint8Array, key: string): CorpusCounts | null {
  if (bytes.length < 44 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return null;
  const body = bytes.length - 32;
  const digest = createHash("sha256").update(bytes.subarray(0, body)).digest();
  if (!digest.equals(bytes.subarray(body))) return null;
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength))) as Header;
  } catch {
    return null;
  }
  if (header.key !== key) return null;
  const V = header.vocab,
    nnz = header.nnz;
  const headEnd = Math.ceil((12 + jsonLength) / 8) * 8;
  const intPadded = Math.ceil((4 * (V + 1 + nnz)) / 8) * 8;
  const typesBytes = body - headEnd - intPadded - 8 * (nnz + V);
  if (typesBytes < 0 || typesBytes % 8 !== 0) return null;
  // Copies: the file buffer's offsets need not be aligned for typed-array views.
  // (Uint8Array's slice copies; a Node Buffer's slice would be a view into a shared pool.)
  const slice = (from: number, bytesLength: number) => Uint8Array.prototype.slice.call(bytes, from, from + bytesLength).buffer;
  let at = headEnd;
  const rowStart = new Int32Array(slice(at, 4 * (V + 1)));
  at += 4 * (V + 1);
  const cols = new Int32Array(slice(at, 4 * nnz));
  at = headEnd + intPadded;
  const counts = new Float64Array(slice(at, 8 * nnz));
  at += 8 * nnz;
  const wordCounts = new Float64Array(slice(at, 8 * V));
  at += 8 * V;
  const typeCounts = new Float64Array(slice(at, typesBytes));
  return {
    name: header.name,
    tokenizer: header.tokenizer,
    vocab: V,
    words: header.words,
    wordCounts,
    typeCounts,
    tokens: header.tokens,
    types: header.types,
    sequences: header.sequences,
    files: header.files,
    counts: { d: V, rowStart, cols, counts },
  };
}
