// Synthetic Zipf bigram counts, as a CountMatrix (src/sparse/count-matrix.ts):
//   expected counts  c_ik = N·π_i·π_{k|i}   (dense, d² entries; the exact population loss)
//   sampled counts   N pairs i ~ π, k | i ~ π_{·|i}   (≤ min(N, d²) entries)
// with π_i ∝ i^(−α) and π_{k|i} = π_{rank_i(k)} (a per-row ranking, or the identity).
import { argInteger, argNumber } from "../../config/args.js";
import { buildAliasTable, drawAlias } from "../../rng/alias.js";
import { Xoshiro128 } from "../../rng/xoshiro.js";
import { countsFromPairs, type CountMatrix } from "../../sparse/count-matrix.js";
import { zipfFrequencies } from "../shared/zipf.js";
import { ConfigError } from "../../config/error.js";

/** Stream of the problem seed that draws sampled pairs. */
export const PAIRS_STREAM = 13;

/** c_ik = N·π_i·π_{rank_i(k)}: every pair, the exact expectation. */
export function zipfExpectedCounts(d: number, alpha: number, pairs: number, classOfRank: Uint16Array | null): CountMatrix {
  argInteger("d", d, 1, 23170);
  argNumber("pairs", pairs, 0);
  if (classOfRank !== null && !(classOfRank instanceof Uint16Array && classOfRank.length === d * d)) {
    throw new ConfigError("classOfRank", `must be null or the d² = ${d * d} rankings (randomRanking)`);
  }
  const pi = zipfFrequencies(d, alpha);
  const rowStart = Int32Array.from({ length: d + 1 }, (_, i) => i * d);
  const cols = new Int32Array(d * d);
  const counts = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let r = 0; r < d; r++) {
      const e = i * d + r;
      cols[e] = classOfRank ? classOfRank[e] : r;
      counts[e] = pairs * pi[i] * pi[r];
    }
  }
  return { d, rowStart, cols, counts };
}

/** A per-row ranking handed over row by row (forEachRankingRow), or as a d×d table. */
export type RankingRows = (onRow: (i: number, classOfRank: Uint16Array) => void) => void;

/** The rows of a stored d×d table (row i lists its classes by rank), as RankingRows. */
export function rowsOfTable(d: number, classOfRank: Uint16Array): RankingRows {
  return (onRow) => {
    for (let i = 0; i < d; i++) onRow(i, classOfRank.subarray(i * d, (i + 1) * d));
  };
}

/**
 * N pairs drawn i ~ π, rank r ~ π, k = classOfRank_i(r) (from the problem seed's pair stream).
 * The ranks are mapped to classes row by row (samples grouped by row, a counting sort), so a
 * RankingRows needs O(N + d) memory, not a d² table.
 */
export function zipfSampledCounts(
  d: number,
  alpha: number,
  pairs: number,
  classOfRank: Uint16Array | RankingRows | null,
  seed: number,
): CountMatrix {
  argInteger("d", d, 1, 65536);
  argInteger("pairs", pairs, 1, 0x7fffffff);
  if (classOfRank !== null && typeof classOfRank !== "function" && !(classOfRank instanceof Uint16Array && classOfRank.length === d * d)) {
    throw new ConfigError("classOfRank", `must be null, the d² = ${d * d} rankings (randomRanking) or a function over rows`);
  }
  argInteger("seed", seed, 0);
  const table = buildAliasTable(zipfFrequencies(d, alpha));
  const rng = Xoshiro128.seeded(seed, PAIRS_STREAM);
  const inputs = new Int32Array(pairs);
  const outputs = new Int32Array(pairs); // ranks r, then classes k
  for (let t = 0; t < pairs; t++) {
    inputs[t] = drawAlias(rng, table);
    outputs[t] = drawAlias(rng, table);
  }
  if (classOfRank) {
    const start = new Int32Array(d + 1);
    for (let t = 0; t < pairs; t++) start[inputs[t] + 1]++;
    for (let i = 0; i < d; i++) start[i + 1] += start[i];
    const next = start.slice(0, d);
    const order = new Int32Array(pairs);
    for (let t = 0; t < pairs; t++) order[next[inputs[t]]++] = t;
    const rows = typeof classOfRank === "function" ? classOfRank : rowsOfTable(d, classOfRank);
    rows((i, row) => {
      for (let e = start[i]; e < start[i + 1]; e++) outputs[order[e]] = row[outputs[order[e]]];
    });
  }
  return countsFromPairs(d, inputs, outputs);
}
