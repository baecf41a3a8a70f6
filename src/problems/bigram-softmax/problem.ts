// Bigram next-token model with softmax cross-entropy (phenomena 4b, 5). Kernel:
// assembly/problems/bigram-softmax/problem.ts, whose header gives the math and the problem block.
//   L(W) = (1/N) Σ_ik c_ik (lse(W_i) − W_ik),  W_i = logits of input token i (row i of Wᵀ)
// The data: synthetic expected Zipf counts, computed on the fly from π and the rankings
// (never a d² array), or any sparse count matrix (src/sparse/count-matrix.ts: sampled pairs, a corpus).
import { argOptionalObject } from "../../config/args.js";
import { BIGRAM_SOFTMAX_BLOCK } from "../../layout/generated.js";
import { ProblemCode } from "../codes.js";
import { checkCountMatrix, type CountMatrix } from "../../sparse/count-matrix.js";
import { zipfSampledCounts, type RankingRows } from "./zipf-counts.js";
import {
  bigramClassStats,
  blockedPass,
  layoutBatchBuffers,
  layoutRowMaxes,
  twinEntryPoints,
  zeroRowMaxes,
  type BigramSoftmaxProblem,
} from "./data-modes.js";
import { denseProblem, expectedCounts } from "./expected.js";
import { checkBigramSoftmaxSize, onTheFly, type BigramSoftmaxConfig } from "./config.js";
import { forEachRankingRow } from "../shared/ranking.js";
import { addL2Row, expRow, rowMax, scaleRow } from "./rows.js";
import { miniBatchTwin } from "./mini-batch.js";
import { zipfFrequencies } from "../shared/zipf.js";
import { ln } from "../../math/ln.js";
import { buildAliasTable, packAliasTable, drawAlias } from "../../rng/alias.js";
import type { LayoutArena } from "../../wasm/arena.js";

export { BIGRAM_SOFTMAX_BYTES, type BigramSoftmaxClassStats, type BigramSoftmaxProblem } from "./data-modes.js";
import { ConfigError } from "../../config/error.js";

const f32 = Math.fround;

/**
 * The synthetic Zipf bigram problem of a validated config (declaration.ts validates;
 * bigramSoftmaxProblem takes any input). `layout.targetsMaxBytes`: the largest table of expected
 * targets the layout stores (default TARGETS_MAX_BYTES; 0 = always the u16 ranks and a gather —
 * the same bits, used by the tests to reach that path at small d).
 */
export function makeBigramSoftmaxProblem(
  config: BigramSoftmaxConfig,
  layout: { targetsMaxBytes?: number } = {},
): BigramSoftmaxProblem & { config: BigramSoftmaxConfig } {
  const { d, alpha, pairs, seed } = config;
  const opts = { batch: config.batch, reweight: config.reweight, l2: config.l2, targetsMaxBytes: layout.targetsMaxBytes };
  // expected counts are computed on the fly, at the full batch and (unweighted) in mini-batches
  if (onTheFly(config)) {
    return Object.assign(denseProblem(expectedCounts(config), opts), { config });
  }
  const ranking: RankingRows | null = config.permutation === "random" ? (onRow) => forEachRankingRow(d, seed, onRow) : null;
  const counts = config.counts === "expected" ? expectedCsr(d, alpha, pairs, ranking) : zipfSampledCounts(d, alpha, pairs, ranking, seed);
  return { ...bigramSoftmaxFromCounts(counts, opts), config };
}

/** Mini-batches of reweighted expected counts sample from the stored pairs (d² entries). */
function expectedCsr(d: number, alpha: number, pairs: number, ranking: RankingRows | null): CountMatrix {
  const pi = zipfFrequencies(d, alpha);
  const rowStart = Int32Array.from({ length: d + 1 }, (_, i) => i * d);
  const cols = Int32Array.from({ length: d * d }, (_, e) => e % d);
  const counts = new Float64Array(d * d);
  for (let e = 0; e < d * d; e++) counts[e] = pairs * pi[Math.floor(e / d)] * pi[e % d];
  ranking?.((i, row) => cols.set(row, i * d));
  return { d, rowStart, cols, counts };
}

