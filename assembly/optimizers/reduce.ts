// Reductions over a segment in f64, in a fixed order the twin repeats exactly:
// four lane sums over the 4-aligned body (each term rounded to f32 first, as the f32x4
// product is), combined as (l0+l1)+(l2+l3), then the tail added one by one.

/** Σ u² over a segment. */
export function sumSquares(u: usize, len: i32): f64 {
  let lo = f64x2.splat(0.0);
  let hi = f64x2.splat(0.0);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const x = v128.load(u + (<usize>i << 2));
    const sq = f32x4.mul(x, x);
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(sq));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<u32>(sq, sq, 2, 3, 0, 1)));
  }
  let total = (f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1)) +
    (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1));
  for (; i < len; i++) {
    const x = load<f32>(u + (<usize>i << 2));
    total += <f64>(x * x);
  }
  return total;
}

/** Σ |u| over a segment. */
export function sumAbs(u: usize, len: i32): f64 {
  let lo = f64x2.splat(0.0);
  let hi = f64x2.splat(0.0);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const a = f32x4.abs(v128.load(u + (<usize>i << 2)));
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(a));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<u32>(a, a, 2, 3, 0, 1)));
  }
  let total = (f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1)) +
    (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1));
  for (; i < len; i++) {
    total += <f64>Mathf.abs(load<f32>(u + (<usize>i << 2)));
  }
  return total;
}
