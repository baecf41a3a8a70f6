// Linear bigram model with the square loss (phenomena 3, 5), the twin of
// assembly/problems/bigram-square/problem.ts, whose header gives the math and the block. Two
// data, one problem: synthetic Zipf pairs (i ~ π, k | i ~ p_i with p_ik = π_{rank_i(k)}), or a
// count matrix (a corpus: q = c/N, π_i = Σ_k q_ik). They differ in how a pair (i, k) is drawn
// (DrawPair) and in row i's target: dense p_i (Zipf), or the row's CSR entries (counts).
//   L(W) = E ½‖We_i − e_k‖² = ½ Σ_i π_i ‖W_i − p_i‖² + L*
// W_i = W[:, i] is stored as row i, so parameter (k, i) sits at index i·d + k.
// Full-batch GD from W = 0 is closed form per row: W_ki(t) = p_ik (1 − (1 − ηπ_i)^t).

import { BIGRAM_SQUARE_BLOCK, BigramData } from "../../layout/generated.js";
import { argInteger, argOptionalObject } from "../../config/args.js";
import { ConfigError } from "../../config/error.js";
import { ProblemCode } from "../codes.js";
import type { ClassStatistics, Problem } from "../problem.js";
import type { TouchedRows } from "../../sparse/touched-rows.js";
import { checkCountMatrix, type CountMatrix } from "../../sparse/count-matrix.js";
import { laneSum } from "../../math/lane-sum.js";
import { zipfFrequencies } from "../shared/zipf.js";
import { checkMemory } from "../shared/memory.js";
import { forEachRankingRow, randomRanking, writeRankings } from "../shared/ranking.js";
import type { Xoshiro128 } from "../../rng/xoshiro.js";
import { buildAliasTable, packAliasTable, drawAlias } from "../../rng/alias.js";
import type { LayoutArena } from "../../wasm/arena.js";

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
type DrawPair = (rng: Xoshiro128, pair: Int32Array) => void;

/** Row i's target, rows in order: dense p_i (Zipf), or null and the row's CSR entries (counts). */
type RowTargets = (onRow: (i: number, p: Float32Array | null) => void) => void;

interface SparseTargets {
  rowStart: Int32Array;
  cols: Int32Array;
  /** q_e = c_e/N (f32, as stored). */
  q: Float32Array;
}

const f32 = Math.fround;

/**
 * The twin's loss, gradient and class losses, common to both data: the kernel's order of
 * operations (rows.ts: row sums in lane order; the entries of a row in order).
 */
function twinPasses(
  d: number,
  B: number,
  pi: Float32Array,
  rows: RowTargets,
  sparse: SparseTargets | null,
  draw: DrawPair,
  optimalLoss: number,
  optimalRowLoss: number,
) {
  const hits = new Int32Array(d);
  const samples = new Int32Array(2 * B);
  const pair = new Int32Array(2);

  // Σ_k (W_ik − p_ik)², or Σ_k W_ik² without a dense target
  const residual = (w: Float32Array, off: number, p: Float32Array | null) =>
    laneSum(d, (k) => {
      const delta = p ? f32(w[off + k] - p[k]) : w[off + k];
      return f32(delta * delta);
    });
  // acc + Σ_e q_e W_ie over row i's entries in order (f64 of f32 products); with g also g_ie −= q_e
  const addEntries = (acc: number, w: Float32Array, g: Float32Array | null, i: number) => {
    const { rowStart, cols, q } = sparse!;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const o = i * d + cols[e];
      acc += f32(q[e] * w[o]);
      if (g) g[o] = f32(g[o] - q[e]);
    }
    return acc;
  };

  function fullPass(w: Float32Array, g: Float32Array | null): number {
    let squares = 0,
      linear = 0;
    rows((i, p) => {
      const off = i * d,
        s = pi[i];
      if (g) for (let k = 0; k < d; k++) g[off + k] = f32(s * (p ? f32(w[off + k] - p[k]) : w[off + k]));
      squares += s * residual(w, off, p);
      if (sparse) linear = addEntries(linear, w, g, i);
    });
    return sparse ? 0.5 * squares - linear + 0.5 : 0.5 * squares + optimalLoss;
  }

  // draws, hits, per-row scale, per-sample −1/B
  function miniBatch(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched: TouchedRows): number {
    for (let b = 0; b < B; b++) {
      draw(rng, pair);
      samples[2 * b] = pair[0];
      samples[2 * b + 1] = pair[1];
      touched.touch(pair[0]);
      hits[pair[0]]++;
    }
    const invB = 1 / B;
    let total = 0;
    for (const i of touched.list()) {
      const c = f32(hits[i] * invB);
      const off = i * d;
      for (let k = 0; k < d; k++) g[off + k] = f32(c * w[off + k]);
      total += hits[i] * residual(w, off, null);
      hits[i] = 0;
    }
    const step = f32(invB);
    for (let b = 0; b < B; b++) {
      const o = samples[2 * b] * d + samples[2 * b + 1];
      total += 1 - 2 * w[o];
      g[o] = f32(g[o] - step);
    }
    return total * (0.5 * invB);
  }

  /** ℓ_i of every input token i (bigramSquareClassLoss). */
  function classLosses(w: Float32Array): Float64Array {
    const out = new Float64Array(d);
    rows((i, p) => {
      if (p) {
        out[i] = 0.5 * residual(w, i * d, p) + optimalRowLoss;
        return;
      }
      const dot = pi[i] > 0 ? addEntries(0, w, null, i) / pi[i] : 0;
      out[i] = 0.5 * (residual(w, i * d, null) - 2 * dot + 1);
    });
    return out;
  }

  return {
    twinGradient(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched?: TouchedRows): number {
      if (B === 0) return fullPass(w, g);
      if (!touched) throw new Error("bigram-square mini-batch: the twin needs the touched-row list");
      return miniBatch(w, g, rng, touched);
    },
    twinLoss: (w: Float32Array) => fullPass(w, null),
    classLosses,
  };
}

