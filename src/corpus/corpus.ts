// A corpus at vocabulary size V: its token sequences mapped to ids, the bigram count matrix
// (previous → next token, CSR) and the statistics `zipflab corpus` prints. Browser-safe.
import { argInteger, argList, argNumbers, argObject, argString } from "../config/args.js";
import type { CountMatrix } from "../sparse/count-matrix.js";
import { bigramCounts } from "./counts.js";
import { brownTokens, checkTokenizerOptions, textTokens, type TextTokenizerOptions } from "./tokenize.js";
import { buildVocabulary, countTypes, UNKNOWN_WORD, type TypeCounts } from "./vocabulary.js";
import { ConfigError } from "../config/error.js";

export interface CorpusCounts {
  /** "brown", a file path, or the name a text was registered under. */
  name: string;
  /** Tokenizer and its options, e.g. "brown" or "text:punctuation=keep" (part of the cache key). */
  tokenizer: string;
  /** V: the V − 1 most frequent words plus the unknown class (id V − 1). */
  vocab: number;
  words: string[];
  /** Occurrences of each id in the token stream (the unknown class: all other words). */
  wordCounts: Float64Array;
  /** Occurrences of every distinct word, most frequent first: the rank–frequency curve. */
  typeCounts: Float64Array;
  tokens: number;
  types: number;
  /** Sequences (files concatenated count as one; JSONL: one per line). */
  sequences: number;
  /** Source files read (0 for a string). */
  files: number;
  /** Previous → next token counts; pairs never cross two sequences. */
  counts: CountMatrix;
  /** The token sequences as ids (kept when asked for: a corpus read from the cache has none). */
  ids?: Int32Array[];
}

export interface CorpusStats {
  name: string;
  tokenizer: string;
  files: number;
  sequences: number;
  tokens: number;
  types: number;
  vocab: number;
  /** Share of tokens in the unknown class. */
  unknownShare: number;
  /** Share of tokens covered by the V − 1 words. */
  coverage: number;
  pairs: number;
  /** Non-zeros of the V × V count matrix, and their share of V². */
  nonzeros: number;
  density: number;
  /** Zipf exponent s of frequency ∝ rank^(−s), least squares on log–log over ranks 1..V − 1. */
  zipfExponent: number;
  zipfIntercept: number;
  /** The unknown class's rank among the V classes by next-token frequency (1 = most frequent). */
  unknownRank: number;
}

/** Tokenizer description of the cache key and reports. */
export function tokenizerName(kind: "brown" | "text" | "ids", options: TextTokenizerOptions = {}): string {
  if (kind !== "brown" && kind !== "text" && kind !== "ids")
    throw new ConfigError("kind", `must be "brown", "text" or "ids" (got ${JSON.stringify(kind) ?? String(kind)})`);
  checkTokenizerOptions(options);
  return kind === "text" ? `text:punctuation=${options.punctuation ?? "keep"}` : kind;
}

/** Counts of token sequences (words) at vocabulary size V. */
export function corpusFromSequences(
  sequences: readonly (readonly string[])[],
  V: number,
  meta: { name: string; tokenizer: string; files?: number; keepSequences?: boolean },
  field = "vocab",
): CorpusCounts {
  checkMeta(meta);
  return corpusFromTypes(countTypes(sequences), V, meta, field);
}

function checkMeta(meta: unknown): void {
  const m = argObject<{ name: unknown; tokenizer: unknown; files?: unknown }>("meta", meta, "an object {name, tokenizer}");
  argString("meta.name", m.name);
  argString("meta.tokenizer", m.tokenizer);
  if (m.files !== undefined) argInteger("meta.files", m.files);
}

/** Counts of numbered token sequences (countTypes) at vocabulary size V; the numbered sequences are overwritten with ids. */
export function corpusFromTypes(
  types: TypeCounts,
  V: number,
  meta: { name: string; tokenizer: string; files?: number; keepSequences?: boolean },
  field = "vocab",
): CorpusCounts {
  const sequences = types.sequences;
  let tokens = 0;
  for (const s of sequences) tokens += s.length;
  if (tokens < 2)
    throw new ConfigError("corpus", `${meta.name} holds ${tokens} token${tokens === 1 ? "" : "s"}; a corpus needs at least 2 (one pair)`);
  const vocabulary = buildVocabulary(types, V, field);
  const wordCounts = new Float64Array(V);
  const ids = types.sequences.map((s) => {
    for (let t = 0; t < s.length; t++) wordCounts[(s[t] = vocabulary.idOfType[s[t]])]++;
    return s;
  });
  const counts = bigramCounts(V, ids);
  if (counts.rowStart[V] === 0) throw new ConfigError("corpus", `${meta.name} has no pair of consecutive tokens`);
  return {
    name: meta.name,
    tokenizer: meta.tokenizer,
    vocab: V,
    words: vocabulary.words,
    wordCounts,
    typeCounts: vocabulary.typeCounts,
    tokens,
    types: types.words.length,
    sequences: sequences.length,
    files: meta.files ?? 0,
    counts,
    ...(meta.keepSequences ? { ids } : {}),
  };
}