/** The bigram softmax problem on any count matrix (a corpus: countsFromPairs). */
export function bigramSoftmaxFromCounts(
  counts: CountMatrix,
  opts: { batch?: number | "full"; reweight?: "none" | "inverse" | "inverse-sqrt"; l2?: number } = {},
  field = "problem",
): BigramSoftmaxProblem {
  argOptionalObject("opts", opts);
  checkCountMatrix(counts, field ? `${field}.counts` : "counts");
  const { d, rowStart, cols } = counts;
  const nnz = rowStart[d];
  let N = 0;
  for (let e = 0; e < nnz; e++) N += counts.counts[e];
  const batch = opts.batch ?? "full";
  checkBigramSoftmaxSize(d, nnz, N, batch, field, false, "use a smaller vocabulary (--vocab)");
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
  const lambda = f32(opts.l2 ?? 0);
  if (lambda !== 0 && B > 0)
    throw new ConfigError(
      field ? `${field}.l2` : "l2",
      "needs the full batch: the gradient of λ/2‖W‖² touches every row (got a mini-batch)",
    );
  const omega = (k: number) =>
    reweight === "inverse" ? 1 / classFrequencies[k] : reweight === "inverse-sqrt" ? 1 / Math.sqrt(classFrequencies[k]) : 1;
  const weighted = Float64Array.from(counts.counts, (c, e) => c * omega(cols[e]));
  const total = weighted.reduce((x, y) => x + y, 0);
  const entryWeight = Float32Array.from(weighted, (c) => c / total);
  const rowWeight = new Float32Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) s += weighted[e];
    rowWeight[i] = s / total;
  }
  const classWeight = new Float64Array(d);
  for (let e = 0; e < nnz; e++) classWeight[cols[e]] += entryWeight[e];
  const table = B > 0 ? buildAliasTable(weighted) : null;
  const u = new Float32Array(d);

  // Twin of bigramSoftmaxRows (sparse mode).
  function rowsPass(w: Float32Array, g: Float32Array | null, classLoss: Float64Array | null, i0: number, i1: number): number {
    let loss = 0;
    for (let i = i0; i < i1; i++) {
      const off = i * d;
      const out = g ?? u;
      const o = g ? off : 0;
      const rw = rowWeight[i];
      let rowLoss = 0;
      if (rw === 0) out.fill(0, o, o + d);
      else {
        const M = rowMax(w, off, d);
        const S = expRow(w, off, out, o, d, M);
        const lse = M + ln(S);
        scaleRow(out, o, d, f32(rw / S));
        let dot = 0;
        for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
          const k = cols[e];
          const ew = entryWeight[e];
          dot += ew * w[off + k];
          out[o + k] = f32(out[o + k] - ew);
          if (classLoss) classLoss[k] += ew * (lse - w[off + k]);
        }
        rowLoss = rw * lse - dot;
      }
      if (lambda !== 0) rowLoss += 0.5 * lambda * addL2Row(out, o, w, off, d, lambda);
      loss += rowLoss;
    }
    return loss;
  }
  const fullPass = (w: Float32Array, g: Float32Array | null, classLoss: Float64Array | null) => blockedPass(d, rowsPass, w, g, classLoss);

  const miniBatch =
    B > 0
      ? miniBatchTwin(d, B, (rng, pair) => {
          const e = drawAlias(rng, table!);
          pair[0] = entryRow[e];
          pair[1] = cols[e];
        })
      : null;

  const problem: BigramSoftmaxProblem = {
    code: ProblemCode.BigramSoftmax,
    n: d * d,
    d,
    batch: B,
    counts,
    pairs: N,
    rowLen: B > 0 ? d : 0,
    classFrequencies,
    inputFrequencies,
    fusedSteps: true,
    deferredRecords: B === 0,
    countFold: d,
    threadRows: B === 0 ? { rows: d, scratchBytes: 8 * d, classes: d } : undefined,
    forEachRow(onRow): void {
      for (let i = 0; i < d; i++) {
        const n = rowStart[i + 1] - rowStart[i];
        onRow(i, cols.subarray(rowStart[i], rowStart[i + 1]), counts.counts.subarray(rowStart[i], rowStart[i + 1]), n);
      }
    },
    layout(arena: LayoutArena, rng: number): number {
      const rowStartPtr = arena.put(rowStart);
      const colsPtr = arena.put(cols);
      const entryWeightPtr = arena.put(entryWeight);
      const rowWeightPtr = arena.put(rowWeight);
      const entryRowPtr = B > 0 ? arena.put(entryRow) : 0;
      const tablePtr = table ? arena.put(packAliasTable(table)) : 0;
      const scratchPtr = arena.allocF32(2 * d);
      const hitsPtr = arena.alloc(4 * d);
      const batch = layoutBatchBuffers(arena, d, B);
      const partial = arena.alloc(8 * d);
      const rowMaxes = layoutRowMaxes(arena, d);
      const block = arena.alloc(BIGRAM_SOFTMAX_BLOCK.bytes);
      arena.writeBlock(block, BIGRAM_SOFTMAX_BLOCK, {
        d,
        batch: B,
        nnz,
        rowStart: rowStartPtr,
        cols: colsPtr,
        entryWeights: entryWeightPtr,
        rowWeights: rowWeightPtr,
        entryRows: entryRowPtr,
        aliasTable: tablePtr,
        scratch: scratchPtr,
        hits: hitsPtr,
        ...batch,
        rng,
        lambda,
        dense: 0,
        a: 0,
        b: 0,
        rank: 0,
        omega: 0,
        classPartial: partial,
        classOfRank: 0,
        rowMaxes,
        targets: 0,
      });
      return block;
    },
    zeroWeights: zeroRowMaxes,
    ...twinEntryPoints(d, fullPass, miniBatch, () => classWeight),
  };
  return Object.assign(problem, { classStats: bigramClassStats(problem, () => classWeight) });
}
