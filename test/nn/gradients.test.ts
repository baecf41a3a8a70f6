// Float64 finite-difference gradient checks of every nn kernel: each kernel's backward, run in
// f64 (the twin with F64 arithmetic, the same formulas), against central differences of its
// forward in f64 (agreement to ~1e-7), and the WASM kernel's f32 backward against the same
// differences (agreement to f32 precision).
import { describe, expect, it } from "vitest";
import { freshCore, put, randomArray } from "../helpers/core.js";
import { F64 } from "../../src/nn/arith.js";
import { cols, gemm, gemmNT, GEMM_ZERO, rows } from "../../src/nn/gemm.js";
import { layerNormBackward, layerNormForward } from "../../src/nn/layernorm.js";
import { geluBackward, geluForward } from "../../src/nn/gelu.js";
import { attentionBackward, attentionForward } from "../../src/nn/attention.js";
import { embeddingBackward, embeddingForward } from "../../src/nn/embedding.js";
import { crossEntropyRows } from "../../src/nn/cross-entropy.js";

const f64 = (a: Float32Array) => Float64Array.from(a);
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Central differences of loss() with respect to every entry of x (f64, step h). */
function numericGradient(x: Float64Array, loss: () => number, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i];
    x[i] = x0 + h;
    const up = loss();
    x[i] = x0 - h;
    const down = loss();
    x[i] = x0;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

