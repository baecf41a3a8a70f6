// Blocked f32 matrix products on raw pointers (row-major; strides in floats). Twin: src/nn/gemm.ts.
//
//   gemm:   C[i,j] = c₀ + Σ_k A(i,k)·B[k,j],   A(i,k) = A[i·rsA + k·csA]
//           (csA = 1: A·B;  rsA = 1, csA = lda: Aᵀ·B)
//   gemmNT: C[i,j] = c₀ + Σ_k A[i,k]·B[j,k]   (A·Bᵀ: Bᵀ packed into scratch, then gemm)
//   c₀ = 0 (init GEMM_ZERO), bias[j] (GEMM_BIAS) or C[i,j] itself (GEMM_ADD).
//
// Every output is one sum in k order, each product and each addition rounded to f32 (no FMA
// in WebAssembly SIMD): acc = acc + a·b, k = 0, 1, …, K − 1. The blocking (panels of NC
// columns, slices of KC steps, 4×8 register tiles) only changes which outputs are computed
// together, never the order within one, so the twin is the plain triple loop. Between k
// slices the partial sum is stored to C and loaded back: f32 in memory is exact.
//
// The 4×8 tile keeps eight f32x4 accumulators, two B vectors and one broadcast A value in
// registers (11 of x86's 16): per k, two loads of B and four splat loads of A feed 16
// multiplies and adds.

export const GEMM_ZERO: i32 = 0;
export const GEMM_BIAS: i32 = 1;
export const GEMM_ADD: i32 = 2;

/** Columns per panel: a KC × NC slice of B (128 KiB) stays in L2 while every row block passes over it. */
const NC: i32 = 128;
/** k steps per slice. */
const KC: i32 = 256;

/** The starting values of a 4-lane column group of row i: zero, the bias or C. */
@inline function start(init: i32, c: usize, bias: usize, j4: usize): v128 {
  if (init == GEMM_ADD) return v128.load(c);
  if (init == GEMM_BIAS) return v128.load(bias + j4);
  return f32x4.splat(0);
}

@inline function startScalar(init: i32, c: usize, bias: usize, j4: usize): f32 {
  if (init == GEMM_ADD) return load<f32>(c);
  if (init == GEMM_BIAS) return load<f32>(bias + j4);
  return 0;
}

/** Four rows × eight columns over k0 ≤ k < k1. */
function tile4x8(a: usize, rs: usize, cs: usize, b: usize, ldb: usize, c: usize, ldc: usize, kn: i32,
  init: i32, bias: usize, j4: usize): void {
  let c00 = start(init, c, bias, j4), c01 = start(init, c + 16, bias, j4 + 16);
  let c10 = start(init, c + ldc, bias, j4), c11 = start(init, c + ldc + 16, bias, j4 + 16);
  let c20 = start(init, c + 2 * ldc, bias, j4), c21 = start(init, c + 2 * ldc + 16, bias, j4 + 16);
  let c30 = start(init, c + 3 * ldc, bias, j4), c31 = start(init, c + 3 * ldc + 16, bias, j4 + 16);
  let pa = a;
  let pb = b;
  const rs2 = rs << 1, rs3 = rs * 3;
  for (let k = 0; k < kn; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(pa + rs);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(pa + rs2);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(pa + rs3);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    pa += cs;
    pb += ldb;
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/** Four rows × four columns. */
function tile4x4(a: usize, rs: usize, cs: usize, b: usize, ldb: usize, c: usize, ldc: usize, kn: i32,
  init: i32, bias: usize, j4: usize): void {
  let c0 = start(init, c, bias, j4);
  let c1 = start(init, c + ldc, bias, j4);
  let c2 = start(init, c + 2 * ldc, bias, j4);
  let c3 = start(init, c + 3 * ldc, bias, j4);
  let pa = a;
  let pb = b;
  const rs2 = rs << 1, rs3 = rs * 3;
  for (let k = 0; k < kn; k++) {
    const b0 = v128.load(pb);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(pa), b0));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(pa + rs), b0));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(pa + rs2), b0));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(pa + rs3), b0));
    pa += cs;
    pb += ldb;
  }
  v128.store(c, c0);
  v128.store(c + ldc, c1);
  v128.store(c + 2 * ldc, c2);
  v128.store(c + 3 * ldc, c3);
}

