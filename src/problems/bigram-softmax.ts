// Bigram next-token model with softmax cross-entropy (SPEC items 4b, 5). Kernel:
// assembly/problems/bigram_softmax.ts, whose header gives the math and the problem block.
//   L(W) = (1/N) Σ_ik c_ik (lse(W_i) − W_ik),  W_i = logits of input token i (row i of Wᵀ)
// The data is a count matrix (bigram-counts.ts): synthetic Zipf pairs, or any corpus.
import { ProblemCode } from "./codes.js";
import type { ClassStatsSpec, Problem } from "./problem.js";
import { checkCountMatrix, zipfExpectedCounts, zipfSampledCounts, type CountMatrix } from "./bigram-counts.js";
import { checkBigramSoftmaxSize, resolveBigramSoftmaxConfig, type BigramSoftmaxConfig, type BigramSoftmaxInput } from "./bigram-softmax-config.js";
import { randomRanking } from "./ranking.js";
import { softmaxRow } from "./softmax.js";
import { addL2 } from "./l2.js";
import { ConfigError } from "../config/fields.js";
import { buildAliasTable, packAliasTable, sampleAlias } from "../rng/alias.js";
import type { Xoshiro128 } from "../rng/xoshiro.js";
import { scatterAddRows } from "../sparse/scatter.js";
import type { TouchedRows } from "../sparse/touched-rows.js";
import type { Arena } from "../wasm/arena.js";

export const BIGRAM_SOFTMAX_BYTES = 60;

export interface BigramSoftmaxClassStats {
  loss: number;
  /** ℓ_k: mean loss of the pairs whose next token is k (NaN if k never is). */
  classLoss: Float64Array;
  /** π_k = Σ_i c_ik / N from the stored f32 weights (as the kernel sums them). */
  classFrequencies: Float64Array;
}

export interface BigramSoftmaxProblem extends Problem {
  readonly d: number;
  /** Pairs per step; 0 = full batch (exact loss and gradient). */
  readonly batch: number;
  readonly counts: CountMatrix;
  /** N = Σ c_ik. */
  readonly pairs: number;
  /** d for mini-batches (row-sparse gradients), 0 for the full batch. */
  readonly rowLen: number;
  /** π_k = Σ_i c_ik / N in f64: the frequency of k as a next token (the class frequency). */
  readonly classFrequencies: Float64Array;
  /** n_i / N in f64: the frequency of i as an input. */
  readonly inputFrequencies: Float64Array;
  twinLoss(w: Float32Array): number;
  /** Twin of bigramSoftmaxClassStats. */
  twinClassStats(w: Float32Array): BigramSoftmaxClassStats;
}

const f32 = Math.fround;

/** The synthetic Zipf bigram problem of a config. */
export function bigramSoftmaxProblem(input: BigramSoftmaxInput = {}): BigramSoftmaxProblem & { config: BigramSoftmaxConfig } {
  const config = resolveBigramSoftmaxConfig(input);
  const { d, alpha, pairs, seed } = config;
  const ranking = config.permutation === "random" ? randomRanking(d, seed) : null;
  const counts = config.counts === "expected"
    ? zipfExpectedCounts(d, alpha, pairs, ranking)
    : zipfSampledCounts(d, alpha, pairs, ranking, seed);
  return { ...bigramSoftmaxFromCounts(counts, { batch: config.batch, reweight: config.reweight, l2: config.l2 }), config };
}

