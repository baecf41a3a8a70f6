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
import { randomRanking } from "../shared/ranking.js";
import type { Xoshiro128 } from "../../rng/xoshiro.js";
import { resolveBigramSquareConfig, type BigramSquareInput } from "./config.js";
import { buildAliasTable, packAliasTable, sampleAlias } from "../../rng/alias.js";
import type { Arena } from "../../wasm/arena.js";

export interface BigramSquareProblem extends Problem {
  readonly d: number;
  /** Samples per step; 0 = full batch (exact expectation). */
  readonly batch: number;
  /** π as the kernel sees it (f32); the conditional rows are permutations of it. */
  readonly frequencies: Float32Array;
  /** Row i lists the classes by rank (classOfRank[i·d + r]); null = identity. */
  readonly classOfRank: Uint16Array | null;
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
  const table = buildAliasTable(pi);
  const classOfRank = config.permutation === "random" ? randomRanking(d, config.seed) : null;
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

  function conditionalRow(i: number): Float32Array {
    if (!classOfRank) return pi;
    for (let r = 0; r < d; r++) row[classOfRank[i * d + r]] = pi[r];
    return row;
  }

  // L(W), and with g the full-batch gradient, in the kernel's order.
  function fullPass(w: Float32Array, g: Float32Array | null): number {
    let total = 0;
    for (let i = 0; i < d; i++) {
      const p = conditionalRow(i);
      const off = i * d;
      const scale = pi[i];
      if (g) for (let k = 0; k < d; k++) g[off + k] = f32(scale * f32(w[off + k] - p[k]));
      total += scale * laneSum(d, (k) => {
        const delta = f32(w[off + k] - p[k]);
        return f32(delta * delta);
      });
    }
    return 0.5 * total + optimalLoss;
  }

  // Twin of miniBatchGradient: draws, hits, per-row scale, per-sample −1/B.
  function miniBatch(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched: TouchedRows): number {
    for (let b = 0; b < B; b++) {
      const i = sampleAlias(rng, table);
      const r = sampleAlias(rng, table);
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
    layoutBytes: 28 * d + (classOfRank ? 2 * d * d : 0) + 8 * Math.max(B, 1) + 1024,
    n: d * d,
    d,
    batch: B,
    frequencies: pi,
    classOfRank,
    rowLen: B > 0 ? d : 0,
    optimalLoss,
    classStats: {
      // Input token i is a class of frequency π_i; its loss ℓ_i = ½ E[‖W e_i − e_k‖² | i]
      // = ½(‖W_i‖² − 2 p_i·W_i + 1), so that L = Σ_i π_i ℓ_i.
      classes: d, classIs: "input token", frequencies: Float64Array.from(pi), fields: ["loss"],
      classOfParam: (index) => Math.floor(index / d), // W_i = W[:, i] is row i
      twin(w) {
        const out = new Float64Array(d);
        for (let i = 0; i < d; i++) {
          const p = conditionalRow(i);
          let s = 1;
          for (let k = 0; k < d; k++) s += w[i * d + k] * (w[i * d + k] - 2 * p[k]);
          out[i] = 0.5 * s;
        }
        return out;
      },
    },
    layout(arena: Arena, rng: number): number {
      const piPtr = arena.allocF32(d);
      arena.f32(piPtr, d).set(pi);
      const tablePtr = arena.alloc(8 * d);
      arena.u32(tablePtr, 2 * d).set(packAliasTable(table));
      let ranksPtr = 0;
      if (classOfRank) {
        ranksPtr = arena.alloc(2 * d * d);
        arena.u8(ranksPtr, 2 * d * d).set(new Uint8Array(classOfRank.buffer, classOfRank.byteOffset, 2 * d * d));
      }
      const rowPtr = arena.allocF32(d);
      const hitsPtr = arena.alloc(4 * d);
      const samplesPtr = arena.alloc(8 * Math.max(B, 1));
      const block = arena.alloc(BIGRAM_SQUARE_BLOCK.bytes);
      writeBlock(arena.view(), block, BIGRAM_SQUARE_BLOCK, {
        d, batch: B, pi: piPtr, aliasTable: tablePtr, classOfRank: ranksPtr, rowScratch: rowPtr,
        hits: hitsPtr, samples: samplesPtr, rng, coefficient: 0, optimalLoss,
      });
      return block;
    },
    twinGradient(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched?: TouchedRows): number {
      if (B === 0) return fullPass(w, g);
      if (!touched) throw new Error("bigram-square mini-batch: the twin needs the touched-row list");
      return miniBatch(w, g, rng, touched);
    },
    twinLoss: (w) => fullPass(w, null),
    conditional: (i) => conditionalRow(i).slice(),
    expectedGradient(w: Float32Array): Float64Array {
      const out = new Float64Array(d * d);
      for (let i = 0; i < d; i++) {
        const p = conditionalRow(i);
        for (let k = 0; k < d; k++) out[i * d + k] = pi[i] * (w[i * d + k] - p[k]);
      }
      return out;
    },
    gdClosedForm(eta: number, t: number): Float64Array {
      const out = new Float64Array(d * d);
      for (let i = 0; i < d; i++) {
        const p = conditionalRow(i);
        const reached = 1 - (1 - eta * pi[i]) ** t;
        for (let k = 0; k < d; k++) out[i * d + k] = p[k] * reached;
      }
      return out;
    },
  };
}