/** max |a − b| / max(1, max |b|). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0,
    s = 1;
  for (let i = 0; i < b.length; i++) {
    m = Math.max(m, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return m / s;
}

describe("gradient checks of the nn kernels (float64 finite differences)", () => {
  it("GEMM: the backward products A·Bᵀ and Aᵀ·B are the gradients of Σ G ⊙ (A·B)", async () => {
    const c = await freshCore();
    const [M, N, K] = [5, 7, 6];
    const A = f64(randomArray(M * K, 1)),
      B = f64(randomArray(K * N, 2)),
      G = f64(randomArray(M * N, 3));
    const loss = () => {
      const C = new Float64Array(M * N);
      gemm(M, N, K, rows(A, 0, K), rows(B, 0, N), rows(C, 0, N), GEMM_ZERO, null, 0, F64);
      return dot(C, G);
    };
    const dA = new Float64Array(M * K),
      dB = new Float64Array(K * N);
    gemmNT(M, K, N, rows(G, 0, N), rows(B, 0, N), rows(dA, 0, K), GEMM_ZERO, null, 0, F64); // dA = G·Bᵀ
    gemm(K, N, M, cols(A, 0, K), rows(G, 0, N), rows(dB, 0, N), GEMM_ZERO, null, 0, F64); // dB = Aᵀ·G
    expect(relErr(dA, numericGradient(A, loss))).toBeLessThan(1e-7);
    expect(relErr(dB, numericGradient(B, loss))).toBeLessThan(1e-7);
    // the kernels' f32 products
    const pG = put(c, Float32Array.from(G)),
      pB = put(c, Float32Array.from(B)),
      pA = put(c, Float32Array.from(A));
    const pdA = c.arena.allocF32(M * K),
      pdB = c.arena.allocF32(K * N),
      scratch = c.arena.allocF32(N * K);
    c.exports.gemmNT(M, K, N, pG, N, pB, N, pdA, K, GEMM_ZERO, 0, scratch);
    c.exports.gemm(K, N, M, pA, 1, K, pG, N, pdB, N, GEMM_ZERO, 0);
    expect(relErr(c.arena.f32(pdA, M * K), dA)).toBeLessThan(1e-5);
    expect(relErr(c.arena.f32(pdB, K * N), dB)).toBeLessThan(1e-5);
  });

  it("LayerNorm: dx, dw, db", async () => {
    const c = await freshCore();
    const [P, D] = [3, 7];
    const x = f64(randomArray(P * D, 4, 2)),
      w = f64(randomArray(D, 5)),
      b = f64(randomArray(D, 6)),
      G = f64(randomArray(P * D, 7));
    const loss = () => {
      const y = new Float64Array(P * D);
      layerNormForward(x, 0, y, 0, new Float64Array(P), new Float64Array(P), 0, w, 0, b, 0, P, D, F64);
      return dot(y, G);
    };
    const y = new Float64Array(P * D),
      m = new Float64Array(P),
      r = new Float64Array(P);
    layerNormForward(x, 0, y, 0, m, r, 0, w, 0, b, 0, P, D, F64);
    const dx = new Float64Array(P * D),
      dw = new Float64Array(D),
      db = new Float64Array(D);
    layerNormBackward(G, 0, x, 0, m, r, 0, w, 0, dx, 0, dw, 0, db, 0, P, D, F64);
    const nx = numericGradient(x, loss),
      nw = numericGradient(w, loss),
      nb = numericGradient(b, loss);
    expect(relErr(dx, nx)).toBeLessThan(1e-6);
    expect(relErr(dw, nw)).toBeLessThan(1e-6);
    expect(relErr(db, nb)).toBeLessThan(1e-6);
    const px = put(c, Float32Array.from(x)),
      pw = put(c, Float32Array.from(w)),
      pb = put(c, Float32Array.from(b)),
      pg = put(c, Float32Array.from(G));
    const py = c.arena.allocF32(P * D),
      pm = c.arena.allocF32(P),
      pr = c.arena.allocF32(P);
    const pdx = c.arena.allocF32(P * D),
      pdw = c.arena.allocF32(D),
      pdb = c.arena.allocF32(D);
    c.exports.layerNormForward(px, py, pm, pr, pw, pb, P, D);
    c.exports.layerNormBackward(pg, px, pm, pr, pw, pdx, pdw, pdb, P, D);
    expect(relErr(c.arena.f32(pdx, P * D), nx)).toBeLessThan(1e-4);
    expect(relErr(c.arena.f32(pdw, D), nw)).toBeLessThan(1e-4);
    expect(relErr(c.arena.f32(pdb, D), nb)).toBeLessThan(1e-4);
  });

  it("GELU: dx, over −6 … 6", async () => {
    const c = await freshCore();
    const n = 41;
    const x = Float64Array.from({ length: n }, (_, i) => -6 + 0.3 * i + 0.01),
      G = f64(randomArray(n, 8));
    const loss = () => {
      const y = new Float64Array(n);
      geluForward(x, 0, y, 0, n, F64);
      return dot(y, G);
    };
    const dx = new Float64Array(n);
    geluBackward(x, 0, G, 0, dx, 0, n, F64);
    const nx = numericGradient(x, loss);
    expect(relErr(dx, nx)).toBeLessThan(1e-7);
    const px = put(c, Float32Array.from(x)),
      pg = put(c, Float32Array.from(G)),
      pdx = c.arena.allocF32(n);
    c.exports.geluBackward(px, pg, pdx, n);
    expect(relErr(c.arena.f32(pdx, n), nx)).toBeLessThan(1e-5);
    // GPT-2's tanh form stays within 1e-3 of the exact x·Φ(x) (a sanity check of the constants)
    const y = new Float64Array(n);
    geluForward(x, 0, y, 0, n, F64);
    const erf = (z: number) => {
      const t = 1 / (1 + 0.3275911 * Math.abs(z));
      const p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
      return Math.sign(z) * (1 - p * Math.exp(-z * z));
    };
    for (let i = 0; i < n; i++) expect(Math.abs(y[i] - 0.5 * x[i] * (1 + erf(x[i] / Math.SQRT2)))).toBeLessThan(1e-3);
  });

  it("causal attention: dq, dk, dv of Σ G ⊙ O", async () => {
    const c = await freshCore();
    const [T, D, H] = [5, 6, 2];
    const qkv = f64(randomArray(T * 3 * D, 9)),
      G = f64(randomArray(T * D, 10));
    const loss = () => {
      const P = new Float64Array(H * T * T),
        O = new Float64Array(T * D);
      attentionForward(qkv, 0, P, 0, O, 0, T, D, H, F64);
      return dot(O, G);
    };
    const P = new Float64Array(H * T * T),
      O = new Float64Array(T * D),
      dq = new Float64Array(T * 3 * D);
    attentionForward(qkv, 0, P, 0, O, 0, T, D, H, F64);
    attentionBackward(qkv, 0, P, 0, G, 0, dq, 0, T, D, H, new Float64Array(T * T), F64);
    const nq = numericGradient(qkv, loss);
    expect(relErr(dq, nq)).toBeLessThan(1e-7);
    // the first position attends only to itself: its q gets no gradient
    for (let k = 0; k < D; k++) expect(dq[k]).toBe(0);
    const pq = put(c, Float32Array.from(qkv)),
      pg = put(c, Float32Array.from(G));
    const pp = c.arena.allocF32(H * T * T),
      po = c.arena.allocF32(T * D),
      pdq = c.arena.allocF32(T * 3 * D),
      scratch = c.arena.allocF32(2 * T * T);
    c.exports.attentionForward(pq, pp, po, T, D, H, scratch);
    c.exports.attentionBackward(pq, pp, pg, pdq, T, D, H, scratch);
    expect(relErr(c.arena.f32(pdq, T * 3 * D), nq)).toBeLessThan(1e-5);
  });

  it("embedding: dE (rows of the tokens present) and dΠ", () => {
    const [V, T, D, P] = [6, 3, 4, 6];
    const tokens = Int32Array.of(1, 3, 1, 4, 1, 0);
    const E = f64(randomArray(V * D, 11)),
      Pi = f64(randomArray(T * D, 12)),
      G = f64(randomArray(P * D, 13));
    const loss = () => {
      const x = new Float64Array(P * D);
      embeddingForward(tokens, 0, E, 0, Pi, 0, x, 0, P, T, D, F64);
      return dot(x, G);
    };
    const dE = new Float64Array(V * D),
      dPi = new Float64Array(T * D);
    const touched = new Int32Array(V);
    const n = embeddingBackward(tokens, 0, G, 0, dE, 0, dPi, 0, P, T, D, new Uint8Array(V), touched, 0, F64);
    expect(relErr(dE, numericGradient(E, loss))).toBeLessThan(1e-8);
    expect(relErr(dPi, numericGradient(Pi, loss))).toBeLessThan(1e-8);
    expect(Array.from(touched.subarray(0, n))).toEqual([1, 3, 4, 0]);
  });

  it("softmax cross-entropy: dz of s·Σ_p ℓ_p", async () => {
    const c = await freshCore();
    const [P, V] = [3, 9];
    const z = f64(randomArray(P * V, 14, 2)),
      targets = Int32Array.of(2, 8, 0),
      s = 1 / P;
    const loss = () => s * crossEntropyRows(z.slice(), 0, targets, 0, P, V, s, null, F64);
    const dz = z.slice();
    crossEntropyRows(dz, 0, targets, 0, P, V, s, null, F64);
    const nz = numericGradient(z, loss);
    expect(relErr(dz, nz)).toBeLessThan(1e-8);
    const pz = put(c, Float32Array.from(z)),
      pt = c.arena.put(targets);
    c.exports.crossEntropyRows(pz, pt, P, V, s, 0);
    expect(relErr(c.arena.f32(pz, P * V), nz)).toBeLessThan(1e-6);
  });
});
