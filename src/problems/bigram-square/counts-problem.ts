// The linear bigram model with the square loss on any count matrix (a real corpus), the
// twin of assembly/problems/bigram-square/counts-problem.ts, whose header gives the math:
//   L(W) = ½ Σ_i π_i ‖W_i‖² − Σ_ik q_ik W_ik + ½,  q = c/N,  π_i = Σ_k q_ik,  p_ik = q_ik/π_i
//   ∇_{W_i} L = π_i W_i − q_i;  L* = ½ − ½ Σ_ik q_ik²/π_i at W_i = p_i
// Full-batch GD from W = 0 is closed form per column: W_ki(t) = p_ik (1 − (1 − ηπ_i)^t), so
//   L(W_t) − L* = ½ Σ_i π_i ‖p_i‖² (1 − ηπ_i)^{2t}.
// Classes are input tokens (GD's speed on column i is π_i), as in the synthetic problem.
import { argInteger, argOptionalObject } from "../../config/args.js";
import { writeBlock } from "../../layout/block.js";
import { BIGRAM_SQUARE_COUNTS_BLOCK } from "../../layout/generated.js";
import { ProblemCode } from "../codes.js";
import type { Problem } from "../problem.js";
import { checkCountMatrix, type CountMatrix } from "../bigram-softmax/counts.js";
import { laneSum } from "../../math/lane-sum.js";
import { ConfigError } from "../../config/fields.js";
import { MAX_BATCH } from "./config.js";
import { checkMemory } from "../shared/memory.js";
import { buildAliasTable, packAliasTable, drawAlias } from "../../rng/alias.js";
import type { Xoshiro128 } from "../../rng/xoshiro.js";
import type { TouchedRows } from "../../sparse/touched-rows.js";
import type { Arena } from "../../wasm/arena.js";


export interface BigramSquareCountsProblem extends Problem {
  readonly d: number;
  readonly batch: number;
  readonly counts: CountMatrix;
  readonly rowLen: number;
  /** π_i = n_i/N in f64 (input frequencies: the classes). */
  readonly inputFrequencies: Float64Array;
  /** ‖p_i‖² in f64. */
  readonly rowSquares: Float64Array;
  readonly optimalLoss: number;
  twinLoss(w: Float32Array): number;
  /** Full-batch GD from W = 0 in f64: W_ki(t) = p_ik (1 − (1 − ηπ_i)^t), dense d×d. */
  gdClosedForm(eta: number, t: number): Float64Array;
  /** L(W_t) − L* of that trajectory, O(d): ½ Σ_i π_i ‖p_i‖² (1 − ηπ_i)^{2t}. */
  gdExcessLoss(eta: number, t: number): number;
}

const f32 = Math.fround;

/**
 * Bytes the layout allocates in WASM memory: the CSR (row starts, columns, q: 8 bytes an entry),
 * π and the hits (4·d each), for mini-batches each entry's row and the alias table (12 bytes an
 * entry), the samples (4·B) and the block, each allocation 16-byte aligned.
 */
export function bigramSquareCountsLayoutBytes(d: number, nnz: number, batch: number): number {
  return 12 * d + 4 + (batch > 0 ? 20 : 8) * nnz + 4 * Math.max(batch, 1) + BIGRAM_SQUARE_COUNTS_BLOCK.bytes + 8 * 15;
}

/** Bytes of WASM memory a run needs at least: W and g (4·d² each), state arrays, the layout. */
export function bigramSquareCountsBytes(d: number, nnz: number, batch: number, stateArrays = 0): number {
  argInteger("d", d, 1);
  argInteger("nnz", nnz, 0);
  argInteger("batch", batch, 0);
  argInteger("stateArrays", stateArrays, 0, 64);
  return 4 * d * d * (2 + stateArrays) + bigramSquareCountsLayoutBytes(d, nnz, batch);
}

