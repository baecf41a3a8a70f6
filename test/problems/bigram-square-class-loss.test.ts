// Per-class losses of the square-loss bigram problems: input token i is a class, and
//   ℓ_i = ½ E[‖We_i − e_k‖² | i] = Σ_k p_ik ½‖W_i − e_k‖²,  with L = Σ_i π_i ℓ_i.
// The WASM kernels (bigramSquareClassLoss, on Zipf data and on counts) equal their twins bit
// for bit around the SIMD width, and both equal the f64 brute force.
import { describe, expect, it } from "vitest";
import { RNG_BLOCK } from "../../src/layout/generated.js";
import type { CountMatrix } from "../../src/sparse/count-matrix.js";
import type { Problem } from "../../src/problems/problem.js";
import { Xoshiro128 } from "../../src/rng/xoshiro.js";
import type { Core } from "../../src/wasm/load.js";
import { freshCore, put, randomArray } from "../helpers/core.js";
import { bigramSquareProblem } from "../../src/problems/bigram-square/declaration.js";
import { bigramSquareFromCounts } from "../../src/problems/bigram-square/counts.js";

const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 64];
const relativeError = (x: number, ref: number) => Math.abs(x - ref) / Math.abs(ref);

/** The kernel's and the twin's ℓ at w, and the kernel's exact loss there. */
function classLosses(core: Core, problem: Problem, w: Float32Array) {
  core.arena.reset();
  const rng = core.arena.alloc(RNG_BLOCK.bytes);
  const prob = problem.layout(core.arena, rng);
  const wPtr = put(core, w);
  const spec = problem.classStats!;
  const out = core.arena.alloc(8 * spec.wasmValues!);
  spec.wasm!(core.exports, prob, wPtr, 0, out);
  const wasm = core.arena.f64(out, spec.classes).slice();
  const twin = spec.twin(w, new Float32Array(problem.n));
  return { wasm, twin, loss: core.exports.problemLoss(problem.code, prob, wPtr) };
}

/**
 * Random weights over 2⁻²⁰…2²⁰, so that f64 sums of their f32 squares round and a different
 * summation order would show (for weights of one scale every order sums exactly).
 */
function wideWeights(n: number, seed: number): Float32Array {
  return randomArray(n, seed, 1, 5).map((x, j) => x * 2 ** (((j * 7) % 41) - 20));
}

/** Σ_k p_ik ½‖W_i − e_k‖² in f64, row i of W stored at i·d. */
function bruteClassLoss(w: Float32Array, d: number, i: number, p: (k: number) => number): number {
  let total = 0;
  for (let k = 0; k < d; k++) {
    let sq = 0;
    for (let j = 0; j < d; j++) sq += (w[i * d + j] - (j === k ? 1 : 0)) ** 2;
    total += p(k) * 0.5 * sq;
  }
  return total;
}

/** A random count matrix with some empty rows (a token never seen as an input). */
function randomCounts(d: number, seed: number): CountMatrix {
  const rng = Xoshiro128.seeded(seed, 3);
  const rowStart = [0];
  const cols: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < d; i++) {
    if (d > 1 && i % 3 === 1) {
      rowStart.push(cols.length);
      continue;
    }
    for (let k = 0; k < d; k++) {
      if (k === i % d || rng.nextU32() % 3 === 0) {
        cols.push(k);
        counts.push(1 + (rng.nextU32() % 50));
      }
    }
    rowStart.push(cols.length);
  }
  return { d, rowStart: Int32Array.from(rowStart), cols: Int32Array.from(cols), counts: Float64Array.from(counts) };
}

describe("per-class losses of the bigram square problems", () => {
  it("synthetic Zipf: the kernel equals its twin bit for bit (d = 1…9, 13, 64; random and identity rankings) and the f64 brute force", async () => {
    const core = await freshCore();
    for (const d of SIZES) {
      for (const permutation of ["random", "identity"] as const) {
        const problem = bigramSquareProblem({ d, alpha: 1.1, permutation, seed: d });
        const label = `d=${d} ${permutation}`;
        const w = wideWeights(d * d, d);
        const { wasm, twin, loss } = classLosses(core, problem, w);
        expect(wasm, label).toEqual(twin);
        const pi = problem.frequencies;
        let weighted = 0;
        for (let i = 0; i < d; i++) {
          const p = problem.conditional(i);
          expect(
            relativeError(
              wasm[i],
              bruteClassLoss(w, d, i, (k) => p[k]),
            ),
            label,
          ).toBeLessThan(1e-6);
          weighted += pi[i] * wasm[i];
        }
        // L = Σ_i π_i ℓ_i, up to π rounded to f32 in the class weights
        expect(relativeError(weighted, loss), label).toBeLessThan(1e-6);
        // at W = 0 each class loses ½E‖e_k‖² = ½ (up to π in f32); at W_i = p_i, ℓ* = ½(1 − ‖p_i‖²)
        const zero = classLosses(core, problem, new Float32Array(d * d));
        for (const x of zero.wasm) expect(Math.abs(x - 0.5), label).toBeLessThan(1e-7);
        const wStar = new Float32Array(d * d);
        for (let i = 0; i < d; i++) wStar.set(problem.conditional(i), i * d);
        const star = classLosses(core, problem, wStar);
        const optimalRowLoss = 0.5 * (1 - pi.reduce((s, x) => s + x * x, 0));
        for (const x of star.wasm) expect(Math.abs(x - optimalRowLoss), label).toBeLessThan(1e-7);
        expect(star.wasm, label).toEqual(star.twin);
      }
    }
  });

  it("count matrix: the kernel equals its twin bit for bit (d = 1…9, 13, 64; rows without pairs) and the f64 brute force", async () => {
    const core = await freshCore();
    for (const d of SIZES) {
      const counts = randomCounts(d, d);
      const problem = bigramSquareFromCounts(counts);
      const w = wideWeights(d * d, 100 + d);
      const { wasm, twin, loss } = classLosses(core, problem, w);
      expect(wasm, `d=${d}`).toEqual(twin);
      let weighted = 0;
      for (let i = 0; i < d; i++) {
        const n = counts.counts.slice(counts.rowStart[i], counts.rowStart[i + 1]).reduce((a, b) => a + b, 0);
        const p = new Float64Array(d);
        for (let e = counts.rowStart[i]; e < counts.rowStart[i + 1]; e++) p[counts.cols[e]] = counts.counts[e] / n;
        // a row without pairs has no conditional: ℓ_i = ½(‖W_i‖² + 1), as for p_i = 0
        const ref = n > 0 ? bruteClassLoss(w, d, i, (k) => p[k]) : 0.5 * (1 + w.slice(i * d, (i + 1) * d).reduce((s, x) => s + x * x, 0));
        expect(relativeError(wasm[i], ref), `d=${d} i=${i}`).toBeLessThan(1e-6);
        weighted += problem.inputFrequencies[i] * wasm[i];
      }
      expect(relativeError(weighted, loss), `d=${d}`).toBeLessThan(1e-6);
    }
  });
});
