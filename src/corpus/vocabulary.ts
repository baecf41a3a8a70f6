// Vocabulary of size V: the V − 1 most frequent words (ties broken by first occurrence), ids
// 0..V−2 in that order, plus one unknown-word class, id V − 1, for every other word.
import { ConfigError } from "../config/fields.js";

export const UNKNOWN_WORD = "<unk>";

export interface Vocabulary {
  /** V, including the unknown class. */
  readonly size: number;
  /** words[id] (words[V − 1] = "<unk>"). */
  readonly words: string[];
  /** id of a word, V − 1 for any word outside the vocabulary. */
  id(word: string): number;
  /** Occurrences of every distinct word, most frequent first (ties: first occurrence). */
  readonly typeCounts: Float64Array;
}

interface TypeEntry { count: number; first: number }

/** Counts every distinct word of the token sequences, in order of first occurrence. */
export function countTypes(sequences: readonly (readonly string[])[]): Map<string, TypeEntry> {
  const types = new Map<string, TypeEntry>();
  let position = 0;
  for (const tokens of sequences) {
    for (const word of tokens) {
      const entry = types.get(word);
      if (entry) entry.count++;
      else types.set(word, { count: 1, first: position });
      position++;
    }
  }
  return types;
}

/** The vocabulary of size V; V must be in [2, number of distinct words]. */
export function buildVocabulary(types: Map<string, TypeEntry>, V: number, field = "vocab"): Vocabulary {
  if (!Number.isInteger(V) || V < 2) throw new ConfigError(field, `must be an integer ≥ 2 (the V − 1 most frequent words plus the unknown class), got ${V}`);
  if (V > types.size) throw new ConfigError(field, `must be at most the number of distinct words, ${types.size} (got ${V})`);
  // Map iteration is insertion order = first occurrence, so a stable sort by count breaks ties by it.
  const ranked = [...types.entries()].sort((a, b) => b[1].count - a[1].count);
  const words = ranked.slice(0, V - 1).map(([w]) => w);
  words.push(UNKNOWN_WORD);
  const ids = new Map(words.slice(0, V - 1).map((w, i) => [w, i]));
  return {
    size: V, words,
    id: (word) => ids.get(word) ?? V - 1,
    typeCounts: Float64Array.from(ranked, ([, e]) => e.count),
  };
}
