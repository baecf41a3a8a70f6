// Linear bigram model with the square loss (phenomena 3, 5), the twin of
// assembly/problems/bigram-square/problem.ts, whose header gives the math and the block. Two
// data, one problem: synthetic Zipf pairs (i ~ π, k | i ~ p_i with p_ik = π_{rank_i(k)}), or a
// count matrix (a corpus: q = c/N, π_i = Σ_k q_ik). They differ in how a pair (i, k) is drawn
// (DrawPair) and in row i's target: dense p_i (Zipf), or the row's CSR entries (counts).
//   L(W) = E ½‖We_i − e_k‖² = ½ Σ_i π_i ‖W_i − p_i‖² + L*
// W_i = W[:, i] is stored as row i, so parameter (k, i) sits at index i·d + k.
// Full-batch GD from W = 0 is closed form per row: W_ki(t) = p_ik (1 − (1 − ηπ_i)^t).
// This file holds the types; zipf.ts and counts.ts build the two problems on twin.ts's passes.

import type { Problem } from "../problem.js";
import type { CountMatrix } from "../../sparse/count-matrix.js";
import type { Xoshiro128 } from "../../rng/xoshiro.js";

/** The largest batch: the samples (8·B bytes) stay small next to W. */
export const MAX_BATCH = 10_000_000;

export interface BigramSquareConfig {
  /** Vocabulary size: W is d×d. */
  d: number;
  /** Zipf exponent of the inputs and of each row's outputs. */
  alpha: number;
  /** Samples per step, or "full" for the exact expectation. */
  batch: number | "full";
  /** Ranking of the outputs within each row: a seeded random permutation, or the identity. */
  permutation: "random" | "identity";
  /** Seed of the rankings (the run's seed drives the sampling). */
  seed: number;
}

export interface BigramSquareProblem extends Problem {
  readonly data: "zipf" | "counts";
  readonly d: number;
  /** Samples per step; 0 = full batch (exact expectation). */
  readonly batch: number;
  /** π as the kernel sees it (f32): the input frequencies, the classes' frequencies. */
  readonly frequencies: Float32Array;
  /** d for mini-batches (row-sparse gradients), 0 for the full batch. */
  readonly rowLen: number;
  /** L* = min L = ½ Σ_i π_i (1 − ‖p_i‖²), attained at W_i = p_i (in f64). */
  readonly optimalLoss: number;
  twinLoss(w: Float32Array): number;
  /** Full-batch GD from W = 0 with step η, in f64: W_ki(t) = p_ik (1 − (1 − ηπ_i)^t), dense d×d. */
  gdClosedForm(eta: number, t: number): Float64Array;
}

/** The synthetic Zipf problem. */
export interface ZipfBigramSquare extends BigramSquareProblem {
  readonly data: "zipf";
  /**
   * Row i of the rankings: the classes by rank (entry r = the class of rank r). Random
   * rankings are generated as a d² table on the first call (tests, small d); a WASM run never
   * builds it (its layout writes the rankings row by row into WASM memory).
   */
  classOfRankRow(i: number): Uint16Array;
  /** p_i = p(· | i) (f32, as stored). */
  conditional(i: number): Float32Array;
  /** The exact gradient in f64: entry (k, i) = π_i (W_ki − p_ik). */
  expectedGradient(w: Float32Array): Float64Array;
}

/** The problem on a count matrix. */
export interface CountsBigramSquare extends BigramSquareProblem {
  readonly data: "counts";
  readonly counts: CountMatrix;
  /** π_i = n_i/N in f64 (input frequencies: the classes). */
  readonly inputFrequencies: Float64Array;
  /** ‖p_i‖² in f64. */
  readonly rowSquares: Float64Array;
  /** L(W_t) − L* of GD's trajectory, O(d): ½ Σ_i π_i ‖p_i‖² (1 − ηπ_i)^{2t}. */
  gdExcessLoss(eta: number, t: number): number;
}

/** Draws one pair: writes its row and class into pair[0], pair[1]. */
export type DrawPair = (rng: Xoshiro128, pair: Int32Array) => void;

/** Row i's target, rows in order: dense p_i (Zipf), or null and the row's CSR entries (counts). */
export type RowTargets = (onRow: (i: number, p: Float32Array | null) => void) => void;

export interface SparseTargets {
  rowStart: Int32Array;
  cols: Int32Array;
  /** q_e = c_e/N (f32, as stored). */
  q: Float32Array;
}