export function bigramSquareFromCounts(counts: CountMatrix, opts: { batch?: number | "full" } = {},
  field = "problem"): BigramSquareCountsProblem {
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
  checkMemory(`${prefix}d`, bigramSquareCountsBytes(d, nnz, B), `d = ${d}: W and its gradient, 4·d² bytes each, and ${nnz} stored pairs`,
    "use a smaller vocabulary (--vocab)");

  let N = 0;
  for (let e = 0; e < nnz; e++) N += counts.counts[e];
  const entryRow = new Int32Array(nnz);
  const inputFrequencies = new Float64Array(d);
  const rowSquares = new Float64Array(d);
  let qSquaresOverPi = 0;
  for (let i = 0; i < d; i++) {
    let n = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) { entryRow[e] = i; n += counts.counts[e]; }
    inputFrequencies[i] = n / N;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) rowSquares[i] += (counts.counts[e] / n) ** 2;
    qSquaresOverPi += inputFrequencies[i] * rowSquares[i];
  }
  const optimalLoss = 0.5 - 0.5 * qSquaresOverPi;
  const q = Float32Array.from(counts.counts, (c) => c / N);
  const pi = Float32Array.from(inputFrequencies);
  const table = B > 0 ? buildAliasTable(counts.counts) : null;
  const hits = new Int32Array(d);
  const samples = new Int32Array(B);

  // Twin of fullPass: row sums in lane order, then the row's entries in order.
  function fullPass(w: Float32Array, g: Float32Array | null): number {
    let squares = 0, linear = 0;
    for (let i = 0; i < d; i++) {
      const off = i * d, p = pi[i];
      if (g) for (let k = 0; k < d; k++) g[off + k] = f32(p * w[off + k]);
      squares += p * laneSum(d, (k) => f32(w[off + k] * w[off + k]));
      for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
        const o = off + cols[e];
        linear += f32(q[e] * w[o]);
        if (g) g[o] = f32(g[o] - q[e]);
      }
    }
    return 0.5 * squares - linear + 0.5;
  }

  function miniBatch(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched: TouchedRows): number {
    for (let b = 0; b < B; b++) {
      const e = drawAlias(rng, table!);
      samples[b] = e;
      touched.touch(entryRow[e]);
      hits[entryRow[e]]++;
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
      const o = entryRow[samples[b]] * d + cols[samples[b]];
      total += 1 - 2 * w[o];
      g[o] = f32(g[o] - step);
    }
    return total * (0.5 * invB);
  }

  return {
    code: ProblemCode.BigramSquareCounts,
    n: d * d, d, batch: B, counts, rowLen: B > 0 ? d : 0, inputFrequencies, rowSquares, optimalLoss,
    layoutBytes: bigramSquareCountsLayoutBytes(d, nnz, B),
    classStats: {
      // ℓ_i = ½ E[‖W_i − e_k‖² | i] = ½(‖W_i‖² − 2 p_i·W_i + 1), p_i·W_i = Σ_e q_e W_ie / π_i,
      // so that L = Σ_i π_i ℓ_i (bigramSquareCountsClassLoss).
      classes: d, classIs: "input token", frequencies: inputFrequencies, fields: ["loss"],
      classOfParam: (index) => Math.floor(index / d),
      wasmValues: d,
      wasm: (exports, prob, w, _g, out) => exports.bigramSquareCountsClassLoss(prob, w, out),
      twin(w) {
        const out = new Float64Array(d);
        for (let i = 0; i < d; i++) {
          const off = i * d;
          const squares = laneSum(d, (k) => f32(w[off + k] * w[off + k]));
          let linear = 0;
          for (let e = rowStart[i]; e < rowStart[i + 1]; e++) linear += f32(q[e] * w[off + cols[e]]);
          const dot = pi[i] > 0 ? linear / pi[i] : 0;
          out[i] = 0.5 * (squares - 2 * dot + 1);
        }
        return out;
      },
    },
    layout(arena: Arena, rng: number): number {
      const rowStartPtr = arena.put(rowStart);
      const colsPtr = arena.put(cols);
      const qPtr = arena.put(q);
      const piPtr = arena.put(pi);
      const entryRowPtr = B > 0 ? arena.put(entryRow) : 0;
      const tablePtr = table ? arena.put(packAliasTable(table)) : 0;
      const hitsPtr = arena.alloc(4 * d);
      const samplesPtr = arena.alloc(4 * Math.max(B, 1));
      const block = arena.alloc(BIGRAM_SQUARE_COUNTS_BLOCK.bytes);
      writeBlock(arena.view(), block, BIGRAM_SQUARE_COUNTS_BLOCK, {
        d, batch: B, nnz, rowStart: rowStartPtr, cols: colsPtr, q: qPtr, pi: piPtr, entryRows: entryRowPtr,
        aliasTable: tablePtr, hits: hitsPtr, samples: samplesPtr, rng, coefficient: 0,
      });
      return block;
    },
    twinGradient(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched?: TouchedRows): number {
      if (B === 0) return fullPass(w, g);
      if (!touched) throw new Error("bigram-square (counts) mini-batch: the twin needs the touched-row list");
      return miniBatch(w, g, rng, touched);
    },
    twinLoss: (w) => fullPass(w, null),
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
