// exp in f32 from IEEE basic operations only (Cephes's reduction), four lanes at a time, so that
// the TS twin (src/math/expf.ts) computes the same bits with Math.fround after every op.
// Used by the softmax kernels, which call it on z − max z ≤ 0.
//
//   x = k·ln2 + r,  k = round(x·log₂e) (half to even, by the 1.5·2²³ trick),
//   r = (x − k·C1) − k·C2  with C1 + C2 = ln2 (C1 has 9 bits, so k·C1 is exact),
//   e^r = 1 + r + r²·P(r),  P of degree 4 (a minimax fit on |r| ≤ ln2/2 for the relative error
//   of e^r, 3·10⁻⁹; every f32 x in [−87, 0], the softmax's range, is within 0.99 ulp of e^x,
//   checked exhaustively — Cephes's degree-5 P: 0.98 — with one multiply-add less per lane),
//   e^x = e^r · 2^k  by adding k to the exponent bits.
// x is clamped to [−87, 88] so 2^k stays normal, and e^x for x < −87 (< 1.7e−38) is 0.

export const EXP_LO: f32 = -87.0;
export const EXP_HI: f32 = 88.0;
const LOG2E: f32 = 1.44269504088896341;
const ROUND: f32 = 12582912.0; // 1.5·2²³: x + ROUND − ROUND rounds x to an integer
const C1: f32 = 0.693359375;
const C2: f32 = -2.12194440e-4;
const P0: f32 = 1.3814612983e-3;
const P1: f32 = 8.3687098426e-3;
const P2: f32 = 4.1668387367e-2;
const P3: f32 = 1.6666520690e-1;
const P4: f32 = 4.9999993452e-1;

/**
 * The constants of expf4 as one static block: V8 builds every v128.const of a loop body anew
 * on each iteration (several instructions each); a v128.load32_splat is one instruction.
 */
export const EXP_PARAMS: usize = memory.data<f32>([EXP_LO, EXP_HI, LOG2E, ROUND, C1, C2, P0, P1, P2, P3, P4, 1.0]);

/**
 * e^x in each lane (same bits as expf on each lane). Cheap lowerings on x86: pmin/pmax clamp
 * (one instruction each; NaN passes through), and k's integer comes from the bits of
 * x·log₂e + 1.5·2²³, whose low mantissa bits hold k (no float→int conversion). The constants
 * come from EXP_PARAMS at `c` (v128.load32_splat): inlined into a loop, the loads are cheap
 * and V8 keeps what it can in registers.
 */
@inline export function expf4(x: v128, c: usize = EXP_PARAMS): v128 {
  const xc = f32x4.pmin(f32x4.pmax(x, v128.load32_splat(c, 0)), v128.load32_splat(c, 4));
  const round = v128.load32_splat(c, 12);
  const kr = f32x4.add(f32x4.mul(xc, v128.load32_splat(c, 8)), round);
  const k = f32x4.sub(kr, round);
  let r = f32x4.sub(xc, f32x4.mul(k, v128.load32_splat(c, 16)));
  r = f32x4.sub(r, f32x4.mul(k, v128.load32_splat(c, 20)));
  const z = f32x4.mul(r, r);
  let p = v128.load32_splat(c, 24);
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(c, 28));
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(c, 32));
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(c, 36));
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(c, 40));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, z), r), v128.load32_splat(c, 44));
  const ki = i32x4.sub(kr, round); // k as an integer, |k| ≤ 127 (round's bits are ROUND_BITS)
  const scaled = i32x4.add(y, i32x4.shl(ki, 23));
  return v128.andnot(scaled, f32x4.lt(x, v128.load32_splat(c, 0)));
}

/** e^x, one lane of expf4 (NaN stays NaN; returned early so the i32 cast cannot trap). */
@inline export function expf(x: f32): f32 {
  if (isNaN(x)) return x;
  const xc = Mathf.min(Mathf.max(x, EXP_LO), EXP_HI); // = pmin(pmax(x)) for x not NaN
  const k = (xc * LOG2E + ROUND) - ROUND;
  let r = xc - k * C1;
  r = r - k * C2;
  const z = r * r;
  let p = P0;
  p = p * r + P1;
  p = p * r + P2;
  p = p * r + P3;
  p = p * r + P4;
  const y = (p * z + r) + 1.0;
  if (x < EXP_LO) return 0.0;
  return reinterpret<f32>(reinterpret<i32>(y) + (<i32>k << 23));
}
