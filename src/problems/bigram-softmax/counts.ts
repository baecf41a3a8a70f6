// Bigram count matrices: c_ik = how often token k follows token i, stored by input row (CSR).
// The bigram softmax problem sees only this, so synthetic Zipf pairs and a real corpus plug in
// the same way:
//   expected counts  c_ik = N·π_i·π_{k|i}   (dense, d² entries; the exact population loss)
//   sampled counts   N pairs i ~ π, k | i ~ π_{·|i}   (≤ min(N, d²) entries)
//   from pairs       any token stream: countsFromPairs(d, tokens[0..T−1), tokens[1..T))
// with π_i ∝ i^(−α) and π_{k|i} = π_{rank_i(k)} (a per-row ranking, or the identity).
import { argInteger, argList, argNumber, argObject } from "../../config/args.js";
import { MAX_ZIPF_D } from "../shared/zipf.js";
import { ConfigError } from "../../config/fields.js";
import { buildAliasTable, drawAlias } from "../../rng/alias.js";
import { Xoshiro128 } from "../../rng/xoshiro.js";
import { zipfFrequencies } from "../shared/zipf.js";

export interface CountMatrix {
  /** Vocabulary size: inputs and outputs are tokens 0..d−1. */
  readonly d: number;
  /** Row i's entries are rowStart[i] .. rowStart[i+1]−1 (length d + 1). */
  readonly rowStart: Int32Array;
  /** Output token k of each entry. */
  readonly cols: Int32Array;
  /** c_ik > 0 of each entry (need not be integers: expected counts). */
  readonly counts: Float64Array;
}

/** Stream of the problem seed that draws sampled pairs. */
export const PAIRS_STREAM = 13;

/** Aggregates pairs (inputs[t], outputs[t]) into counts; entries sorted by (i, k). */
export function countsFromPairs(d: number, inputs: ArrayLike<number>, outputs: ArrayLike<number>): CountMatrix {
  argInteger("d", d, 1, MAX_ZIPF_D);
  argList("inputs", inputs);
  argList("outputs", outputs);
  if (outputs.length !== inputs.length) throw new ConfigError("outputs", `must have as many entries as inputs (${inputs.length}) (got ${outputs.length})`);
  for (let t = 0; t < inputs.length; t++) {
    if (!(Number.isInteger(inputs[t]) && inputs[t] >= 0 && inputs[t] < d)) throw new ConfigError(`inputs[${t}]`, `must be a token in [0, ${d - 1}] (got ${inputs[t]})`);
    if (!(Number.isInteger(outputs[t]) && outputs[t] >= 0 && outputs[t] < d)) throw new ConfigError(`outputs[${t}]`, `must be a token in [0, ${d - 1}] (got ${outputs[t]})`);
  }
  const keys = Float64Array.from({ length: inputs.length }, (_, t) => inputs[t] * d + outputs[t]).sort();
  const rowStart = new Int32Array(d + 1);
  const cols: number[] = [];
  const counts: number[] = [];
  for (let t = 0; t < keys.length;) {
    let u = t + 1;
    while (u < keys.length && keys[u] === keys[t]) u++;
    const i = Math.floor(keys[t] / d);
    rowStart[i + 1]++;
    cols.push(keys[t] - i * d);
    counts.push(u - t);
    t = u;
  }
  for (let i = 0; i < d; i++) rowStart[i + 1] += rowStart[i];
  return { d, rowStart, cols: Int32Array.from(cols), counts: Float64Array.from(counts) };
}

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
  return (onRow) => { for (let i = 0; i < d; i++) onRow(i, classOfRank.subarray(i * d, (i + 1) * d)); };
}

/**
 * N pairs drawn i ~ π, rank r ~ π, k = classOfRank_i(r) (from the problem seed's pair stream).
 * The ranks are mapped to classes row by row (samples grouped by row, a counting sort), so a
 * RankingRows needs O(N + d) memory, not a d² table.
 */
export function zipfSampledCounts(d: number, alpha: number, pairs: number,
  classOfRank: Uint16Array | RankingRows | null, seed: number): CountMatrix {
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

/** Throws a ConfigError naming `field` unless m is a well-formed count matrix. */
export function checkCountMatrix(m: CountMatrix, field = "counts"): void {
  argObject(field, m, "a count matrix {d, rowStart, cols, counts}");
  const { d, rowStart, cols, counts } = m;
  const fail = (detail: string): never => { throw new ConfigError(field, detail); };
  if (!(rowStart instanceof Int32Array) || !(cols instanceof Int32Array) || !(counts instanceof Float64Array)) {
    fail("rowStart and cols must be Int32Arrays, counts a Float64Array");
  }
  if (!Number.isInteger(d) || d < 1) fail(`d must be an integer ≥ 1 (got ${d})`);
  if (rowStart.length !== d + 1) fail(`rowStart must have d + 1 = ${d + 1} entries (got ${rowStart.length})`);
  if (rowStart[0] !== 0) fail(`rowStart[0] must be 0 (got ${rowStart[0]})`);
  for (let i = 0; i < d; i++) if (rowStart[i + 1] < rowStart[i]) fail(`rowStart must not decrease (row ${i})`);
  const nnz = rowStart[d];
  if (cols.length !== nnz || counts.length !== nnz) {
    fail(`cols and counts must have rowStart[d] = ${nnz} entries (got ${cols.length}, ${counts.length})`);
  }
  if (nnz === 0) fail("must hold at least one pair");
  for (let e = 0; e < nnz; e++) {
    if (!(cols[e] >= 0 && cols[e] < d)) fail(`cols[${e}] must be a token in [0, ${d}) (got ${cols[e]})`);
    if (!(counts[e] > 0 && Number.isFinite(counts[e]))) fail(`counts[${e}] must be a finite number > 0 (got ${counts[e]})`);
  }
}
