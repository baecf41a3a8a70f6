// Where problems find a corpus by name (browser-safe): texts registered in memory (a
// browser's user text), else the loader Node installs (zipflab/node, the CLI: brown, files,
// cache). A browser without a registered name gets a ConfigError naming the corpus.
import { argFunction, argObject, argString } from "../config/args.js";
import { checkTokenizerOptions } from "./tokenize.js";
import { corpusFromText, corpusFromTypes, type CorpusCounts } from "./corpus.js";
import type { TypeCounts } from "./vocabulary.js";
import type { Punctuation, TextTokenizerOptions } from "./tokenize.js";
import { ConfigError } from "../config/error.js";

export interface CorpusRequest {
  vocab: number;
  punctuation?: Punctuation;
  /** Keep the token sequences as ids (CorpusCounts.ids): a model on the token stream needs them. */
  sequences?: boolean;
}
export type CorpusLoader = (corpus: string, options: CorpusRequest) => CorpusCounts;

let loader: CorpusLoader | null = null;
const texts = new Map<string, { text: string; options: TextTokenizerOptions }>();
const memo = new Map<string, CorpusCounts>();

/** Installs the file/cache loader (done by importing zipflab/node). */
export function setCorpusLoader(l: CorpusLoader): void {
  argFunction("l", l);
  loader = l;
}

/** Makes a text available to problems as `corpus: name` (e.g. a user's text in a browser). */
export function registerCorpusText(name: string, text: string, options: TextTokenizerOptions = {}): void {
  argString("name", name, true);
  argString("text", text);
  checkTokenizerOptions(options);
  texts.set(name, { text, options });
  for (const key of [...memo.keys()]) if (key.startsWith(`${name}\0`)) memo.delete(key);
}

const typed = new Map<string, { types: TypeCounts; tokenizer: string; files: number }>();

/**
 * Makes a tokenized corpus available as `corpus: name` (a browser's Brown corpus: the same
 * distinct words, numbered in order of first occurrence, as the Node loader builds).
 */
export function registerCorpusTypes(name: string, types: TypeCounts, meta: { tokenizer: string; files: number }): void {
  typed.set(name, { types, ...meta });
  for (const key of [...memo.keys()]) if (key.startsWith(`${name}\0`)) memo.delete(key);
}

/** Whether a corpus name is registered in memory (a text or a tokenized corpus). */
export function isRegisteredCorpus(name: string): boolean {
  return texts.has(name) || typed.has(name);
}

/** The counts of a named corpus at V. */
export function corpusCounts(corpus: string, options: CorpusRequest): CorpusCounts {
  argString("corpus", corpus, true);
  argObject("options", options, "an object {vocab, punctuation}");
  const types = typed.get(corpus);
  if (types) {
    const key = `${corpus}\0${options.vocab}\0types`;
    let c = memo.get(key);
    if (!c) {
      // corpusFromTypes turns the sequences into ids in place: it gets copies
      const copy = { ...types.types, sequences: types.types.sequences.map((s) => s.slice()) };
      memo.set(
        key,
        (c = corpusFromTypes(copy, options.vocab, { name: corpus, tokenizer: types.tokenizer, files: types.files, keepSequences: true })),
      );
    }
    return c;
  }
  const own = texts.get(corpus);
  if (own) {
    const key = `${corpus}\0${options.vocab}\0${options.punctuation ?? own.options.punctuation ?? "keep"}`;
    let c = memo.get(key);
    if (!c) memo.set(key, (c = corpusFromText(own.text, options.vocab, { ...own.options, ...options, name: corpus, keepSequences: true })));
    return c;
  }
  if (!loader)
    throw new ConfigError(
      "corpus",
      `unknown corpus ${JSON.stringify(corpus)}: register a text with registerCorpusText, or import zipflab/node for "brown" and files`,
    );
  return loader(corpus, options);
}

const streams = new Map<string, CorpusCounts & { ids: Int32Array[] }>();

/**
 * The corpus at V with its token sequences as ids, remembered for this process (a sweep or
 * a tuning grid builds many problems on one corpus; each file is read and tokenized once).
 */
export function corpusTokenStream(corpus: string, options: CorpusRequest): CorpusCounts & { ids: Int32Array[] } {
  const key = `${corpus}\0${options.vocab}\0${options.punctuation ?? ""}`;
  let c = isRegisteredCorpus(corpus) ? undefined : streams.get(key);
  if (!c) {
    const got = corpusCounts(corpus, { ...options, sequences: true });
    if (!got.ids) throw new Error(`corpus ${corpus}: the loader returned no token sequences`);
    c = got as CorpusCounts & { ids: Int32Array[] };
    if (!isRegisteredCorpus(corpus)) streams.set(key, c);
  }
  return c;
}
