import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultCacheDir, loadCorpus } from "../../src/corpus/node/load.js";

const tempCache = () => mkdtempSync(join(tmpdir(), "zipflab-cache-"));
const sameCounts = (a: ReturnType<typeof loadCorpus>, b: ReturnType<typeof loadCorpus>) => {
  expect(a.counts).toEqual(b.counts);
  expect(a.words).toEqual(b.words);
  expect(a.wordCounts).toEqual(b.wordCounts);
  expect(a.typeCounts).toEqual(b.typeCounts);
  expect([a.tokens, a.types, a.files]).toEqual([b.tokens, b.types, b.files]);
};

describe("the corpus cache", () => {
  it("a cache hit equals a fresh build; the key covers V and the tokenizer options", () => {
    const cacheDir = tempCache();
    const built = loadCorpus("brown", { vocab: 300, cacheDir });
    expect(built.origin).toBe("built");
    const hit = loadCorpus("brown", { vocab: 300, cacheDir });
    expect(hit.origin).toBe("hit");
    sameCounts(hit, built);
    const text = join(cacheDir, "..", `text-${process.pid}.txt`);
    writeFileSync(text, "Hello, world. Hello again, world!");
    expect(loadCorpus(text, { vocab: 3, cacheDir }).origin).toBe("built");
    expect(loadCorpus(text, { vocab: 4, cacheDir }).origin).toBe("built");
    expect(loadCorpus(text, { vocab: 3, cacheDir, punctuation: "drop" }).origin).toBe("built");
    expect(loadCorpus(text, { vocab: 3, cacheDir, punctuation: "drop" }).origin).toBe("hit");
    // the content hash: an edited file is a new key
    writeFileSync(text, "Hello, world. Hello again, worlds!");
    expect(loadCorpus(text, { vocab: 3, cacheDir }).origin).toBe("built");
  });

  it("what a kill can leave (a partial temporary file; a damaged or cut cache file) is never trusted", () => {
    const cacheDir = tempCache();
    // A text of 20 000 words drawn from 500 (a cache file of a few hundred kB).
    const corpus = join(cacheDir, "..", `words-${process.pid}.txt`);
    writeFileSync(corpus, Array.from({ length: 20_000 }, (_, t) => `w${((t * 7919) % 500) % (1 + (t % 37) * 13)}`).join(" "));
    const fresh = loadCorpus(corpus, { vocab: 200, cacheDir });
    const file = fresh.cacheFile!;
    const bytes = readFileSync(file);
    // A kill mid-write leaves FILE.tmp-PID (the rename never happened) beside an intact or absent file.
    writeFileSync(`${file}.tmp-999999`, bytes.subarray(0, bytes.length >> 1));
    sameCounts(loadCorpus(corpus, { vocab: 200, cacheDir }), fresh);
    // A cut file (e.g. a copy interrupted outside zipflab) fails its length/sha256 check and is rebuilt.
    truncateSync(file, bytes.length - 100);
    const rebuilt = loadCorpus(corpus, { vocab: 200, cacheDir });
    expect(rebuilt.origin).toBe("built");
    sameCounts(rebuilt, fresh);
    // One flipped byte in the body: rebuilt too.
    const damaged = readFileSync(file);
    damaged[damaged.length >> 1] ^= 0xff;
    writeFileSync(file, damaged);
    expect(loadCorpus(corpus, { vocab: 200, cacheDir }).origin).toBe("built");
    expect(loadCorpus(corpus, { vocab: 200, cacheDir }).origin).toBe("hit");
  });

  it("the cache folder: $ZIPFLAB_CACHE_DIR, else $XDG_CACHE_HOME/zipflab, else ~/.cache/zipflab", () => {
    expect(defaultCacheDir({ ZIPFLAB_CACHE_DIR: "/a", XDG_CACHE_HOME: "/b" })).toBe("/a");
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/b" })).toBe(join("/b", "zipflab"));
    expect(defaultCacheDir({})).toMatch(/\.cache[\\/]zipflab$/);
  });
});
