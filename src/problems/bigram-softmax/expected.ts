// Synthetic expected Zipf counts for the bigram softmax problem, never stored: the kernel's
// dense mode (assembly/problems/bigram-softmax/problem.ts) computes c_ik/N = π_i·π_{rank_i(k)} on the
// fly from two f32 arrays and a u16 rank table written row by row into WASM memory. A
// mini-batch draws i ~ π and a rank r ~ π (one alias table of d entries) and takes
// k = classOfRank_i(r), a second u16 table written the same way (unweighted loss only: with
// ω the pairs' weights do not factor, and problem.ts samples from the stored pairs).

import { BIGRAM_SOFTMAX_BLOCK } from "../../layout/generated.js";
import { ProblemCode } from "../codes.js";
import type { CountMatrix } from "../../sparse/count-matrix.js";
import type { BigramSoftmaxConfig } from "./config.js";
import {
  bigramClassStats,
  blockedPass,
  layoutBatchBuffers,
  layoutRowMaxes,
  twinEntryPoints,
  zeroRowMaxes,
  type BigramSoftmaxProblem,
} from "./data-modes.js";
import { forEachRankingRow, RANKING_STREAM, writeRankings } from "../shared/ranking.js";
import { storesTargets } from "./config.js";
import { seedState } from "../../rng/seed.js";
import { RNG_BLOCK } from "../../layout/generated.js";
import { addL2Row, expRow, gradientExpected, rowMax } from "./rows.js";
import { zipfFrequencies } from "../shared/zipf.js";
import { ln } from "../../math/ln.js";
import { buildAliasTable, packAliasTable, drawAlias } from "../../rng/alias.js";
import type { LayoutArena } from "../../wasm/arena.js";
import { miniBatchTwin } from "./mini-batch.js";
import { ConfigError } from "../../config/error.js";

const f32 = Math.fround;

/** The weights that take a pass over the rankings (d² draws when random): built on first use. */
interface DenseWeights {
  omega: Float32Array | null;
  rowWeight: Float32Array;
  classWeight: Float64Array;
  classFrequencies: Float64Array;
}

/** Expected counts c_ik/N = π_i·π_{rank_i(k)}, as the kernel computes them on the fly. */
interface DenseCounts {
  pi: Float64Array;
  a: Float32Array;
  b: Float32Array;
  /** Random rankings (else the identity), written row by row into WASM memory. */
  fillRanks: boolean;
  /** Seed of the rankings. */
  seed: number;
  seedRows: (onRow: (i: number, classOfRank: Uint16Array) => void) => void;
  /** Loss weights ω per class (reweighting): the layout sizes them without computing them. */
  reweighted: boolean;
  /**
   * ω, the row and class weights and π as a next token, computed on first call: a problem is
   * built (and its memory estimated, its layout run dry) in O(d); a run computes them once.
   */
  weights(): DenseWeights;
  pairs: number;
}

export function expectedCounts(config: BigramSoftmaxConfig): DenseCounts {
  const { d, alpha, seed, reweight } = config;
  let weights: DenseWeights | null = null;
  const pi = zipfFrequencies(d, alpha);
  const a = Float32Array.from(pi);
  const b = a;
  const random = config.permutation === "random";
  const seedRows = (onRow: (i: number, classOfRank: Uint16Array) => void) => {
    if (random) forEachRankingRow(d, seed, onRow);
    else {
      const id = Uint16Array.from({ length: d }, (_, k) => k);
      for (let i = 0; i < d; i++) onRow(i, id);
    }
  };
  const fillRanks = random;
  return {
    pi,
    a,
    b,
    fillRanks,
    seed,
    seedRows,
    pairs: config.pairs,
    reweighted: reweight !== "none",
    weights: () => (weights ??= denseWeights(config, pi, a, b, seedRows)),
  };
}

function denseWeights(
  config: BigramSoftmaxConfig,
  pi: Float64Array,
  a: Float32Array,
  b: Float32Array,
  seedRows: DenseCounts["seedRows"],
): DenseWeights {
  const { d, reweight } = config;
  const random = config.permutation === "random";
  // π_k as a next token, Σ_i π_i π_{rank_i(k)}, and the class weights Σ_i c_ik/N as the
  // kernel's f32 entries give them (ℓ_k's denominator): one pass over the rankings, or, with
  // reweighting (ω comes from the frequencies), a second one for the weights.
  const classFrequencies = random ? new Float64Array(d) : Float64Array.from(pi);
  const classWeight = new Float64Array(d);
  const rowWeight = Float32Array.from(pi);
  const addClassWeights = (i: number, row: Uint16Array, omega: Float32Array | null) => {
    for (let r = 0; r < d; r++) {
      const k = row[r];
      let c = f32(a[i] * b[r]);
      if (omega) c = f32(c * omega[k]);
      classWeight[k] += c;
    }
  };
  if (reweight === "none") {
    seedRows((i, row) => {
      if (random) for (let r = 0; r < d; r++) classFrequencies[row[r]] += pi[i] * pi[r];
      addClassWeights(i, row, null);
    });
    return { omega: null, rowWeight, classWeight, classFrequencies };
  }
  if (random)
    seedRows((i, row) => {
      for (let r = 0; r < d; r++) classFrequencies[row[r]] += pi[i] * pi[r];
    });
  const raw = Float64Array.from(classFrequencies, (p) => (reweight === "inverse" ? 1 / p : 1 / Math.sqrt(p)));
  let Z = 0;
  for (let k = 0; k < d; k++) Z += classFrequencies[k] * raw[k];
  const omega = Float32Array.from(raw, (x) => x / Z);
  seedRows((i, row) => {
    let s = 0;
    for (let r = 0; r < d; r++) s += pi[r] * omega[row[r]];
    rowWeight[i] = pi[i] * s;
    addClassWeights(i, row, omega);
  });
  return { omega, rowWeight, classWeight, classFrequencies };
}

