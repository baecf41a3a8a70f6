import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "zipflab-corpus-cli-"));
const cacheDir = join(dir, "cache");
// `zipflab run --corpus` caches through $ZIPFLAB_CACHE_DIR: a temporary folder, never ~/.cache.
process.env.ZIPFLAB_CACHE_DIR = join(dir, "run-cache");

describe("zipflab corpus", () => {
  it("prints the Brown statistics at V = 2000 (files, tokens, types, unknown share, non-zeros, Zipf exponent)", async () => {
    const r = await cli("corpus", "brown", "--vocab", "2000", "--cache-dir", cacheDir, "--json", join(dir, "brown.json"));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/files\s+500\n/);
    expect(r.out).toMatch(/tokens\s+1161192\n/);
    expect(r.out).toMatch(/types\s+49815 distinct words/);
    expect(r.out).toMatch(/vocabulary V\s+2000 = 1999 most frequent words \+ 1 unknown class/);
    expect(r.out).toMatch(/unknown share\s+20\.82% of tokens/);
    expect(r.out).toMatch(/non-zeros\s+128969 of V² = 4000000/);
    expect(r.out).toMatch(/Zipf exponent\s+0\.99\d/);
    expect(r.out).toMatch(/most frequent classes: <unk> 20\.82%, the 6\.03%, , 5\.02%/);
    expect(existsSync(join(dir, "brown.json"))).toBe(true);
  }, 60_000);

  it("--help documents the tokenization, the cache folder and runnable examples", async () => {
    const r = await cli("corpus", "--help");
    expect(r.out).toMatch(/before the last "\/"/);
    expect(r.out).toMatch(/ZIPFLAB_CACHE_DIR/);
    expect(r.out).toMatch(/zipflab corpus brown --vocab 2000/);
  });

  it("bad input is a named error, exit code 2, and nothing written (no JSON, no cache file)", async () => {
    const empty = join(dir, "empty.txt");
    writeFileSync(empty, "");
    const binary = join(dir, "binary.txt");
    writeFileSync(binary, Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff]));
    const punct = join(dir, "punct.txt");
    writeFileSync(punct, "... !!! ???");
    const small = join(dir, "small.txt");
    writeFileSync(small, "one two three two one");
    const badCache = join(dir, "bad-cache");
    const cases: [string[], RegExp][] = [
      [["corpus", join(dir, "missing.txt")], /corpus: unknown corpus .*missing\.txt.*no such file/],
      [["corpus", "penn-treebank"], /corpus: unknown corpus "penn-treebank": not "brown" and no such file/],
      [["corpus", empty], /corpus: .*empty\.txt is empty/],
      [["corpus", binary], /corpus: .*binary\.txt looks binary/],
      [["corpus", punct, "--punctuation", "drop", "--vocab", "2"], /corpus: .*punct\.txt holds 0 tokens/],
      [["corpus", small, "--vocab", "1"], /vocab: must be an integer ≥ 2/],
      [["corpus", small, "--vocab", "4"], /vocab: must be at most the number of distinct words, 3 \(got 4\)/],
      [["corpus", "brown", "--vocab", "60000"], /vocab: must be at most the number of distinct words, 49815/],
      [["run", "bigram-softmax", "--corpus", "nope", "--vocab", "10"], /corpus: unknown corpus "nope"/],
      [["run", "bigram-square", "--corpus", small, "--vocab", "9"], /vocab: must be at most the number of distinct words/],
      [
        ["run", "bigram-softmax", "--corpus", small, "--vocab", "3", "--d", "10"],
        /problem\.d: does not apply to bigram-softmax on a corpus/,
      ],
      [["run", "bigram-softmax", "--vocab", "30"], /problem\.vocab: applies only with a corpus/],
    ];
    for (const [args, message] of cases) {
      const json = join(dir, "out", "never.json");
      const r = await cli(...args, "--json", json, ...(args[0] === "corpus" ? ["--cache-dir", badCache] : ["-q"]));
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err, args.join(" ")).toMatch(new RegExp(`^zipflab: error: ${message.source}`));
      expect(existsSync(json), args.join(" ")).toBe(false);
      expect(existsSync(badCache) ? readdirSync(badCache) : [], args.join(" ")).toEqual([]);
    }
  }, 120_000);

  it("zipflab run bigram-softmax and bigram-square take --corpus FILE --vocab V (full batch and mini-batch)", async () => {
    const text = join(dir, "story.txt");
    writeFileSync(text, "The cat sat on the mat. The dog sat on the log. A cat and a dog met on the mat, and the cat ran.".repeat(5));
    for (const args of [
      ["run", "bigram-softmax", "--corpus", text, "--vocab", "8", "--opt", "sgd:lr=10", "adam:lr=0.01", "--steps", "20"],
      ["run", "bigram-square", "--corpus", text, "--vocab", "8", "--opt", "sgd:lr=1", "sign:lr=0.01", "--steps", "20"],
      ["run", "bigram-softmax", "--corpus", text, "--vocab", "8", "--batch", "16", "--steps", "20"],
    ]) {
      const r = await cli(...args);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(new RegExp(`corpus ${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, vocab 8`));
    }
  });
});
