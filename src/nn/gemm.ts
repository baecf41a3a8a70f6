// Twin of assembly/nn/gemm.ts: every output one sum in k order, acc = r(acc + r(a·b)), from
// c₀ = 0, bias[j] or C itself. The kernel's blocking never changes that order, so this is the
// plain triple loop. Arrays carry offsets (the kernel's pointers) and strides in elements.
import { F32, type Arith, type Vec } from "./arith.js";

export const GEMM_ZERO = 0;
export const GEMM_BIAS = 1;
export const GEMM_ADD = 2;

/** A matrix operand: array, offset of element (0, 0), and strides. */
export interface Mat {
  a: Vec;
  off: number;
  rs: number;
  cs: number;
}

/** A row-major operand (column stride 1). */
export const rows = (a: Vec, off: number, ld: number): Mat => ({ a, off, rs: ld, cs: 1 });
/** The transpose of a row-major operand: element (i, k) is a[off + k·ld + i]. */
export const cols = (a: Vec, off: number, ld: number): Mat => ({ a, off, rs: 1, cs: ld });

/**
 * C = c₀ + A·B over M × N with K steps: A(i,k) = A.a[A.off + i·A.rs + k·A.cs], B(k,j) and C(i,j)
 * likewise (B and C usually row-major). init: GEMM_ZERO, GEMM_BIAS (bias[biasOff + j]) or GEMM_ADD.
 */
export function gemm(
  M: number,
  N: number,
  K: number,
  A: Mat,
  B: Mat,
  C: Mat,
  init: number,
  bias: Vec | null = null,
  biasOff = 0,
  ar: Arith = F32,
): void {
  const r = ar.r;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      const c = C.off + i * C.rs + j * C.cs;
      let acc = init === GEMM_ADD ? C.a[c] : init === GEMM_BIAS ? bias![biasOff + j] : 0;
      let pa = A.off + i * A.rs;
      let pb = B.off + j * B.cs;
      for (let k = 0; k < K; k++) {
        acc = r(acc + r(A.a[pa] * B.a[pb]));
        pa += A.cs;
        pb += B.rs;
      }
      C.a[c] = acc;
    }
  }
}

/** C = c₀ + A·Bᵀ, B stored N × K row-major (the kernel packs Bᵀ first: the same bits). */
export function gemmNT(
  M: number,
  N: number,
  K: number,
  A: Mat,
  B: Mat,
  C: Mat,
  init: number,
  bias: Vec | null = null,
  biasOff = 0,
  ar: Arith = F32,
): void {
  gemm(M, N, K, A, { a: B.a, off: B.off, rs: B.cs, cs: B.rs }, C, init, bias, biasOff, ar);
}