/**
 * The targets table c_ik/N = f32(f32(a_i·b_{rank_i(k)})·ω_k) (f32 d×d at `targets`) in WASM
 * memory, as the gradient would make each entry: by the core's kernel
 * (assembly/problems/bigram-softmax/targets.ts, the rankings' own draws) when the arena has
 * one, else row by row here. A dry run allocates what a run with a core allocates.
 */
function writeTargets(arena: LayoutArena, data: DenseCounts, targets: number, aPtr: number, bPtr: number, omegaPtr: number): void {
  const { a, b } = data;
  const d = a.length;
  if (arena.kernels || arena.dryRun) {
    const rng = arena.alloc(RNG_BLOCK.bytes);
    const row = arena.alloc(2 * d);
    if (!arena.kernels) return;
    arena.write(rng, seedState(data.seed, RANKING_STREAM));
    // calls of ~2¹⁸ draws, as writeRankings: V8 tiers the kernel up between calls
    const rows = Math.max(1, Math.floor(2 ** 18 / d));
    for (let i = 0; i < d; i += rows)
      arena.kernels.expectedTargetRows(rng, d, i, Math.min(i + rows, d), row, targets, aPtr, bPtr, omegaPtr);
    return;
  }
  const omega = data.reweighted ? data.weights().omega : null;
  const out = new Float32Array(d);
  forEachRankingRow(d, data.seed, (i, row) => {
    for (let r = 0; r < d; r++) {
      const k = row[r];
      const c = f32(a[i] * b[r]);
      out[k] = omega ? f32(c * omega[k]) : c;
    }
    arena.write(targets + 4 * i * d, out);
  });
}