/** The bigram softmax problem on any count matrix (a corpus: countsFromPairs). */
export function bigramSoftmaxFromCounts(counts: CountMatrix,
  opts: { batch?: number | "full"; reweight?: "none" | "inverse" | "inverse-sqrt"; l2?: number } = {},
  field = "problem"): BigramSoftmaxProblem {
  checkCountMatrix(counts, field ? `${field}.counts` : "counts");
  const { d, rowStart, cols } = counts;
  const nnz = rowStart[d];
  let N = 0;
  for (let e = 0; e < nnz; e++) N += counts.counts[e];
  const batch = opts.batch ?? "full";
  checkBigramSoftmaxSize(d, nnz, N, batch, field);
  const B = batch === "full" ? 0 : batch;

  const entryRow = new Int32Array(nnz);
  const inputFrequencies = new Float64Array(d);
  const classFrequencies = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      entryRow[e] = i;
      inputFrequencies[i] += counts.counts[e] / N;
      classFrequencies[cols[e]] += counts.counts[e] / N;
    }
  }
  // Loss reweighting L = Σ_pairs ω_k ℓ / Σ_pairs ω_k is the plain loss on counts c_ik·ω_k: the
  // kernel is unchanged, its entry and row weights (and the mini-batch sampling) use the
  // weighted counts. ω_k is constant within a class, so per-class losses are unaffected.
  const reweight = opts.reweight ?? "none";
  const lambda = Math.fround(opts.l2 ?? 0);
  if (lambda !== 0 && B > 0) throw new ConfigError(field ? `${field}.l2` : "l2", "needs the full batch: the gradient of λ/2‖W‖² touches every row (got a mini-batch)");
  const omega = (k: number) => (reweight === "inverse" ? 1 / classFrequencies[k]
    : reweight === "inverse-sqrt" ? 1 / Math.sqrt(classFrequencies[k]) : 1);
  const weighted = Float64Array.from(counts.counts, (c, e) => c * omega(cols[e]));
  const total = weighted.reduce((a, b) => a + b, 0);
  const entryWeight = Float32Array.from(weighted, (c) => c / total);
  const rowWeight = new Float32Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) s += weighted[e];
    rowWeight[i] = s / total;
  }
  const table = B > 0 ? buildAliasTable(weighted) : null;
  const scratch = new Float32Array(d);
  const hits = new Int32Array(d);
  const samples = new Int32Array(B);

  // Twin of bigramSoftmaxPass: L(W), the full gradient into g, Σ c/N·(lse − W) per class.
  function fullPass(w: Float32Array, g: Float32Array | null, classLoss: Float64Array | null): number {
    let loss = 0;
    for (let i = 0; i < d; i++) {
      const off = i * d;
      const rw = rowWeight[i];
      if (rw === 0) {
        if (g) g.fill(0, off, off + d);
        continue;
      }
      const lse = g ? softmaxRow(w, off, g, off, d, rw) : softmaxRow(w, off, scratch, 0, d, 1);
      loss += rw * lse;
      for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
        const k = cols[e];
        const ew = entryWeight[e];
        loss -= ew * w[off + k];
        if (g) g[off + k] = f32(g[off + k] - ew);
        if (classLoss) classLoss[k] += ew * (lse - w[off + k]);
      }
    }
    if (lambda !== 0) loss += addL2(lambda, w, g, d * d);
    return loss;
  }

  // Twin of miniBatchGradient: draws, hits, one softmax per touched row, −1/B per sample.
  function miniBatch(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched: TouchedRows): number {
    for (let b = 0; b < B; b++) {
      const e = sampleAlias(rng, table!);
      samples[b] = e;
      touched.touch(entryRow[e]);
      hits[entryRow[e]]++;
    }
    const invB = 1 / B;
    let loss = 0;
    const rowList = touched.list();
    for (let j = 0; j < rowList.length; j++) {
      const i = rowList[j];
      loss += hits[i] * softmaxRow(w, i * d, scratch, 0, d, 1);
      scatterAddRows(g, d, [i], [f32(hits[i] * invB)], scratch, 1, touched.mark, touched.rows, touched.count);
      hits[i] = 0;
    }
    const step = f32(invB);
    for (let b = 0; b < B; b++) {
      const o = entryRow[samples[b]] * d + cols[samples[b]];
      loss -= w[o];
      g[o] = f32(g[o] - step);
    }
    return loss * invB;
  }

  const problem: BigramSoftmaxProblem = {
    code: ProblemCode.BigramSoftmax,
    n: d * d, d, batch: B, counts, pairs: N, rowLen: B > 0 ? d : 0, classFrequencies, inputFrequencies,
    layout(arena: Arena, rng: number): number {
      const put = (data: Float32Array | Int32Array | Uint32Array): number => {
        const p = arena.alloc(4 * Math.max(data.length, 1));
        new Uint8Array(arena.memory.buffer, p, 4 * data.length).set(new Uint8Array(data.buffer, data.byteOffset, 4 * data.length));
        return p;
      };
      const rowStartPtr = put(rowStart);
      const colsPtr = put(cols);
      const entryWeightPtr = put(entryWeight);
      const rowWeightPtr = put(rowWeight);
      const entryRowPtr = B > 0 ? put(entryRow) : 0;
      const tablePtr = table ? put(packAliasTable(table)) : 0;
      const scratchPtr = arena.allocF32(d);
      const hitsPtr = arena.alloc(4 * d);
      const samplesPtr = B > 0 ? arena.alloc(4 * B) : 0;
      const block = arena.alloc(BIGRAM_SOFTMAX_BYTES);
      const view = arena.view();
      [d, B, nnz, rowStartPtr, colsPtr, entryWeightPtr, rowWeightPtr, entryRowPtr, tablePtr, scratchPtr,
        hitsPtr, samplesPtr].forEach((v, j) => view.setUint32(block + 4 * j, v, true));
      view.setUint32(block + 52, rng, true);
      view.setFloat32(block + 56, lambda, true);
      return block;
    },
    twinGradient(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched?: TouchedRows): number {
      if (B === 0) return fullPass(w, g, null);
      if (!touched) throw new Error("bigram-softmax mini-batch: the twin needs the touched-row list");
      return miniBatch(w, g, rng, touched);
    },
    twinLoss: (w) => fullPass(w, null, null),
    twinClassStats(w: Float32Array): BigramSoftmaxClassStats {
      const classLoss = new Float64Array(d);
      const freq = new Float64Array(d);
      const loss = fullPass(w, null, classLoss);
      for (let e = 0; e < nnz; e++) freq[cols[e]] += entryWeight[e];
      for (let k = 0; k < d; k++) classLoss[k] /= freq[k];
      return { loss, classLoss, classFrequencies: freq };
    },
  };
  return { ...problem, classStats: bigramClassStats(problem) };
}

/** Per next-token statistics: ℓ_k, the mean loss of the pairs whose next token is k. */
function bigramClassStats(p: BigramSoftmaxProblem): ClassStatsSpec {
  return {
    classes: p.d, classIs: "next token", frequencies: p.classFrequencies, fields: ["loss"],
    classOfParam: (index) => index % p.d, // row i of Wᵀ holds input i's logits, entry k the next token k
    wasmValues: 2 * p.d, // ℓ_k, then π_k
    wasm: (exports, prob, w, _g, out) => void exports.bigramSoftmaxClassStats(prob, w, out),
    twin: (w) => p.twinClassStats(w).classLoss,
  };
}
