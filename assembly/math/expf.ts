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
// expf clamps x to [−87, 88] so 2^k stays normal, and e^x for x < −87 (< 1.7e−38) is 0;
// expf4 serves the softmax, where x ≤ 0, and only masks x < −87 to 0 (the same bits there).

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

/** The constants of expf4 as one static block (expConstant). */
export const EXP_PARAMS: usize = memory.data<f32>([EXP_LO, LOG2E, ROUND, C1, C2, P0, P1, P2, P3, P4, 1.0]);

/**
 * The i-th constant of expf4 (EXP_PARAMS order), splat: a loop loads all eleven once before it
 * and passes them to every expf4 in it. V8 hoists neither a v128.const nor a load out of a
 * loop: loaded at each use, every constant cost an address computation, a spill and a load per
 * vector, more instructions than the arithmetic; locals set before the loop stay in registers
 * or spill slots.
 */
@inline export function expConstant(i: i32): v128 {
  return v128.load32_splat(EXP_PARAMS + (<usize>i << 2));
}

/**
 * e^x in each lane, for x ≤ 0 or NaN (a softmax's z − max z): the bits of expf on each lane.
 * x < −87 gives 0 (the mask), so no clamp is needed below; above 0 the argument never comes
 * (2^k needs k ≤ 127: x ≤ 88 would do). k's integer comes from the bits of x·log₂e + 1.5·2²³,
 * whose low mantissa bits hold k: shifted left by 23 the exponent bits of ROUND fall off, so
 * (bits << 23) is k·2²³ (no float→int conversion, no integer subtraction).
 */
@inline export function expf4(x: v128, lo: v128, log2e: v128, round: v128, c1: v128, c2: v128,
  p0: v128, p1: v128, p2: v128, p3: v128, p4: v128, one: v128): v128 {
  const kr = f32x4.add(f32x4.mul(x, log2e), round);
  const k = f32x4.sub(kr, round);
  let r = f32x4.sub(x, f32x4.mul(k, c1));
  r = f32x4.sub(r, f32x4.mul(k, c2));
  const z = f32x4.mul(r, r);
  let p = f32x4.add(f32x4.mul(p0, r), p1);
  p = f32x4.add(f32x4.mul(p, r), p2);
  p = f32x4.add(f32x4.mul(p, r), p3);
  p = f32x4.add(f32x4.mul(p, r), p4);
  const y = f32x4.add(f32x4.add(f32x4.mul(p, z), r), one);
  return v128.andnot(i32x4.add(y, i32x4.shl(kr, 23)), f32x4.lt(x, lo));
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
