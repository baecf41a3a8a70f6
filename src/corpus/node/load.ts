// loadCorpus: a corpus source (brown, a text file, a .jsonl file) counted at vocabulary V,
// from the on-disk cache when an intact file for the same (content hash, tokenizer, V) is
// there, else built in one pass and cached. Cache folder, first set of:
//   options.cacheDir  →  $ZIPFLAB_CACHE_DIR  →  $XDG_CACHE_HOME/zipflab  →  ~/.cache/zipflab
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { corpusFromTypes, type CorpusCounts } from "../corpus.js";
import type { Punctuation } from "../tokenize.js";
import { writeFileAtomicSync } from "../../io/atomic.js";
import { statOrNull } from "../../io/file-type.js";
import { isOwnedAs } from "../../io/ownership.js";
import { corpusSource, type CorpusSource } from "./sources.js";
import { decodeCorpus, encodeCorpus } from "./cache-file.js";
import { setCorpusLoader } from "../registry.js";
import { ConfigError } from "../../config/error.js";

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
  /** Where a cache that cannot be read or written is reported (default: stderr, "zipflab: warning: …"). */
  onWarning?: (text: string) => void;
  /** Keep the token sequences as ids (the cache holds only counts: the source is tokenized again). */
  sequences?: boolean;
}

export interface LoadedCorpus extends CorpusCounts {
  /** "hit": read from the cache; "built": tokenized and counted now. */
  origin: "hit" | "built";
  /** The cache file (null with cache: false, or when it could not be written). */
  cacheFile: string | null;
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ZIPFLAB_CACHE_DIR) return env.ZIPFLAB_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "zipflab");
  return join(homedir(), ".cache", "zipflab");
}

const warn = (text: string) => console.error(`zipflab: warning: ${text}`);

/** Cache settings for corpora that problems load by name (zipflab run --no-cache, --cache-dir). */
let problemCache: Pick<LoadCorpusOptions, "cache" | "cacheDir"> = {};

/** Sets the cache folder (or none) for corpora loaded by problems (`corpus: …` in a config). */
export function setCorpusCache(options: Pick<LoadCorpusOptions, "cache" | "cacheDir">): void {
  problemCache = { ...options };
}

/** The corpus counted at V, from the cache or built (and cached). Bad input throws ConfigError("corpus"|"vocab"). */
export function loadCorpus(corpus: string, options: LoadCorpusOptions): LoadedCorpus {
  if (options.cacheDir !== undefined && (typeof options.cacheDir !== "string" || options.cacheDir.trim() === "")) {
    throw new ConfigError("cacheDir", `must name a folder (got ${JSON.stringify(options.cacheDir)})`);
  }
  return loadCorpusSource(corpusSource(corpus, { punctuation: options.punctuation, onWarning: options.onWarning }), corpus, options);
}

/**
 * A source already read (corpusSource) counted at V: for several V of one corpus (zipflab
 * scaling --corpus), which must read a pipe only once.
 */
export function loadCorpusSource(source: CorpusSource, corpus: string, options: LoadCorpusOptions): LoadedCorpus {
  const key = createHash("sha256")
    .update(JSON.stringify({ format: CACHE_FORMAT, content: source.contentHash, tokenizer: source.tokenizer, vocab: options.vocab }))
    .digest("hex");
  const slug = (corpus === "brown" ? "brown" : corpus.split(/[\\/]/).pop()!).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 40) || "stdin";
  let cacheFile =
    options.cache === false
      ? null
      : join(options.cacheDir ?? defaultCacheDir(), `corpus-${slug}-V${options.vocab}-${key.slice(0, 16)}.bin`);
  const onWarning = options.onWarning ?? warn;
  if (cacheFile && !options.sequences) {
    // Only a regular file is read (a FIFO would block, a device never end).
    const stats = statOrNull(cacheFile);
    let bytes: Uint8Array | null = null;
    if (stats?.isFile()) {
      try {
        bytes = readFileSync(cacheFile);
      } catch {
        bytes = null;
      }
    }
    const hit = bytes ? decodeCorpus(bytes, key) : null;
    if (hit) return { ...hit, name: source.name, origin: "hit", cacheFile };
  }
  const built = corpusFromTypes(source.types(), options.vocab, {
    name: source.name,
    tokenizer: source.tokenizer,
    files: source.files,
    keepSequences: options.sequences,
  });
  // a read for the sequences skips the cache; it writes the counts only where none are cached yet
  if (cacheFile && (!options.sequences || !statOrNull(cacheFile))) cacheFile = writeCache(cacheFile, encodeCorpus(built, key), onWarning);
  return { ...built, origin: "built", cacheFile };
}

/**
 * Writes a cache file; the cache is optional, so any failure (a full disk, a folder that cannot
 * be made, a file there that is not a zipflab cache) is a warning and the command goes on.
 * Returns the file written, or null.
 */
function writeCache(file: string, bytes: Uint8Array, onWarning: (text: string) => void): string | null {
  const stats = statOrNull(file);
  if (stats && !(stats.isFile() && isOwnedAs("cache", file))) {
    onWarning(
      `not writing the corpus cache ${file}: something else is there (${stats.isFile() ? "a file zipflab did not write" : "not a regular file"}); continuing without the cache`,
    );
    return null;
  }
  try {
    writeFileAtomicSync(file, bytes);
    return file;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    onWarning(`could not write the corpus cache (${why}); continuing without it (--no-cache skips the cache)`);
    return null;
  }
}

// Problems built from a config with `corpus` (zipflab run --corpus) find their counts here.
setCorpusLoader((corpus, options) => loadCorpus(corpus, { ...options, ...problemCache }));
