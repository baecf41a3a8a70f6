// Twin of assembly/problems/bigram-softmax/rows.ts: the fused softmax kernels' row primitives, with
// the kernel's bits. Sums: f32 lane sums over blocks of 64 entries (each add rounded to f32,
// as f32x4.add is), each block's lanes added to f64 lane totals, (l0+l1)+(l2+l3), then the
// tail in f64 one by one.
import { expf } from "../../math/expf.js";

const f32 = Math.fround;
export const BLOCK = 64;

/** Σ_{k<len} term(k) in the kernels' block order; term(k) must already be an f32 value. */
export function blockSum(len: number, term: (k: number) => number): number {
  const n4 = len & ~3;
  let l0 = 0,
    l1 = 0,
    l2 = 0,
    l3 = 0;
  let k = 0;
  while (k < n4) {
    const end = Math.min(k + BLOCK, n4);
    let a0 = 0,
      a1 = 0,
      a2 = 0,
      a3 = 0;
    for (; k < end; k += 4) {
      a0 = f32(a0 + term(k));
      a1 = f32(a1 + term(k + 1));
      a2 = f32(a2 + term(k + 2));
      a3 = f32(a3 + term(k + 3));
    }
    l0 += a0;
    l1 += a1;
    l2 += a2;
    l3 += a3;
  }
  let total = l0 + l1 + (l2 + l3);
  for (; k < len; k++) total += term(k);
  return total;
}

/** f32x4.pmax on one lane: a < b ? b : a (a NaN b is skipped). */
const pmax = (a: number, b: number): number => (a < b ? b : a);

/** The kernel's lane order: four pmax lanes, (l0 ∨ l1) ∨ (l2 ∨ l3), then the tail. */
export function rowMax(z: Float32Array, off: number, len: number): number {
  const n4 = len & ~3;
  let l0 = -Infinity,
    l1 = -Infinity,
    l2 = -Infinity,
    l3 = -Infinity;
  let k = 0;
  for (; k < n4; k += 4) {
    l0 = pmax(l0, z[off + k]);
    l1 = pmax(l1, z[off + k + 1]);
    l2 = pmax(l2, z[off + k + 2]);
    l3 = pmax(l3, z[off + k + 3]);
  }
  let M = pmax(pmax(l0, l1), pmax(l2, l3));
  for (; k < len; k++) M = pmax(M, z[off + k]);
  return M;
}

/** out[outOff + k] = e^{z_k − M}; returns S in the block order. */
export function expRow(z: Float32Array, off: number, out: Float32Array, outOff: number, len: number, M: number): number {
  for (let k = 0; k < len; k++) out[outOff + k] = expf(f32(z[off + k] - M));
  return blockSum(len, (k) => out[outOff + k]);
}

export function scaleRow(u: Float32Array, uOff: number, len: number, s: number): void {
  for (let k = 0; k < len; k++) u[uOff + k] = f32(u[uOff + k] * s);
}

/** The expected counts' row of targets (the kernel makes it four entries at a time). */
export interface ExpectedTargets {
  /** a_i = π_i of the row. */
  a: number;
  /** b_r = π_r by rank r. */
  b: Float32Array;
  /** rank_k of the row at ranks[rankOff + k], or null for the identity. */
  ranks: Uint16Array | null;
  rankOff: number;
  /** ω_k, or null. */
  omega: Float32Array | null;
}

/**
 * c_k = f32(a·b_{rank_k})(·ω_k), u ← u·s − c (u holds e on entry); returns Σ c·z in the block
 * order; classLoss: also classLoss_k += c_k·(lse − z_k) (f64).
 */
export function gradientExpected(
  u: Float32Array,
  uOff: number,
  z: Float32Array,
  zOff: number,
  len: number,
  s: number,
  t: ExpectedTargets,
  classLoss: Float64Array | null,
  lse: number,
): number {
  const { a, b, ranks, rankOff, omega } = t;
  const c = (k: number): number => {
    const v = f32(a * b[ranks ? ranks[rankOff + k] : k]);
    return omega ? f32(v * omega[k]) : v;
  };
  const dot = blockSum(len, (k) => f32(c(k) * z[zOff + k]));
  for (let k = 0; k < len; k++) {
    const ck = c(k);
    u[uOff + k] = f32(f32(u[uOff + k] * s) - ck);
    if (classLoss) classLoss[k] += ck * (lse - z[zOff + k]);
  }
  return dot;
}

/** u ← u + λz; returns Σ z² in the block order. */
export function addL2Row(u: Float32Array, uOff: number, z: Float32Array, zOff: number, len: number, lambda: number): number {
  const total = blockSum(len, (k) => f32(z[zOff + k] * z[zOff + k]));
  for (let k = 0; k < len; k++) u[uOff + k] = f32(u[uOff + k] + f32(lambda * z[zOff + k]));
  return total;
}
