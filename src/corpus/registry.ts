// Where problems find a corpus by name (browser-safe): texts registered in memory (a
// browser's user text), else the loader Node installs (zipflab/node, the CLI: brown, files,
// cache). A browser without a registered name gets a ConfigError naming the corpus.
import { argFunction, argObject, argString } from "../config/args.js";
import { checkTokenizerOptions } from "./tokenize.js";
import { corpusFromText, type CorpusCounts } from "./corpus.js";
import type { Punctuation, TextTokenizerOptions } from "./tokenize.js";
import { ConfigError } from "../config/error.js";

export interface CorpusRequest { vocab: number; punctuation?: Punctuation }
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

/** The counts of a named corpus at V. */
export function corpusCounts(corpus: string, options: CorpusRequest): CorpusCounts {
  argString("corpus", corpus, true);
  argObject("options", options, "an object {vocab, punctuation}");
  const own = texts.get(corpus);
  if (own) {
    const key = `${corpus}\0${options.vocab}\0${options.punctuation ?? own.options.punctuation ?? "keep"}`;
    let c = memo.get(key);
    if (!c) memo.set(key, c = corpusFromText(own.text, options.vocab, { ...own.options, ...options, name: corpus }));
    return c;
  }
  if (!loader) throw new ConfigError("corpus", `unknown corpus ${JSON.stringify(corpus)}: register a text with registerCorpusText, or import zipflab/node for "brown" and files`);
  return loader(corpus, options);
}
