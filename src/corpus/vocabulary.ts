import { ConfigError } from "../config/error.js";
// Vocabulary of size V: the V − 1 most frequent words (ties broken by first occurrence), ids
// 0..V−2 in that order, plus one unknown-word class, id V − 1, for every other word.
// One pass numbers the distinct words in order of first occurrence (one Map lookup per token);
// the vocabulary is then a stable sort of those numbers by count, and ids a table lookup.
import { argList, argObject } from "../config/args.js";

export const UNKNOWN_WORD = "<unk>";

export interface TypeCounts {
  /** Distinct words in order of first occurrence. */
  words: string[];
  /** Occurrences of each, same order. */
  counts: Float64Array;
  /** The sequences as numbers of distinct words (order of first occurrence). */
  sequences: Int32Array[];
  /** The number of each distinct word. */
  index: Map<string, number>;
}

export interface Vocabulary {
  /** V, including the unknown class. */
  readonly size: number;
  /** words[id] (words[V − 1] = "<unk>"). */
  readonly words: string[];
  /** id of a word, V − 1 for any word outside the vocabulary. */
  id(word: string): number;
  /** idOfType[j]: the id of the j-th distinct word (order of first occurrence). */
  readonly idOfType: Int32Array;
  /** Occurrences of every distinct word, most frequent first (ties: first occurrence). */
  readonly typeCounts: Float64Array;
}

/** Numbers every distinct word of the token sequences in order of first occurrence, and counts it. */
export function countTypes(sequences: readonly (readonly string[])[]): TypeCounts {
  argList("sequences", sequences);
  for (let s = 0; s < sequences.length; s++) argList(`sequences[${s}]`, sequences[s]);
  const index = new Map<string, number>();
  const words: string[] = [];
  let counts = new Float64Array(1024);
  const numbered = sequences.map((tokens) => {
    const out = new Int32Array(tokens.length);
    for (let t = 0; t < tokens.length; t++) {
      let j = index.get(tokens[t]);
      if (j === undefined) {
        j = words.length;
        index.set(tokens[t], j);
        words.push(tokens[t]);
        if (j === counts.length) {
          const grown = new Float64Array(2 * j);
          grown.set(counts);
          counts = grown;
        }
      }
      counts[j]++;
      out[t] = j;
    }
    return out;
  });
  return { words, counts: counts.slice(0, words.length), sequences: numbered, index };
}

/** The vocabulary of size V; V must be in [2, number of distinct words]. */
export function buildVocabulary(types: TypeCounts, V: number, field = "vocab"): Vocabulary {
  const t = argObject<TypeCounts>("types", types, "the distinct words of a corpus (countTypes)");
  if (!Array.isArray(t.words) || !(t.counts instanceof Float64Array) || t.counts.length !== t.words.length || !(t.index instanceof Map)) {
    throw new ConfigError("types", "must be the distinct words of a corpus (countTypes)");
  }
  const n = types.words.length;
  if (!Number.isInteger(V) || V < 2)
    throw new ConfigError(field, `must be an integer ≥ 2 (the V − 1 most frequent words plus the unknown class), got ${V}`);
  if (V > n) throw new ConfigError(field, `must be at most the number of distinct words, ${n} (got ${V})`);
  // Numbers are in first-occurrence order, so ties by count fall back to the smaller number.
  const ranked = Int32Array.from({ length: n }, (_, j) => j).sort((a, b) => types.counts[b] - types.counts[a] || a - b);
  const idOfType = new Int32Array(n).fill(V - 1);
  for (let r = 0; r < V - 1; r++) idOfType[ranked[r]] = r;
  const words = Array.from(ranked.subarray(0, V - 1), (j) => types.words[j]);
  words.push(UNKNOWN_WORD);
  return {
    size: V,
    words,
    idOfType,
    id: (word) => {
      const j = types.index.get(word);
      return j === undefined ? V - 1 : idOfType[j];
    },
    typeCounts: Float64Array.from(ranked, (j) => types.counts[j]),
  };
}
