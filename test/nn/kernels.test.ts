// Every nn kernel (assembly/nn/) against its plain-TS twin (src/nn/), bit for bit, at sizes
// around the SIMD width and the GEMM's 4×8 tiles (remainders in every dimension).
import { describe, expect, it } from "vitest";
import { freshCore, put, randomArray } from "../helpers/core.js";
import type { Core } from "../../src/wasm/load.js";
import { cols, gemm, gemmNT, GEMM_ADD, GEMM_BIAS, GEMM_ZERO, rows } from "../../src/nn/gemm.js";
import { layerNormBackward, layerNormForward } from "../../src/nn/layernorm.js";
import { geluBackward, geluForward } from "../../src/nn/gelu.js";
import { attentionBackward, attentionForward } from "../../src/nn/attention.js";
import { embeddingBackward, embeddingForward } from "../../src/nn/embedding.js";
import { crossEntropyRows } from "../../src/nn/cross-entropy.js";
import { addColumnSums, addVectors } from "../../src/nn/vector.js";

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const out = (c: Core, p: number, n: number) => c.arena.f32(p, n).slice();
const putI32 = (c: Core, a: Int32Array) => c.arena.put(a);

describe("GEMM kernels ≡ twin", () => {
  const sizes = [1, 3, 4, 5, 8, 9, 13, 17];
  it("A·B with zero, bias and accumulate starts, every remainder of M, N, K", async () => {
    const c = await freshCore();
    for (const M of sizes)
      for (const N of [...sizes, 131])
        for (const K of [1, 4, 7, 260])
          for (const init of [GEMM_ZERO, GEMM_BIAS, GEMM_ADD]) {
            c.arena.reset();
            const A = randomArray(M * K, M * 7 + K),
              B = randomArray(K * N, N * 3 + K),
              C0 = randomArray(M * N, M + N),
              bias = randomArray(N, N);
            const pa = put(c, A),
              pb = put(c, B),
              pc = put(c, C0),
              pbias = put(c, bias);
            c.exports.gemm(M, N, K, pa, K, 1, pb, N, pc, N, init, pbias);
            const C = C0.slice();
            gemm(M, N, K, rows(A, 0, K), rows(B, 0, N), rows(C, 0, N), init, bias);
            expect(bits(out(c, pc, M * N)), `M ${M} N ${N} K ${K} init ${init}`).toEqual(bits(C));
          }
  });

  it("Aᵀ·B and A·Bᵀ, and operands inside larger rows (strides)", async () => {
    const c = await freshCore();
    for (const M of sizes)
      for (const N of sizes)
        for (const K of [1, 5, 8, 33]) {
          c.arena.reset();
          const lda = M + 3,
            ldb = K + 2,
            ldc = N + 1;
          const A = randomArray(K * lda, M + K),
            B = randomArray(N * ldb, N * K),
            C0 = randomArray(M * ldc, 1);
          const pa = put(c, A),
            pb = put(c, B),
            pc = put(c, C0),
            scratch = c.arena.allocF32(K * N);
          // Aᵀ·B: A stored K × M (row stride lda); B as K × N from the first K·N of B (row stride N)
          c.exports.gemm(M, N, K, pa, 1, lda, pb, N, pc, ldc, GEMM_ADD, 0);
          const C = C0.slice();
          gemm(M, N, K, cols(A, 0, lda), rows(B, 0, N), rows(C, 0, ldc), GEMM_ADD);
          expect(bits(out(c, pc, M * ldc)), `TN M ${M} N ${N} K ${K}`).toEqual(bits(C));
          // A·Bᵀ: A as M × K (row stride lda ≥ K when lda ≥ K, else use K), B stored N × K (row stride ldb)
          const la = Math.max(lda, K);
          const A2 = randomArray(M * la, 5 + M),
            pa2 = put(c, A2);
          c.exports.gemmNT(M, N, K, pa2, la, pb, ldb, pc, ldc, GEMM_ZERO, 0, scratch);
          gemmNT(M, N, K, rows(A2, 0, la), rows(B, 0, ldb), rows(C, 0, ldc), GEMM_ZERO);
          expect(bits(out(c, pc, M * ldc)), `NT M ${M} N ${N} K ${K}`).toEqual(bits(C));
        }
  });
});

