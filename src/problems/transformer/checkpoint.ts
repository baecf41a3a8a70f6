// Checkpoints of the transformer: every parameter of a model and what it was trained on, so
// that `--init FILE` starts from (or, with --train last, freezes the body of) a model written
// by `--save FILE`. Browser-safe: bytes in, bytes out; files are read through the reader that
// zipflab/node installs (node/checkpoint-file.ts), or registered in memory.
//   "ZLGPT001" | u32 header length | header JSON (utf-8) | pad to 4 | f32 parameters | 16 hex digits: fnv64 of all before
import { ConfigError } from "../../config/error.js";
import { fnv64 } from "./hash.js";
import { argInteger, argObject, argString } from "../../config/args.js";
import { modelParams, type Dims } from "./layout.js";

const MAGIC = "ZLGPT001";

export interface CheckpointHeader {
  dims: Dims;
  /** The corpus and vocabulary the model was trained on (a checkpoint only fits the same ids). */
  corpus: string;
  vocabHash: string;
  /** What wrote it (optimizer, steps, seed), for the reader. */
  note: string;
}

export interface Checkpoint {
  header: CheckpointHeader;
  params: Float32Array;
}

/** A short hash of the vocabulary's words in id order. */
export function vocabularyHash(words: readonly string[]): string {
  return fnv64(new TextEncoder().encode(words.join("\n")));
}

export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  argObject("checkpoint", c, "an object {header, params}");
  const h = argObject<CheckpointHeader>("checkpoint.header", c.header, "an object {dims, corpus, vocabHash, note}");
  const d = argObject<Dims>("checkpoint.header.dims", h.dims, "an object {V, T, D, L, H}");
  for (const k of ["V", "T", "D", "L", "H"] as const) argInteger(`checkpoint.header.dims.${k}`, d[k], k === "L" ? 0 : 1, 1 << 20);
  for (const k of ["corpus", "vocabHash", "note"] as const) argString(`checkpoint.header.${k}`, h[k]);
  if (!(c.params instanceof Float32Array) || c.params.length !== modelParams(d)) {
    throw new ConfigError("checkpoint.params", `must be a Float32Array of the model's ${modelParams(d)} parameters`);
  }
  const json = new TextEncoder().encode(JSON.stringify(c.header));
  const head = Math.ceil((12 + json.length) / 4) * 4;
  const body = head + 4 * c.params.length;
  const out = new Uint8Array(body + 16);
  new TextEncoder().encodeInto(MAGIC, out);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(new Uint8Array(c.params.buffer, c.params.byteOffset, c.params.byteLength), head);
  new TextEncoder().encodeInto(fnv64(out.subarray(0, body)), out.subarray(body));
  return out;
}

/** The checkpoint in `bytes`; a ConfigError on `field` if they are not a whole, intact checkpoint. */
export function decodeCheckpoint(bytes: Uint8Array, field = "init", name = "the checkpoint"): Checkpoint {
  if (!(bytes instanceof Uint8Array)) throw new ConfigError(field, `${name} must be the bytes of a checkpoint (a Uint8Array)`);
  const bad = (why: string) => new ConfigError(field, `${name} is not a zipflab transformer checkpoint (${why}); write one with --save`);
  if (bytes.length < 28 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw bad("no ZLGPT001 header");
  const body = bytes.length - 16;
  if (new TextDecoder().decode(bytes.subarray(body)) !== fnv64(bytes.subarray(0, body)))
    throw bad("its checksum does not match: cut short or damaged");
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  let header: CheckpointHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as CheckpointHeader;
  } catch {
    throw bad("its header is not JSON");
  }
  const head = Math.ceil((12 + length) / 4) * 4;
  const n = (body - head) / 4;
  if (!header.dims || !Number.isInteger(n) || n !== modelParams(header.dims)) throw bad("its size does not match its dimensions");
  const params = new Float32Array(Uint8Array.prototype.slice.call(bytes, head, body).buffer);
  return { header, params };
}

/** Refuses a checkpoint whose model or vocabulary differ from the run's, naming what differs. */
export function checkFits(c: CheckpointHeader, dims: Dims, vocabHash: string, field: string, name: string): void {
  const names: Record<keyof Dims, string> = { V: "vocab", T: "context", D: "width", L: "layers", H: "heads" };
  for (const k of Object.keys(names) as (keyof Dims)[]) {
    if (c.dims[k] !== dims[k]) {
      throw new ConfigError(
        field,
        `${name} holds a model with ${names[k]} ${c.dims[k]}, the run asks for ${dims[k]}: set --${names[k]} ${c.dims[k]}`,
      );
    }
  }
  if (c.vocabHash !== vocabHash) {
    throw new ConfigError(
      field,
      `${name} was trained on another vocabulary (corpus ${c.corpus}); use the same --corpus, --vocab and --punctuation`,
    );
  }
}

/** Reads a checkpoint file's bytes; throws an Error whose message says why it cannot. */
type Reader = (path: string) => Uint8Array;
let reader: Reader | null = null;
const registered = new Map<string, Uint8Array>();

/** Installs the file reader (done by importing zipflab/node). */
export function setCheckpointReader(r: Reader): void {
  reader = r;
}

/** Makes checkpoint bytes available as `init: name` (e.g. in a browser). */
export function registerCheckpoint(name: string, bytes: Uint8Array): void {
  argString("name", name, true);
  if (!(bytes instanceof Uint8Array)) throw new ConfigError("bytes", "must be the bytes of a checkpoint (a Uint8Array)");
  registered.set(name, bytes);
}

/** The checkpoint named by `init`: registered bytes, or a file. */
export function readCheckpoint(name: string, field = "init"): Checkpoint {
  const own = registered.get(name);
  if (own) return decodeCheckpoint(own, field, name);
  if (!reader)
    throw new ConfigError(
      field,
      `no checkpoint ${JSON.stringify(name)}: register its bytes with registerCheckpoint, or import zipflab/node to read files`,
    );
  let bytes: Uint8Array;
  try {
    bytes = reader(name);
  } catch (e) {
    throw new ConfigError(field, (e as Error).message);
  }
  return decodeCheckpoint(bytes, field, name);
}