/** The expected-counts problem: no stored pairs; the kernel's dense mode. */
export function denseProblem(
  data: DenseCounts,
  opts: { batch?: number | "full"; l2?: number; targetsMaxBytes?: number },
  field = "problem",
): BigramSoftmaxProblem {
  const { a, b } = data;
  const d = a.length;
  const lambda = f32(opts.l2 ?? 0);
  const random = data.fillRanks;
  const B = opts.batch === undefined || opts.batch === "full" ? 0 : opts.batch;
  const storeTargets = storesTargets(d, B, random, opts.targetsMaxBytes);
  if (lambda !== 0 && B > 0)
    throw new ConfigError(`${field}.l2`, "needs the full batch: the gradient of λ/2‖W‖² touches every row (got a mini-batch)");
  if (data.reweighted && B > 0)
    throw new Error("expected-count mini-batches sample unweighted pairs (reweighting samples the stored pairs)");
  // Mini-batches: i ~ π, r ~ π from one table; k = classOfRank_i(r).
  const table = B > 0 ? buildAliasTable(data.pi) : null;
  let twinClassOfRank: Uint16Array | null = null; // the twin's class-of-rank table (small d only)
  const miniBatch =
    B > 0
      ? miniBatchTwin(d, B, (rng, pair) => {
          const i = drawAlias(rng, table!);
          const r = drawAlias(rng, table!);
          if (random && !twinClassOfRank) {
            const t = new Uint16Array(d * d);
            data.seedRows((row, classOfRank) => t.set(classOfRank, row * d));
            twinClassOfRank = t;
          }
          pair[0] = i;
          pair[1] = twinClassOfRank ? twinClassOfRank[i * d + r] : r;
        })
      : null;
  let twinRanks: Uint16Array | null = null; // the twin's rank table (small d only)
  const ranksFor = (): Uint16Array | null => {
    if (!random) return null;
    if (!twinRanks) {
      const t = new Uint16Array(d * d);
      data.seedRows((i, row) => {
        for (let r = 0; r < d; r++) t[i * d + row[r]] = r;
      });
      twinRanks = t;
    }
    return twinRanks;
  };
  const u = new Float32Array(d);
  // Twin of bigramSoftmaxRows (dense mode): row by row, loss in row order.
  function rowsPass(w: Float32Array, g: Float32Array | null, classLoss: Float64Array | null, i0: number, i1: number): number {
    const ranks = ranksFor();
    const { rowWeight, omega } = data.weights();
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
        const s = f32(rw / S);
        const dot = gradientExpected(out, o, w, off, d, s, { a: a[i], b, ranks, rankOff: i * d, omega }, classLoss, lse);
        rowLoss = rw * lse - dot;
      }
      if (lambda !== 0) rowLoss += 0.5 * lambda * addL2Row(out, o, w, off, d, lambda);
      loss += rowLoss;
    }
    return loss;
  }
  const fullPass = (w: Float32Array, g: Float32Array | null, classLoss: Float64Array | null) => blockedPass(d, rowsPass, w, g, classLoss);
  let csr: CountMatrix | null = null;
  const problem: BigramSoftmaxProblem = {
    code: ProblemCode.BigramSoftmax,
    n: d * d,
    d,
    batch: B,
    pairs: data.pairs,
    rowLen: B > 0 ? d : 0,
    inputFrequencies: Float64Array.from(a),
    get classFrequencies() {
      return data.weights().classFrequencies;
    },
    fusedSteps: true,
    deferredRecords: B === 0,
    countFold: d,
    threadRows: B === 0 ? { rows: d, scratchBytes: 8 * d, classes: d } : undefined,
    get counts(): CountMatrix {
      if (!csr) {
        const cols = new Int32Array(d * d);
        const counts = new Float64Array(d * d);
        problem.forEachRow((i, rc, row) => {
          cols.set(rc, i * d);
          counts.set(row, i * d);
        });
        csr = { d, rowStart: Int32Array.from({ length: d + 1 }, (_, i) => i * d), cols, counts };
      }
      return csr;
    },
    forEachRow(onRow): void {
      // each row in rank order, k = classOfRank[i][r], c_ik = N·π_i·π_r
      const cols = new Int32Array(d);
      const counts = new Float64Array(d);
      data.seedRows((i, classOfRank) => {
        for (let r = 0; r < d; r++) {
          cols[r] = classOfRank[r];
          counts[r] = data.pairs * data.pi[i] * data.pi[r];
        }
        onRow(i, cols, counts, d);
      });
    },
    layout(arena: LayoutArena, rng: number): number {
      const rowStart = arena.put(new Int32Array(d + 1));
      // the weights take a pass over the rankings: a dry run only sizes them
      const weights = arena.dryRun ? null : data.weights();
      const rowWeightPtr = arena.allocF32(d);
      if (weights) arena.write(rowWeightPtr, weights.rowWeight);
      const aPtr = arena.put(a);
      const bPtr = arena.put(b);
      const omegaPtr = data.reweighted ? arena.allocF32(d) : 0;
      if (weights?.omega) arena.write(omegaPtr, weights.omega);
      const scratch = arena.allocF32(2 * d);
      const hits = arena.alloc(4 * d);
      // the targets c_ik/N where they fit (storesTargets), else rank_i(k), and for mini-batches
      // classOfRank_i(r), generated row by row straight into WASM memory in one pass over the
      // rankings (no JS d² array)
      const targets = storeTargets ? arena.alloc(4 * d * d) : 0;
      const rankPtr = random && !targets ? arena.alloc(2 * d * d) : 0;
      const classOfRankPtr = random && B > 0 ? arena.alloc(2 * d * d) : 0;
      if (targets) writeTargets(arena, data, targets, aPtr, bPtr, omegaPtr);
      else if (random) writeRankings(arena, d, data.seed, classOfRankPtr, rankPtr);
      const aliasTable = table ? arena.put(packAliasTable(table)) : 0;
      const batch = layoutBatchBuffers(arena, d, B);
      const partial = arena.alloc(8 * d);
      const rowMaxes = layoutRowMaxes(arena, d);
      const block = arena.alloc(BIGRAM_SOFTMAX_BLOCK.bytes);
      arena.writeBlock(block, BIGRAM_SOFTMAX_BLOCK, {
        d,
        batch: B,
        nnz: 0,
        rowStart,
        cols: 0,
        entryWeights: 0,
        rowWeights: rowWeightPtr,
        entryRows: 0,
        aliasTable,
        scratch,
        hits,
        ...batch,
        rng,
        lambda,
        dense: 1,
        a: aPtr,
        b: bPtr,
        rank: rankPtr,
        omega: omegaPtr,
        classPartial: partial,
        classOfRank: classOfRankPtr,
        rowMaxes,
        targets,
      });
      return block;
    },
    zeroWeights: zeroRowMaxes,
    ...twinEntryPoints(d, fullPass, miniBatch, () => data.weights().classWeight),
  };
  return Object.assign(problem, { classStats: bigramClassStats(problem, () => data.weights().classWeight) });
}
