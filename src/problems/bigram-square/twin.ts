// The twin's passes of the bigram square loss (problem.ts gives the math), common to the Zipf
// and the counts data: loss, gradient (full batch or mini-batch) and per-class losses, in the
// kernel's order of operations, and the per-class statistics built on them.
import type { ClassStatistics } from "../problem.js";
import type { TouchedRows } from "../../sparse/touched-rows.js";
import { laneSum } from "../../math/lane-sum.js";
import type { Xoshiro128 } from "../../rng/xoshiro.js";
import type { DrawPair, RowTargets, SparseTargets } from "./problem.js";

const f32 = Math.fround;

/**
 * The twin's loss, gradient and class losses, common to both data: the kernel's order of
 * operations (rows.ts: row sums in lane order; the entries of a row in order).
 */
export function twinPasses(
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
export function classStats(d: number, frequencies: Float64Array, classLosses: (w: Float32Array) => Float64Array): ClassStatistics {
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