/** The per-class loss statistics: input token i is a class of frequency π_i (L = Σ_i π_i ℓ_i). */
function classStats(d: number, frequencies: Float64Array, classLosses: (w: Float32Array) => Float64Array): ClassStatistics {
  return {
    classes: d,
    classIs: "input token",
    frequencies,
    fields: ["loss"],
    classOfParam: (index) => Math.floor(index / d), // W_i = W[:, i] is row i
    wasmValues: d,
    wasm: (exports, prob, w, _g, out) => exports.bigramSquareClassLoss(prob, w, out),
    twin: (w) => classLosses(w),
  };
}

/** The synthetic Zipf problem of a validated config (declaration.ts validates; bigramSquareProblem takes any input). */
export function makeBigramSquareProblem(config: BigramSquareConfig): ZipfBigramSquare {
  const d = config.d;
  const B = config.batch === "full" ? 0 : config.batch;
  const pi64 = zipfFrequencies(d, config.alpha);
  const pi = Float32Array.from(pi64);
  const alias = buildAliasTable(pi);
  const random = config.permutation === "random";
  const row = new Float32Array(d);

  // L* = ½ Σ_i π_i (1 − ‖p_i‖²) of the exact (f64) model; every row holds the same values,
  // so ‖p_i‖² = Σ_r π_r². The kernel's L(W) = ½ Σ_i π_i ‖W_i − p_i‖² + L* uses π rounded to
  // f32, so L − L* is exactly its excess sum, whatever the rounding.
  let rowSquares = 0;
  for (let r = 0; r < d; r++) rowSquares += pi64[r] * pi64[r];
  let optimalLoss = 0;
  for (let i = 0; i < d; i++) optimalLoss += pi64[i] * (1 - rowSquares);
  optimalLoss *= 0.5;
  // ℓ* = ½(1 − ‖p_i‖²): every class's loss at the optimum, so that L* = Σ_i π_i ℓ*.
  const optimalRowLoss = 0.5 * (1 - rowSquares);

  // The random rankings as a d² table (classOfRank[i·d + r]), for random access only: the
  // twin's mini-batch draws and the row accessors. Built on first use; the kernel's layout and
  // the twin's passes in row order never build it. null = the identity.
  let table: Uint16Array | null = null;
  const rankTable = (): Uint16Array | null => (random ? (table ??= randomRanking(d, config.seed)) : null);
  function classOfRankRow(i: number): Uint16Array {
    return rankTable()?.subarray(i * d, (i + 1) * d) ?? Uint16Array.from({ length: d }, (_, r) => r);
  }

  /** onRow(i, p_i) for every row in order, O(d) memory: p_i is π scattered by row i's ranking. */
  function forEachConditional(onRow: (i: number, p: Float32Array) => void): void {
    if (!random) {
      for (let i = 0; i < d; i++) onRow(i, pi);
      return;
    }
    forEachRankingRow(d, config.seed, (i, classOfRank) => {
      for (let r = 0; r < d; r++) row[classOfRank[r]] = pi[r];
      onRow(i, row);
    });
  }

  const draw: DrawPair = (rng, pair) => {
    const i = drawAlias(rng, alias);
    const r = drawAlias(rng, alias);
    const classOfRank = rankTable();
    pair[0] = i;
    pair[1] = classOfRank ? classOfRank[i * d + r] : r;
  };
  const twin = twinPasses(d, B, pi, forEachConditional, null, draw, optimalLoss, optimalRowLoss);

  return {
    data: "zipf",
    code: ProblemCode.BigramSquare,
    n: d * d,
    d,
    batch: B,
    frequencies: pi,
    classOfRankRow,
    rowLen: B > 0 ? d : 0,
    optimalLoss,
    classStats: classStats(d, Float64Array.from(pi), twin.classLosses),
    layout(arena: LayoutArena, rng: number): number {
      const piPtr = arena.allocF32(d);
      arena.write(piPtr, pi);
      const tablePtr = arena.alloc(8 * d);
      arena.write(tablePtr, packAliasTable(alias));
      // The rankings, generated row by row straight into WASM memory (no JS d² array); the
      // view is taken after the allocation, which may grow memory and detach older views.
      const ranksPtr = random ? arena.alloc(2 * d * d) : 0;
      if (random) writeRankings(arena, d, config.seed, ranksPtr, 0);
      const rowPtr = arena.allocF32(d);
      const hitsPtr = arena.alloc(4 * d);
      const samplesPtr = arena.alloc(8 * Math.max(B, 1));
      const block = arena.alloc(BIGRAM_SQUARE_BLOCK.bytes);
      arena.writeBlock(block, BIGRAM_SQUARE_BLOCK, {
        d,
        batch: B,
        data: BigramData.Zipf,
        pi: piPtr,
        aliasTable: tablePtr,
        aliasSize: d,
        classOfRank: ranksPtr,
        rowScratch: rowPtr,
        rowStart: 0,
        cols: 0,
        q: 0,
        entryRows: 0,
        hits: hitsPtr,
        samples: samplesPtr,
        rng,
        coefficient: 0,
        optimalLoss,
        optimalRowLoss,
      });
      return block;
    },
    twinGradient: twin.twinGradient,
    twinLoss: twin.twinLoss,
    conditional(i: number): Float32Array {
      const p = new Float32Array(d);
      classOfRankRow(i).forEach((k, r) => {
        p[k] = pi[r];
      });
      return p;
    },
    expectedGradient(w: Float32Array): Float64Array {
      const out = new Float64Array(d * d);
      forEachConditional((i, p) => {
        for (let k = 0; k < d; k++) out[i * d + k] = pi[i] * (w[i * d + k] - p[k]);
      });
      return out;
    },
    gdClosedForm(eta: number, t: number): Float64Array {
      const out = new Float64Array(d * d);
      forEachConditional((i, p) => {
        const reached = 1 - (1 - eta * pi[i]) ** t;
        for (let k = 0; k < d; k++) out[i * d + k] = p[k] * reached;
      });
      return out;
    },
  };
}