/** One row × eight columns (the rows past the last multiple of 4). */
function tile1x8(a: usize, cs: usize, b: usize, ldb: usize, c: usize, kn: i32, init: i32, bias: usize, j4: usize): void {
  let c0 = start(init, c, bias, j4);
  let c1 = start(init, c + 16, bias, j4 + 16);
  let pa = a;
  let pb = b;
  for (let k = 0; k < kn; k++) {
    const x = v128.load32_splat(pa);
    c0 = f32x4.add(c0, f32x4.mul(x, v128.load(pb)));
    c1 = f32x4.add(c1, f32x4.mul(x, v128.load(pb, 16)));
    pa += cs;
    pb += ldb;
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
}

/** One row × four columns. */
function tile1x4(a: usize, cs: usize, b: usize, ldb: usize, c: usize, kn: i32, init: i32, bias: usize, j4: usize): void {
  let c0 = start(init, c, bias, j4);
  let pa = a;
  let pb = b;
  for (let k = 0; k < kn; k++) {
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(pa), v128.load(pb)));
    pa += cs;
    pb += ldb;
  }
  v128.store(c, c0);
}

/** One row × one column (the columns past the last multiple of 4). */
function tile1x1(a: usize, cs: usize, b: usize, ldb: usize, c: usize, kn: i32, init: i32, bias: usize, j4: usize): void {
  let c0 = startScalar(init, c, bias, j4);
  let pa = a;
  let pb = b;
  for (let k = 0; k < kn; k++) {
    c0 += load<f32>(pa) * load<f32>(pb);
    pa += cs;
    pb += ldb;
  }
  store<f32>(c, c0);
}

/**
 * C = c₀ + A·B over an M × N output with K steps; A(i,k) = A[i·rsA + k·csA], B[k·ldb + j],
 * C[i·ldc + j] (strides in floats). init: GEMM_ZERO, GEMM_BIAS (bias: N floats) or GEMM_ADD.
 */
export function gemm(M: i32, N: i32, K: i32, A: usize, rsA: i32, csA: i32, B: usize, ldb: i32,
  C: usize, ldc: i32, init: i32, bias: usize): void {
  const rs = <usize>rsA << 2, cs = <usize>csA << 2, lb = <usize>ldb << 2, lc = <usize>ldc << 2;
  const M4 = M & ~3;
  if (K == 0) {
    // no products: C = c₀
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        const o = <usize>j << 2;
        store<f32>(C + <usize>i * lc + o, startScalar(init, C + <usize>i * lc + o, bias, o));
      }
    }
    return;
  }
  for (let j0 = 0; j0 < N; j0 += NC) {
    const j1 = min(N, j0 + NC);
    const j8 = j0 + ((j1 - j0) & ~7);
    const j4 = j0 + ((j1 - j0) & ~3);
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kn = min(K, k0 + KC) - k0;
      // after the first slice every partial sum is in C
      const how = k0 == 0 ? init : GEMM_ADD;
      const a0 = A + <usize>k0 * cs;
      const b0 = B + <usize>k0 * lb;
      for (let i = 0; i < M4; i += 4) {
        const a = a0 + <usize>i * rs;
        const c = C + <usize>i * lc;
        let j = j0;
        for (; j < j8; j += 8) tile4x8(a, rs, cs, b0 + (<usize>j << 2), lb, c + (<usize>j << 2), lc, kn, how, bias, <usize>j << 2);
        for (; j < j4; j += 4) tile4x4(a, rs, cs, b0 + (<usize>j << 2), lb, c + (<usize>j << 2), lc, kn, how, bias, <usize>j << 2);
        for (; j < j1; j++) {
          for (let r = 0; r < 4; r++) {
            tile1x1(a + <usize>r * rs, cs, b0 + (<usize>j << 2), lb, c + <usize>r * lc + (<usize>j << 2), kn, how, bias, <usize>j << 2);
          }
        }
      }
      for (let i = M4; i < M; i++) {
        const a = a0 + <usize>i * rs;
        const c = C + <usize>i * lc;
        let j = j0;
        for (; j < j8; j += 8) tile1x8(a, cs, b0 + (<usize>j << 2), lb, c + (<usize>j << 2), kn, how, bias, <usize>j << 2);
        for (; j < j4; j += 4) tile1x4(a, cs, b0 + (<usize>j << 2), lb, c + (<usize>j << 2), kn, how, bias, <usize>j << 2);
        for (; j < j1; j++) tile1x1(a, cs, b0 + (<usize>j << 2), lb, c + (<usize>j << 2), kn, how, bias, <usize>j << 2);
      }
    }
  }
}

