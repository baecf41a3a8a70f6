// ln x in f32 from IEEE basic operations only (Cephes logf), four lanes at a time, so that the
// TS twin (src/math/lnf.ts) computes the same bits with Math.fround after every op.
// For positive normal x (the Box–Muller sampler calls it on (0, 1]):
//   x = m·2^e, m in [√½, √2) (from the exponent bits: m in [½, 1), doubled below √½),
//   ln x = f + f²·f·P(f) − f²/2 + e·ln2,  f = m − 1,  P of degree 8 (error ≈ 1 ulp),
//   e·ln2 added as e·C2 (small) then e·C1 (C1 = 0.693359375 has 9 bits: e·C1 is exact).

const SQRT_HALF: f32 = 0.707106781186547524;
const C1: f32 = 0.693359375;
const C2: f32 = -2.12194440e-4;
const P0: f32 = 7.0376836292e-2;
const P1: f32 = -1.1514610310e-1;
const P2: f32 = 1.1676998740e-1;
const P3: f32 = -1.2420140846e-1;
const P4: f32 = 1.4249322787e-1;
const P5: f32 = -1.6668057665e-1;
const P6: f32 = 2.0000714765e-1;
const P7: f32 = -2.4999993993e-1;
const P8: f32 = 3.3333331174e-1;

/** ln x in each lane, for positive normal x. */
@inline export function lnf4(x: v128): v128 {
  let e = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126)); // x = m·2^e, m in [½, 1)
  const m = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  const small = f32x4.lt(m, f32x4.splat(SQRT_HALF)); // m < √½: use 2m, e − 1
  e = i32x4.add(e, small);
  const f = f32x4.sub(v128.bitselect(f32x4.add(m, m), m, small), f32x4.splat(1.0));
  const z = f32x4.mul(f, f);
  let p = f32x4.splat(P0);
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(P1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(P2));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(P3));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(P4));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(P5));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(P6));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(P7));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(P8));
  let y = f32x4.mul(f32x4.mul(p, f), z);
  const fe = f32x4.convert_i32x4_s(e);
  y = f32x4.add(y, f32x4.mul(fe, f32x4.splat(C2)));
  y = f32x4.add(y, f32x4.mul(z, f32x4.splat(-0.5)));
  return f32x4.add(f32x4.add(f, y), f32x4.mul(fe, f32x4.splat(C1)));
}
