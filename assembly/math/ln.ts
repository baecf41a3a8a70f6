// Natural logarithm in f64 from IEEE basic operations only, so that the TS twin
// (src/math/ln.ts) computes the same bits. Used by the normal sampler, where Math.log
// implementations (V8's fdlibm port vs AssemblyScript's musl port) may differ by an ulp.
//
// x = m·2^e with m in [√½, √2); ln m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.1716,
// and the odd series 2(s + s³/3 + … + s¹⁵/15) is accurate to ~1e-13 relative.

const LN2: f64 = 0.6931471805599453;
const SQRT2: f64 = 1.4142135623730951;

/** ln(x) for finite normal x > 0. */
export function ln(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  let e = <i32>((bits >>> 52) & 0x7ff) - 1023;
  let m = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (m > SQRT2) {
    m = m * 0.5;
    e += 1;
  }
  const s = (m - 1.0) / (m + 1.0);
  const s2 = s * s;
  let p: f64 = 1.0 / 15.0;
  p = p * s2 + 1.0 / 13.0;
  p = p * s2 + 1.0 / 11.0;
  p = p * s2 + 1.0 / 9.0;
  p = p * s2 + 1.0 / 7.0;
  p = p * s2 + 1.0 / 5.0;
  p = p * s2 + 1.0 / 3.0;
  p = p * s2 + 1.0;
  return <f64>e * LN2 + 2.0 * s * p;
}