/** out[j·ldo + i] = src[i·lds + j] for an R × S block (R rows of src). */
export function transpose(src: usize, lds: i32, R: i32, S: i32, out: usize, ldo: i32): void {
  const ls = <usize>lds << 2, lo = <usize>ldo << 2;
  // 4 × 4 blocks through registers, then the edges one by one
  const R4 = R & ~3, S4 = S & ~3;
  for (let i = 0; i < R4; i += 4) {
    const s = src + <usize>i * ls;
    for (let j = 0; j < S4; j += 4) {
      const p = s + (<usize>j << 2);
      const r0 = v128.load(p), r1 = v128.load(p + ls), r2 = v128.load(p + 2 * ls), r3 = v128.load(p + 3 * ls);
      const t0 = v128.shuffle<u32>(r0, r1, 0, 4, 1, 5); // a0 b0 a1 b1
      const t1 = v128.shuffle<u32>(r2, r3, 0, 4, 1, 5); // c0 d0 c1 d1
      const t2 = v128.shuffle<u32>(r0, r1, 2, 6, 3, 7); // a2 b2 a3 b3
      const t3 = v128.shuffle<u32>(r2, r3, 2, 6, 3, 7); // c2 d2 c3 d3
      const q = out + <usize>j * lo + (<usize>i << 2);
      v128.store(q, v128.shuffle<u32>(t0, t1, 0, 1, 4, 5));
      v128.store(q + lo, v128.shuffle<u32>(t0, t1, 2, 3, 6, 7));
      v128.store(q + 2 * lo, v128.shuffle<u32>(t2, t3, 0, 1, 4, 5));
      v128.store(q + 3 * lo, v128.shuffle<u32>(t2, t3, 2, 3, 6, 7));
    }
    for (let j = S4; j < S; j++) {
      for (let r = 0; r < 4; r++) store<f32>(out + <usize>j * lo + (<usize>(i + r) << 2), load<f32>(s + <usize>r * ls + (<usize>j << 2)));
    }
  }
  for (let i = R4; i < R; i++) {
    for (let j = 0; j < S; j++) store<f32>(out + <usize>j * lo + (<usize>i << 2), load<f32>(src + <usize>i * ls + (<usize>j << 2)));
  }
}

/**
 * C = c₀ + A·Bᵀ: A is M × K (row stride lda), B is N × K (row stride ldb); Bᵀ is packed into
 * `scratch` (K × N floats), then multiplied as gemm does — the same bits as gemm on Bᵀ.
 */
export function gemmNT(M: i32, N: i32, K: i32, A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32,
  init: i32, bias: usize, scratch: usize): void {
  transpose(B, ldb, N, K, scratch, N);
  gemm(M, N, K, A, lda, 1, scratch, N, C, ldc, init, bias);
}

/**
 * The multiply–add ceiling of this GEMM on this machine: the 4×8 tile, `reps` times, over
 * operands that stay in L1 (A: 4 × K, B: K × 8, C: 4 × 8) — the same instructions as gemm with
 * no memory traffic to wait for. 64·K flops per rep.
 */
export function gemmTileCeiling(a: usize, b: usize, c: usize, K: i32, reps: i32): void {
  for (let r = 0; r < reps; r++) tile4x8(a, <usize>K << 2, 4, b, 32, c, 32, K, GEMM_ZERO, 0, 0);
}