/**
 * Bytes of WASM memory a run on counts needs at least: W and g (4·d² each), `stateArrays`
 * optimizer state arrays of d² f32, the CSR (8 bytes an entry, 20 for mini-batches). The
 * exact estimate of a run is its layout run dry (src/loop/memory.ts).
 */
export function bigramSquareCountsBytes(d: number, nnz: number, batch: number, stateArrays = 0): number {
  argInteger("d", d, 1);
  argInteger("nnz", nnz, 0);
  argInteger("batch", batch, 0);
  argInteger("stateArrays", stateArrays, 0, 64);
  return 4 * d * d * (2 + stateArrays) + (batch > 0 ? 20 : 8) * nnz;
}

/** The problem on any count matrix (a corpus: countsFromPairs). */
export function bigramSquareFromCounts(counts: CountMatrix, opts: { batch?: number | "full" } = {}, field = "problem"): CountsBigramSquare {
  argOptionalObject("opts", opts);
  const prefix = field ? `${field}.` : "";
  checkCountMatrix(counts, `${prefix}counts`);
  const { d, rowStart, cols } = counts;
  const nnz = rowStart[d];
  const batch = opts.batch ?? "full";
  if (batch !== "full" && !(Number.isInteger(batch) && batch >= 1 && batch <= MAX_BATCH)) {
    throw new ConfigError(`${prefix}batch`, `must be "full" or an integer in [1, ${MAX_BATCH}] (got ${batch})`);
  }
  const B = batch === "full" ? 0 : batch;
  checkMemory(
    `${prefix}d`,
    bigramSquareCountsBytes(d, nnz, B),
    `d = ${d}: W and its gradient, 4·d² bytes each, and ${nnz} stored pairs`,
    "use a smaller vocabulary (--vocab)",
  );

  let N = 0;
  for (let e = 0; e < nnz; e++) N += counts.counts[e];
  const entryRow = new Int32Array(nnz);
  const inputFrequencies = new Float64Array(d);
  const rowSquares = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let n = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      entryRow[e] = i;
      n += counts.counts[e];
    }
    inputFrequencies[i] = n / N;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) rowSquares[i] += (counts.counts[e] / n) ** 2;
  }
  // L* = ½ − ½ Σ_ik q_ik²/π_i = ½ − ½ Σ_i π_i ‖p_i‖²
  let qSquaresOverPi = 0;
  for (let i = 0; i < d; i++) qSquaresOverPi += inputFrequencies[i] * rowSquares[i];
  const optimalLoss = 0.5 - 0.5 * qSquaresOverPi;
  const q = Float32Array.from(counts.counts, (c) => c / N);
  const pi = Float32Array.from(inputFrequencies);
  const alias = B > 0 ? buildAliasTable(counts.counts) : null;

  const rows: RowTargets = (onRow) => {
    for (let i = 0; i < d; i++) onRow(i, null);
  };
  const draw: DrawPair = (rng, pair) => {
    const e = drawAlias(rng, alias!);
    pair[0] = entryRow[e];
    pair[1] = cols[e];
  };
  const twin = twinPasses(d, B, pi, rows, { rowStart, cols, q }, draw, optimalLoss, 0);

  return {
    data: "counts",
    code: ProblemCode.BigramSquare,
    n: d * d,
    d,
    batch: B,
    counts,
    rowLen: B > 0 ? d : 0,
    frequencies: pi,
    inputFrequencies,
    rowSquares,
    optimalLoss,
    classStats: classStats(d, inputFrequencies, twin.classLosses),
    layout(arena: LayoutArena, rng: number): number {
      const rowStartPtr = arena.put(rowStart);
      const colsPtr = arena.put(cols);
      const qPtr = arena.put(q);
      const piPtr = arena.put(pi);
      const entryRowPtr = B > 0 ? arena.put(entryRow) : 0;
      const tablePtr = alias ? arena.put(packAliasTable(alias)) : 0;
      const hitsPtr = arena.alloc(4 * d);
      const samplesPtr = arena.alloc(8 * Math.max(B, 1));
      const block = arena.alloc(BIGRAM_SQUARE_BLOCK.bytes);
      arena.writeBlock(block, BIGRAM_SQUARE_BLOCK, {
        d,
        batch: B,
        data: BigramData.Counts,
        pi: piPtr,
        aliasTable: tablePtr,
        aliasSize: nnz,
        classOfRank: 0,
        rowScratch: 0,
        rowStart: rowStartPtr,
        cols: colsPtr,
        q: qPtr,
        entryRows: entryRowPtr,
        hits: hitsPtr,
        samples: samplesPtr,
        rng,
        coefficient: 0,
        optimalLoss: 0,
        optimalRowLoss: 0,
      });
      return block;
    },
    twinGradient: twin.twinGradient,
    twinLoss: twin.twinLoss,
    gdClosedForm(eta: number, t: number): Float64Array {
      const out = new Float64Array(d * d);
      for (let i = 0; i < d; i++) {
        const reached = 1 - (1 - eta * inputFrequencies[i]) ** t;
        const n = inputFrequencies[i] * N;
        for (let e = rowStart[i]; e < rowStart[i + 1]; e++) out[i * d + cols[e]] = (counts.counts[e] / n) * reached;
      }
      return out;
    },
    gdExcessLoss(eta: number, t: number): number {
      let s = 0;
      for (let i = 0; i < d; i++) s += inputFrequencies[i] * rowSquares[i] * (1 - eta * inputFrequencies[i]) ** (2 * t);
      return 0.5 * s;
    },
  };
}
