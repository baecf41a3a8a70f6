// Shared by the bigram softmax problem's two data modes (problem.ts: stored counts;
// expected.ts: expected counts on the fly): the problem's type, the kernel's block size, the
// blocked per-class pass, the class statistics, the mini-batch and row-max buffers of the
// layout, and the twin's entry points.
import { readField } from "../../layout/block.js";
import { BIGRAM_SOFTMAX_BLOCK, CLASS_BLOCKS } from "../../layout/generated.js";
import type { ClassStatistics, Problem } from "../problem.js";
import type { CountMatrix } from "../../sparse/count-matrix.js";
import type { Xoshiro128 } from "../../rng/xoshiro.js";
import type { TouchedRows } from "../../sparse/touched-rows.js";
import type { Arena, LayoutArena } from "../../wasm/arena.js";

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

/** Twin of fullBatch: all rows; with classLoss, block by block through a zeroed partial. */
export function blockedPass(
  d: number,
  rowsPass: (w: Float32Array, g: Float32Array | null, c: Float64Array | null, i0: number, i1: number) => number,
  w: Float32Array,
  g: Float32Array | null,
  classLoss: Float64Array | null,
): number {
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
export function bigramClassStats(p: BigramSoftmaxProblem, weights: () => Float64Array): ClassStatistics {
  return {
    classes: p.d,
    classIs: "next token",
    fields: ["loss"],
    get frequencies() {
      return p.classFrequencies;
    },
    classOfParam: (index) => index % p.d, // row i of Wᵀ holds input i's logits, entry k the next token k
    wasmValues: p.d,
    wasm: (exports, prob, w, _g, out) => {
      new Float64Array(exports.memory.buffer, out, p.d).fill(0);
      exports.bigramSoftmaxClassLoss(prob, w, out);
      const v = new Float64Array(exports.memory.buffer, out, p.d);
      const classWeight = weights();
      for (let k = 0; k < p.d; k++) v[k] /= classWeight[k];
    },
    fromRaw: (raw) => {
      const classWeight = weights();
      return raw.map((x, k) => x / classWeight[k]);
    },
    twin: (w) => p.twinClassStats(w).classLoss,
  };
}

/** The kernel's mini-batch buffers (each sample's class, row and next sample; each row's first sample, −1), or zeros at the full batch. */
export function layoutBatchBuffers(
  arena: LayoutArena,
  d: number,
  B: number,
): { samples: number; sampleRows: number; next: number; head: number } {
  if (B === 0) return { samples: 0, sampleRows: 0, next: 0, head: 0 };
  return {
    samples: arena.alloc(4 * B),
    sampleRows: arena.alloc(4 * B),
    next: arena.alloc(4 * B),
    head: arena.put(new Int32Array(d).fill(-1)),
  };
}

/**
 * A run's weights start at zero (Problem.zeroWeights): every row's max is +0, what rowMax
 * returns on a zero row, so no row's first visit needs a pass over W for it (a mini-batch's first
 * touch of a row otherwise read the row from memory twice).
 */
export function zeroRowMaxes(arena: Arena, block: number): void {
  const view = arena.view();
  const maxes = readField(view, block, BIGRAM_SOFTMAX_BLOCK, "rowMaxes");
  if (maxes !== 0) arena.f32(maxes, readField(view, block, BIGRAM_SOFTMAX_BLOCK, "d")).fill(0);
}

/** The kernel's row maxima, none known yet (NaN): kept by fused steps, full batch or mini-batch (problem.ts). */
export function layoutRowMaxes(arena: LayoutArena, d: number): number {
  const p = arena.allocF32(d);
  arena.fillF32(p, d, NaN);
  return p;
}

type Pass = (w: Float32Array, g: Float32Array | null, classLoss: Float64Array | null) => number;
type MiniBatch = (w: Float32Array, g: Float32Array, rng: Xoshiro128, touched: TouchedRows) => number;

/** The twin's gradient, loss and class statistics from a data mode's full pass and mini-batch. */
export function twinEntryPoints(d: number, fullPass: Pass, miniBatch: MiniBatch | null, weights: () => Float64Array) {
  return {
    twinGradient(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched?: TouchedRows): number {
      if (!miniBatch) return fullPass(w, g, null);
      if (!touched) throw new Error("bigram-softmax mini-batch: the twin needs the touched-row list");
      return miniBatch(w, g, rng, touched);
    },
    twinLoss: (w: Float32Array) => fullPass(w, null, null),
    twinClassStats(w: Float32Array): BigramSoftmaxClassStats {
      const raw = new Float64Array(d);
      const loss = fullPass(w, null, raw);
      const classWeight = weights();
      return { loss, classLoss: raw.map((x, k) => x / classWeight[k]), classFrequencies: classWeight };
    },
  };
}
