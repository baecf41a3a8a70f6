// loadCorpus: a corpus source (brown, a text file, a .jsonl file) counted at vocabulary V,
// from the on-disk cache when an intact file for the same (content hash, tokenizer, V) is
// there, else built in one pass and cached. Cache folder, first set of:
//   options.cacheDir  →  $ZIPFLAB_CACHE_DIR  →  $XDG_CACHE_HOME/zipflab  →  ~/.cache/zipflab
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { corpusFromTypes, type CorpusCounts } from "../corpus.js";
import type { Punctuation } from "../tokenize.js";
import { writeFileAtomicSync } from "../../io/atomic.js";
import { corpusSource } from "./sources.js";
import { decodeCorpus, encodeCorpus } from "./cache-file.js";
import { setCorpusLoader } from "../registry.js";

export const CACHE_FORMAT = 1;

export interface LoadCorpusOptions {
  /** V: the V − 1 most frequent words plus the unknown class. */
  vocab: number;
  /** Text files: punctuation as tokens ("keep", default) or dropped. */
  punctuation?: Punctuation;
  /** Cache folder (default: $ZIPFLAB_CACHE_DIR, $XDG_CACHE_HOME/zipflab, ~/.cache/zipflab). */
  cacheDir?: string;
  /** false: neither read nor write the cache. */
  cache?: boolean;
  /** Keep the token sequences as ids (the cache holds only counts: the source is tokenized again). */
  sequences?: boolean;
}

export interface LoadedCorpus extends CorpusCounts {
  /** "hit": read from the cache; "built": tokenized and counted now. */
  origin: "hit" | "built";
  /** The cache file (null with cache: false). */
  cacheFile: string | null;
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ZIPFLAB_CACHE_DIR) return env.ZIPFLAB_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "zipflab");
  return join(homedir(), ".cache", "zipflab");
}

/** The corpus counted at V, from the cache or built (and cached). Bad input throws ConfigError("corpus"|"vocab"). */
export function loadCorpus(corpus: string, options: LoadCorpusOptions): LoadedCorpus {
  const source = corpusSource(corpus, { punctuation: options.punctuation });
  const key = createHash("sha256")
    .update(JSON.stringify({ format: CACHE_FORMAT, content: source.contentHash, tokenizer: source.tokenizer, vocab: options.vocab }))
    .digest("hex");
  const slug = (corpus === "brown" ? "brown" : corpus.split(/[\\/]/).pop()!).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40);
  const cacheFile = options.cache === false ? null
    : join(options.cacheDir ?? defaultCacheDir(), `corpus-${slug}-V${options.vocab}-${key.slice(0, 16)}.bin`);
  if (cacheFile && !options.sequences) {
    let bytes: Uint8Array | null;
    try { bytes = readFileSync(cacheFile); } catch { bytes = null; }
    const hit = bytes ? decodeCorpus(bytes, key) : null;
    if (hit) return { ...hit, name: source.name, origin: "hit", cacheFile };
  }
  const built = corpusFromTypes(source.types(), options.vocab,
    { name: source.name, tokenizer: source.tokenizer, files: source.files, keepSequences: options.sequences });
  // a read for the sequences skips the cache; it writes the counts only where none are cached yet
  if (cacheFile && (!options.sequences || !existsSync(cacheFile))) writeFileAtomicSync(cacheFile, encodeCorpus(built, key));
  return { ...built, origin: "built", cacheFile };
}

// Problems built from a config with `corpus` (zipflab run --corpus) find their counts here.
setCorpusLoader((corpus, options) => loadCorpus(corpus, options));