/** A user's text (a browser textarea, a string): tokenized by the text rule, counted at V. */
export function corpusFromText(
  text: string,
  V: number,
  options: TextTokenizerOptions & { name?: string; keepSequences?: boolean } = {},
): CorpusCounts {
  argString("text", text);
  checkTokenizerOptions(options);
  if (options.name !== undefined) argString("options.name", options.name);
  return corpusFromSequences([textTokens(text, options)], V, {
    name: options.name ?? "text",
    tokenizer: tokenizerName("text", options),
    keepSequences: options.keepSequences,
  });
}

/** Tagged Brown-format text (word/tag tokens), counted at V. */
export function corpusFromBrownText(text: string, V: number, name = "brown-format text"): CorpusCounts {
  argString("text", text);
  argString("name", name);
  return corpusFromSequences([brownTokens(text)], V, { name, tokenizer: "brown" });
}

/** The shape corpusStats reads: V ≥ 2, a CSR count matrix V × V, word and type counts. */
function checkCorpusCounts(value: unknown): void {
  const c = argObject<CorpusCounts>("c", value, "a corpus (corpusFromText, loadCorpus)");
  argInteger("c.vocab", c.vocab, 2, 0x7fffffff);
  const m = argObject<CorpusCounts["counts"]>("c.counts", c.counts, "a count matrix");
  if (
    !(m.rowStart instanceof Int32Array) ||
    m.rowStart.length !== c.vocab + 1 ||
    !(m.counts instanceof Float64Array) ||
    !(m.cols instanceof Int32Array)
  ) {
    throw new ConfigError(
      "c.counts",
      `must be a CSR count matrix of ${c.vocab} rows (rowStart Int32Array, cols Int32Array, counts Float64Array)`,
    );
  }
  if (!(c.wordCounts instanceof Float64Array) || c.wordCounts.length !== c.vocab)
    throw new ConfigError("c.wordCounts", `must be a Float64Array of ${c.vocab} counts`);
  if (!(c.typeCounts instanceof Float64Array) || c.typeCounts.length < c.vocab - 1)
    throw new ConfigError("c.typeCounts", `must be a Float64Array of at least ${c.vocab - 1} counts`);
  argInteger("c.tokens", c.tokens, 1);
}

/** Least squares of ln f = a − s ln r over ranks 1..n. */
export function fitZipf(typeCounts: ArrayLike<number>, n: number): { exponent: number; intercept: number } {
  argList("typeCounts", typeCounts, 2);
  argInteger("n", n, 2, typeCounts.length);
  argNumbers("typeCounts", Array.prototype.slice.call(typeCounts, 0, n), { min: 0, open: true });
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  for (let r = 1; r <= n; r++) {
    const x = Math.log(r),
      y = Math.log(typeCounts[r - 1]);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { exponent: -slope, intercept: (sy - slope * sx) / n };
}

export function corpusStats(c: CorpusCounts): CorpusStats {
  checkCorpusCounts(c);
  const V = c.vocab;
  const unknown = c.wordCounts[V - 1];
  const nonzeros = c.counts.rowStart[V];
  let pairs = 0;
  for (let e = 0; e < nonzeros; e++) pairs += c.counts.counts[e];
  const zipf = fitZipf(c.typeCounts, Math.max(2, V - 1));
  let unknownRank = 1;
  for (let k = 0; k < V - 1; k++) if (c.wordCounts[k] > unknown) unknownRank++;
  return {
    name: c.name,
    tokenizer: c.tokenizer,
    files: c.files,
    sequences: c.sequences,
    tokens: c.tokens,
    types: c.types,
    vocab: V,
    unknownShare: unknown / c.tokens,
    coverage: 1 - unknown / c.tokens,
    pairs,
    nonzeros,
    density: nonzeros / (V * V),
    zipfExponent: zipf.exponent,
    zipfIntercept: zipf.intercept,
    unknownRank,
  };
}

export { UNKNOWN_WORD };
