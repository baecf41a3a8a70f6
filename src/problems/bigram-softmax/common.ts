// Shared by the bigram softmax problem's two data modes (bigram-softmax.ts: stored counts;
// bigram-softmax-expected.ts: expected counts on the fly): the problem's type, the kernel's
// block size, the blocked per-class pass and the class statistics.
import { BIGRAM_SOFTMAX_BLOCK } from "../../layout/generated.js";
import type { ClassStatsSpec, Problem } from "../problem.js";
import type { CountMatrix } from "./counts.js";

export const BIGRAM_SOFTMAX_BYTES = BIGRAM_SOFTMAX_BLOCK.bytes;

export interface BigramSoftmaxClassStats {
  loss: number;
  /** ℓ_k: mean loss of the pairs whose next token is k (NaN if k never is). */
  classLoss: Float64Array;
  /** Σ_i c_ik/N as the kernel weighs them (the division's denominator). */
  classFrequencies: Float64Array;
}

export interface BigramSoftmaxProblem extends Problem {
  readonly d: number;
  /** Pairs per step; 0 = full batch (exact loss and gradient). */
  readonly batch: number;
  /**
   * The count matrix as CSR. For expected counts it is built on first access (d² entries: for
   * small d and tests only); the run never needs it.
   */
  readonly counts: CountMatrix;
  /** Each row's counts in row order: onRow(i, output tokens, counts, how many) (no d² storage; buffers reused). */
  forEachRow(onRow: (i: number, cols: Int32Array, counts: Float64Array, n: number) => void): void;
  /** N = Σ c_ik. */
  readonly pairs: number;
  /** d for mini-batches (row-sparse gradients), 0 for the full batch. */
  readonly rowLen: number;
  /** π_k = Σ_i c_ik / N in f64: the frequency of k as a next token (the class frequency). */
  readonly classFrequencies: Float64Array;
  /** n_i / N in f64: the frequency of i as an input. */
  readonly inputFrequencies: Float64Array;
  twinLoss(w: Float32Array): number;
  /** Twin of bigramSoftmaxClassLoss, divided by the class weights. */
  twinClassStats(w: Float32Array): BigramSoftmaxClassStats;
}


/** Row blocks of the per-class sums (assembly/problems/bigram-softmax/problem.ts, CLASS_BLOCKS). */
export const CLASS_BLOCKS = 16;

/** Twin of fullBatch: all rows; with classLoss, block by block through a zeroed partial. */
export function blockedPass(d: number, rowsPass: (w: Float32Array, g: Float32Array | null, c: Float64Array | null, i0: number, i1: number) => number,
  w: Float32Array, g: Float32Array | null, classLoss: Float64Array | null): number {
  if (!classLoss) return rowsPass(w, g, null, 0, d);
  const partial = new Float64Array(d);
  let loss = 0;
  for (let b = 0; b < CLASS_BLOCKS; b++) {
    partial.fill(0);
    const i0 = Math.floor((b * d) / CLASS_BLOCKS);
    const i1 = Math.floor(((b + 1) * d) / CLASS_BLOCKS);
    for (let i = i0; i < i1; i++) loss += rowsPass(w, g, partial, i, i + 1);
    for (let k = 0; k < d; k++) classLoss[k] += partial[k];
  }
  return loss;
}

/** Per next-token statistics: ℓ_k, the mean loss of the pairs whose next token is k. */
export function bigramClassStats(p: BigramSoftmaxProblem, classWeight: Float64Array): ClassStatsSpec {
  return {
    classes: p.d, classIs: "next token", frequencies: p.classFrequencies, fields: ["loss"],
    classOfParam: (index) => index % p.d, // row i of Wᵀ holds input i's logits, entry k the next token k
    wasmValues: p.d,
    wasm: (exports, prob, w, _g, out) => {
      new Float64Array(exports.memory.buffer, out, p.d).fill(0);
      exports.bigramSoftmaxClassLoss(prob, w, out);
      const v = new Float64Array(exports.memory.buffer, out, p.d);
      for (let k = 0; k < p.d; k++) v[k] /= classWeight[k];
    },
    fromRaw: (raw) => raw.map((x, k) => x / classWeight[k]),
    twin: (w) => p.twinClassStats(w).classLoss,
  };
}
