// Linear bigram model under Zipf with the square loss (SPEC item 3). Kernel:
// assembly/problems/bigram-square/problem.ts, whose header gives the math and the problem block.
//   i ~ π (π_i ∝ i^(−α)),  k | i ~ p_i with p_ik = π_{rank_i(k)},  L(W) = E ½‖We_i − e_k‖²
// W_i = W[:, i] is stored as row i, so parameter (k, i) sits at index i·d + k.
import { writeBlock } from "../../layout/block.js";
import { BIGRAM_SQUARE_BLOCK } from "../../layout/generated.js";
import { ProblemCode } from "../codes.js";
import type { Problem } from "../problem.js";
import type { TouchedRows } from "../../sparse/touched-rows.js";
import { laneSum } from "../../math/lane-sum.js";
import { zipfFrequencies } from "../shared/zipf.js";
import { forEachRankingRow, randomRanking, writeRankings } from "../shared/ranking.js";
import type { Xoshiro128 } from "../../rng/xoshiro.js";
import { bigramSquareLayoutBytes, resolveBigramSquareConfig, type BigramSquareInput } from "./config.js";
import { buildAliasTable, packAliasTable, drawAlias } from "../../rng/alias.js";
import type { Arena } from "../../wasm/arena.js";

export interface BigramSquareProblem extends Problem {
  readonly d: number;
  /** Samples per step; 0 = full batch (exact expectation). */
  readonly batch: number;
  /** π as the kernel sees it (f32); the conditional rows are permutations of it. */
  readonly frequencies: Float32Array;
  /**
   * Row i of the rankings: the classes by rank (entry r = the class of rank r). Random
   * rankings are generated as a d² table on the first call (tests, small d); a WASM run never
   * builds it (its layout writes the rankings row by row into WASM memory).
   */
  classOfRankRow(i: number): Uint16Array;
  /** d for mini-batches (row-sparse gradients), 0 for the full batch. */
  readonly rowLen: number;
  /** L* = min L = ½ Σ_i π_i (1 − ‖p_i‖²), attained at W_ki = p_ik (in f64, from the f64 π). */
  readonly optimalLoss: number;
  twinLoss(w: Float32Array): number;
  /** p_i = p(· | i) (f32, as stored). */
  conditional(i: number): Float32Array;
  /** The exact gradient in f64: entry (k, i) = π_i (W_ki − p_ik). */
  expectedGradient(w: Float32Array): Float64Array;
  /** Full-batch GD from W = 0 with step η, in f64: W_ki(t) = p_ik (1 − (1 − ηπ_i)^t). */
  gdClosedForm(eta: number, t: number): Float64Array;
}

const f32 = Math.fround;
export function bigramSquareProblem(input: BigramSquareInput = {}): BigramSquareProblem {
  const config = resolveBigramSquareConfig(input);
  const d = config.d;
  const B = config.batch === "full" ? 0 : config.batch;
  const pi64 = zipfFrequencies(d, config.alpha);
  const pi = Float32Array.from(pi64);
  const alias = buildAliasTable(pi);
  const random = config.permutation === "random";
  const row = new Float32Array(d);
  const hits = new Int32Array(d);
  const samples = new Int32Array(2 * B);

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

  // Twin of residualRow's sum (assembly/problems/bigram-square/rows.ts): Σ_k (W_ik − p_ik)².
  const residual = (w: Float32Array, off: number, p: Float32Array) => laneSum(d, (k) => {
    const delta = f32(w[off + k] - p[k]);
    return f32(delta * delta);
  });

  // L(W), and with g the full-batch gradient, in the kernel's order.
  function fullPass(w: Float32Array, g: Float32Array | null): number {
    let total = 0;
    forEachConditional((i, p) => {
      const off = i * d;
      const scale = pi[i];
      if (g) for (let k = 0; k < d; k++) g[off + k] = f32(scale * f32(w[off + k] - p[k]));
      total += scale * residual(w, off, p);
    });
    return 0.5 * total + optimalLoss;
  }

  // Twin of miniBatchGradient: draws, hits, per-row scale, per-sample −1/B.
  function miniBatch(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched: TouchedRows): number {
    const classOfRank = rankTable();
    for (let b = 0; b < B; b++) {
      const i = drawAlias(rng, alias);
      const r = drawAlias(rng, alias);
      samples[2 * b] = i;
      samples[2 * b + 1] = classOfRank ? classOfRank[i * d + r] : r;
      touched.touch(i);
      hits[i]++;
    }
    const invB = 1 / B;
    let total = 0;
    for (const i of touched.list()) {
      const c = f32(hits[i] * invB);
      const off = i * d;
      for (let k = 0; k < d; k++) g[off + k] = f32(c * w[off + k]);
      total += hits[i] * laneSum(d, (k) => f32(w[off + k] * w[off + k]));
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

  return {
    code: ProblemCode.BigramSquare,
    layoutBytes: bigramSquareLayoutBytes(d, B, random),
    n: d * d,
    d,
    batch: B,
    frequencies: pi,
    classOfRankRow,
    rowLen: B > 0 ? d : 0,
    optimalLoss,
    classStats: {
      // Input token i is a class of frequency π_i; its loss ℓ_i = ½ E[‖W e_i − e_k‖² | i]
      // = ½‖W_i − p_i‖² + ℓ*, so that L = Σ_i π_i ℓ_i (bigramSquareClassLoss).
      classes: d, classIs: "input token", frequencies: Float64Array.from(pi), fields: ["loss"],
      classOfParam: (index) => Math.floor(index / d), // W_i = W[:, i] is row i
      wasmValues: d,
      wasm: (exports, prob, w, _g, out) => exports.bigramSquareClassLoss(prob, w, out),
      twin(w) {
        const out = new Float64Array(d);
        forEachConditional((i, p) => { out[i] = 0.5 * residual(w, i * d, p) + optimalRowLoss; });
        return out;
      },
    },
    layout(arena: Arena, rng: number): number {
      const piPtr = arena.allocF32(d);
      arena.f32(piPtr, d).set(pi);
      const tablePtr = arena.alloc(8 * d);
      arena.u32(tablePtr, 2 * d).set(packAliasTable(alias));
      // The rankings, generated row by row straight into WASM memory (no JS d² array); the
      // view is taken after the allocation, which may grow memory and detach older views.
      const ranksPtr = random ? arena.alloc(2 * d * d) : 0;
      if (random) writeRankings(arena, d, config.seed, ranksPtr, 0);
      const rowPtr = arena.allocF32(d);
      const hitsPtr = arena.alloc(4 * d);
      const samplesPtr = arena.alloc(8 * Math.max(B, 1));
      const block = arena.alloc(BIGRAM_SQUARE_BLOCK.bytes);
      writeBlock(arena.view(), block, BIGRAM_SQUARE_BLOCK, {
        d, batch: B, pi: piPtr, aliasTable: tablePtr, classOfRank: ranksPtr, rowScratch: rowPtr,
        hits: hitsPtr, samples: samplesPtr, rng, coefficient: 0, optimalLoss, optimalRowLoss,
      });
      return block;
    },
    twinGradient(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched?: TouchedRows): number {
      if (B === 0) return fullPass(w, g);
      if (!touched) throw new Error("bigram-square mini-batch: the twin needs the touched-row list");
      return miniBatch(w, g, rng, touched);
    },
    twinLoss: (w) => fullPass(w, null),
    conditional(i: number): Float32Array {
      const p = new Float32Array(d);
      classOfRankRow(i).forEach((k, r) => { p[k] = pi[r]; });
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
