// Per-row random rankings of the outputs for the synthetic Zipf bigrams: p(k | i) ∝ rank_i(k)^(−α),
// with row i listing its classes by rank (classOfRank[i·d + r]). Shared by the square and softmax
// bigram problems, so at one seed both see the same conditionals.
import { Xoshiro128 } from "../../rng/xoshiro.js";

/** Stream of the generator that draws the per-row rankings (the run's own draws use 0). */
export const RANKING_STREAM = 1;

/**
 * Fisher–Yates on each row of the identity, j = ⌊u·(r+1)/2³²⌋; rows drawn in order. d ≤ 65536.
 * A d² table in JS: for twins that need random access and for tests; a run's layout writes the
 * rows straight into WASM memory with forEachRankingRow.
 */
export function randomRanking(d: number, seed: number): Uint16Array {
  const out = new Uint16Array(d * d);
  forEachRankingRow(d, seed, (i, row) => out.set(row, i * d));
  return out;
}

/**
 * The same rankings one row at a time (O(d) memory): onRow(i, classOfRank of row i), the
 * row buffer reused between calls.
 */
export function forEachRankingRow(d: number, seed: number, onRow: (i: number, classOfRank: Uint16Array) => void): void {
  const rng = Xoshiro128.seeded(seed, RANKING_STREAM);
  const row = new Uint16Array(d);
  for (let i = 0; i < d; i++) {
    for (let r = 0; r < d; r++) row[r] = r;
    for (let r = d - 1; r > 0; r--) {
      const j = Math.floor((rng.nextU32() * (r + 1)) / 4294967296);
      const x = row[r];
      row[r] = row[j];
      row[j] = x;
    }
    onRow(i, row);
  }
}
