import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { brownTypeCountsFromBytes } from "../../src/corpus/brown-bytes.js";
import { countTypes } from "../../src/corpus/vocabulary.js";
import { brownFiles, brownFolder as brownPackageFolder } from "../../src/corpus/node/sources.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { brownTokens, textTokens } from "../../src/corpus/tokenize.js";
import { bigramCounts } from "../../src/corpus/counts.js";
import { corpusFromSequences, corpusFromText, corpusStats } from "../../src/corpus/corpus.js";
import { loadCorpus } from "../../src/corpus/node/load.js";
import { countsFromPairs } from "../../src/sparse/count-matrix.js";
import { ConfigError } from "../../src/config/error.js";

/** A folder of Brown-format files, read in name order (cb01 after ca02 whatever the write order). */
function brownFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "zipflab-brown-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, "latin1");
  return dir;
}

describe("Brown tokenization: the word before the last '/', lower-cased, files c[a-r][0-9][0-9] in name order", () => {
  it("handles two slashes, a tag-only token, upper case, and ignores other files", () => {
    const dir = brownFolder({
      cb01: "\tThe/at END/nn ./.\n",
      ca02: "1-1/2/cd and/cc\n\n  //in /nn The/at-tl\n",
      ca01: "THE/at Cat/nn 1-1/2/cd\n",
      README: "not/xx a/xx corpus/xx file/xx",
      cz01: "outside/xx the/xx range/xx",
    });
    expect(brownTokens("1-1/2/cd //in /nn The/at-tl ca/t")).toEqual(["1-1/2", "/", "the", "ca"]);
    const c = loadCorpus(dir, { vocab: 3, cache: false });
    // ca01, ca02, cb01: the, cat, 1-1/2 | 1-1/2, and, /, the | the, end, .
    expect(c.files).toBe(3);
    expect(c.tokens).toBe(10);
    expect(c.types).toBe(7);
    // Vocabulary: "the" (3), "1-1/2" (2), then the unknown class for cat, and, /, end, . (5)
    expect(c.words).toEqual(["the", "1-1/2", "<unk>"]);
    expect(Array.from(c.wordCounts)).toEqual([3, 2, 5]);
    const s = corpusStats(c);
    expect(s.unknownShare).toBeCloseTo(0.5, 12);
    expect(s.pairs).toBe(9); // one sequence across files
    // ties broken by first occurrence: at V = 4 the third word is "cat" (1 occurrence, seen first)
    expect(loadCorpus(dir, { vocab: 4, cache: false }).words).toEqual(["the", "1-1/2", "cat", "<unk>"]);
  });

  it("the byte scanner equals the string rule (latin-1 upper case, no-break space, slashes), on handmade bytes and on Brown", () => {
    const text = "ÀBÇ/np Straße/nn\u00a0×X/sym //in /nn a/b/c/d ÞORN/np \tend/nn\n";
    const bytes = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    const fast = brownTypeCountsFromBytes([bytes]);
    const slow = countTypes([brownTokens(text)]);
    expect(fast.words).toEqual(["àbç", "straße", "×x", "/", "a/b/c", "þorn", "end"]);
    expect(fast.words).toEqual(slow.words);
    expect(fast.counts).toEqual(slow.counts);
    expect(fast.sequences).toEqual(slow.sequences);
    const folder = brownPackageFolder();
    const files = brownFiles(folder).map((f) => readFileSync(join(folder, f)));
    const all = brownTypeCountsFromBytes(files);
    const reference = countTypes([brownTokens(files.map((b) => b.toString("latin1")).join("\n"))]);
    const bytesOf = (a: Int32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(all.words.join("\n") === reference.words.join("\n")).toBe(true);
    expect(bytesOf(all.counts).equals(bytesOf(reference.counts))).toBe(true);
    expect(bytesOf(all.sequences[0]).equals(bytesOf(reference.sequences[0]))).toBe(true);
  });

  it("plain text: Unicode words lower-cased, inner apostrophes and hyphens kept, punctuation kept or dropped", () => {
    const text = "Ünïcode WORDS: don't stop—state-of-the-art café, 42 «ok»!";
    expect(textTokens(text)).toEqual([
      "ünïcode",
      "words",
      ":",
      "don't",
      "stop",
      "—",
      "state-of-the-art",
      "café",
      ",",
      "42",
      "«",
      "ok",
      "»",
      "!",
    ]);
    expect(textTokens(text, { punctuation: "drop" })).toEqual([
      "ünïcode",
      "words",
      "don't",
      "stop",
      "state-of-the-art",
      "café",
      "42",
      "ok",
    ]);
    // NFC: a decomposed é is the same word as the composed one
    expect(textTokens("cafe\u0301 café")).toEqual(["café", "café"]);
  });

  it("counts in one pass equal countsFromPairs; pairs never cross two sequences", () => {
    const seqs = [Int32Array.from([0, 1, 2, 1, 2, 2, 0, 3]), Int32Array.from([3, 3, 1]), Int32Array.from([2])];
    const inputs: number[] = [],
      outputs: number[] = [];
    for (const s of seqs)
      for (let t = 0; t + 1 < s.length; t++) {
        inputs.push(s[t]);
        outputs.push(s[t + 1]);
      }
    expect(bigramCounts(4, seqs)).toEqual(countsFromPairs(4, inputs, outputs));
    const c = corpusFromSequences(
      [
        ["a", "b"],
        ["b", "a", "a"],
      ],
      2,
      { name: "two", tokenizer: "ids" },
    );
    expect(corpusStats(c).pairs).toBe(3);
  });

  it("a vocabulary needs 2 ≤ V ≤ the number of distinct words", () => {
    const bad = (V: number) => {
      try {
        corpusFromText("a b c a", V);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error("no error");
    };
    expect(bad(1).field).toBe("vocab");
    expect(bad(4).message).toMatch(/at most the number of distinct words, 3/);
    expect(corpusFromText("a b c a", 3).words).toEqual(["a", "b", "<unk>"]);
  });
});