describe("layer kernels ≡ twin", () => {
  const widths = [1, 2, 3, 4, 5, 7, 8, 9, 16, 19];

  it("LayerNorm forward and backward", async () => {
    const c = await freshCore();
    for (const D of widths) {
      c.arena.reset();
      const P = 5;
      const x = randomArray(P * D, D, 2),
        w = randomArray(D, D + 1, 1),
        b = randomArray(D, D + 2, 0.5),
        dy = randomArray(P * D, D + 3);
      const dx0 = randomArray(P * D, D + 4),
        dw0 = randomArray(D, D + 5),
        db0 = randomArray(D, D + 6);
      const px = put(c, x),
        pw = put(c, w),
        pb = put(c, b),
        pdy = put(c, dy),
        pdx = put(c, dx0),
        pdw = put(c, dw0),
        pdb = put(c, db0);
      const py = c.arena.allocF32(P * D),
        pm = c.arena.allocF32(P),
        pr = c.arena.allocF32(P);
      c.exports.layerNormForward(px, py, pm, pr, pw, pb, P, D);
      const y = new Float32Array(P * D),
        m = new Float32Array(P),
        r = new Float32Array(P);
      layerNormForward(x, 0, y, 0, m, r, 0, w, 0, b, 0, P, D);
      expect(bits(out(c, py, P * D))).toEqual(bits(y));
      expect(bits(out(c, pm, P)).concat(bits(out(c, pr, P)))).toEqual(bits(m).concat(bits(r)));
      c.exports.layerNormBackward(pdy, px, pm, pr, pw, pdx, pdw, pdb, P, D);
      const dx = dx0.slice(),
        dw = dw0.slice(),
        db = db0.slice();
      layerNormBackward(dy, 0, x, 0, m, r, 0, w, 0, dx, 0, dw, 0, db, 0, P, D);
      expect(bits(out(c, pdx, P * D)), `D ${D}`).toEqual(bits(dx));
      expect(bits(out(c, pdw, D)).concat(bits(out(c, pdb, D)))).toEqual(bits(dw).concat(bits(db)));
    }
  });

  it("GELU forward and backward, from −12 to 12 and at 0", async () => {
    const c = await freshCore();
    for (const n of [...widths, 1001]) {
      c.arena.reset();
      const x = randomArray(n, n, 4, 7),
        dy = randomArray(n, n + 1);
      if (n > 3) {
        x[1] = 12;
        x[2] = -12;
        x[3] = -0;
      }
      const px = put(c, x),
        pdy = put(c, dy),
        py = c.arena.allocF32(n),
        pdx = c.arena.allocF32(n);
      c.exports.geluForward(px, py, n);
      c.exports.geluBackward(px, pdy, pdx, n);
      const y = new Float32Array(n),
        dx = new Float32Array(n);
      geluForward(x, 0, y, 0, n);
      geluBackward(x, 0, dy, 0, dx, 0, n);
      expect(bits(out(c, py, n)), `n ${n}`).toEqual(bits(y));
      expect(bits(out(c, pdx, n)), `n ${n}`).toEqual(bits(dx));
    }
  });

  it("causal attention forward and backward, head widths around the SIMD width", async () => {
    const c = await freshCore();
    for (const [T, D, H] of [
      [1, 4, 1],
      [5, 6, 2],
      [7, 12, 3],
      [9, 16, 4],
      [13, 20, 4],
      [16, 36, 4],
      [3, 9, 1],
    ]) {
      c.arena.reset();
      const hd = D / H;
      const qkv = randomArray(T * 3 * D, T + D, 1.5),
        dout = randomArray(T * D, T * D);
      const pq = put(c, qkv),
        pdo = put(c, dout);
      const pp = c.arena.allocF32(H * T * T),
        po = c.arena.allocF32(T * D),
        pdq = c.arena.allocF32(T * 3 * D);
      const scratch = c.arena.allocF32(T * T + T * Math.max(T, hd));
      c.exports.attentionForward(pq, pp, po, T, D, H, scratch);
      c.exports.attentionBackward(pq, pp, pdo, pdq, T, D, H, scratch);
      const P = new Float32Array(H * T * T),
        O = new Float32Array(T * D),
        dq = new Float32Array(T * 3 * D);
      attentionForward(qkv, 0, P, 0, O, 0, T, D, H);
      attentionBackward(qkv, 0, P, 0, dout, 0, dq, 0, T, D, H, new Float32Array(T * T));
      expect(bits(out(c, pp, H * T * T)), `T ${T} D ${D} H ${H}`).toEqual(bits(P));
      expect(bits(out(c, po, T * D))).toEqual(bits(O));
      expect(bits(out(c, pdq, T * 3 * D))).toEqual(bits(dq));
    }
  });

  it("embedding gather and its sparse scatter-add: only the rows of the tokens present", async () => {
    const c = await freshCore();
    for (const D of widths) {
      c.arena.reset();
      const V = 11,
        T = 4,
        P = 12;
      const tokens = Int32Array.from({ length: P }, (_, p) => ((p * 7 + D) % 5) * 2); // rows 0,2,4,6,8 only
      const E = randomArray(V * D, D),
        Pi = randomArray(T * D, D + 1),
        dx = randomArray(P * D, D + 2);
      const pt = putI32(c, tokens),
        pe = put(c, E),
        ppi = put(c, Pi),
        pdx = put(c, dx);
      const px = c.arena.allocF32(P * D),
        pde = c.arena.allocF32(V * D),
        pdp = c.arena.allocF32(T * D);
      const ones = put(c, new Float32Array(P).fill(1)),
        mark = c.arena.alloc(V),
        touched = c.arena.alloc(4 * V);
      c.exports.embeddingForward(pt, pe, ppi, px, P, T, D);
      const n = c.exports.embeddingBackward(pt, pdx, pde, pdp, P, T, D, ones, mark, touched, 0);
      const x = new Float32Array(P * D),
        dE = new Float32Array(V * D),
        dPi = new Float32Array(T * D);
      const mk = new Uint8Array(V),
        list = new Int32Array(V);
      embeddingForward(tokens, 0, E, 0, Pi, 0, x, 0, P, T, D);
      const m = embeddingBackward(tokens, 0, dx, 0, dE, 0, dPi, 0, P, T, D, mk, list, 0);
      expect(bits(out(c, px, P * D))).toEqual(bits(x));
      expect(bits(out(c, pde, V * D))).toEqual(bits(dE));
      expect(bits(out(c, pdp, T * D))).toEqual(bits(dPi));
      expect(n).toBe(m);
      expect(Array.from(c.arena.i32(touched, n))).toEqual(Array.from(list.subarray(0, m)));
      expect([...new Set(tokens)].sort((a, b) => a - b)).toEqual(Array.from(list.subarray(0, m)).sort((a, b) => a - b));
      for (let v = 1; v < V; v += 2) expect(dE.subarray(v * D, (v + 1) * D).every((g) => g === 0)).toBe(true);
    }
  });

  it("fused softmax cross-entropy: loss, class sums and gradient rows", async () => {
    const c = await freshCore();
    for (const V of [...widths, 67]) {
      c.arena.reset();
      const P = 6;
      const z = randomArray(P * V, V, 3),
        targets = Int32Array.from({ length: P }, (_, p) => (p * 5) % V);
      const pz = put(c, z),
        pt = putI32(c, targets),
        pcl = c.arena.alloc(8 * V);
      const loss = c.exports.crossEntropyRows(pz, pt, P, V, 1 / 96, pcl);
      const zt = z.slice(),
        cl = new Float64Array(V);
      const twin = crossEntropyRows(zt, 0, targets, 0, P, V, 1 / 96, cl);
      expect(loss).toBe(twin);
      expect(bits(out(c, pz, P * V))).toEqual(bits(zt));
      expect(Array.from(c.arena.f64(pcl, V))).toEqual(Array.from(cl));
    }
  });

  it("vector sums and bias-gradient column sums", async () => {
    const c = await freshCore();
    for (const N of [...widths, 33, 50]) {
      c.arena.reset();
      const P = 7;
      const a = randomArray(P * N, N),
        b = randomArray(P * N, N + 1),
        db0 = randomArray(N, N + 2);
      const pa = put(c, a),
        pb = put(c, b),
        pdb = put(c, db0),
        po = c.arena.allocF32(P * N);
      c.exports.addVectors(pa, pb, po, P * N);
      c.exports.addColumnSums(pa, P, N, pdb);
      const o = new Float32Array(P * N),
        db = db0.slice();
      addVectors(a, 0, b, 0, o, 0, P * N);
      addColumnSums(a, 0, P, N, db, 0);
      expect(bits(out(c, po, P * N))).toEqual(bits(o));
      expect(bits(out(c, pdb, N)), `N ${N}`).toEqual(bits(db));
    }
  });
});
