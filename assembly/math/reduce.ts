// Reductions over a segment in f64, in a fixed order the twin repeats exactly:
// four lane sums over the 4-aligned body (each term rounded to f32 first, as the f32x4
// product is), combined as (l0+l1)+(l2+l3), then the tail added one by one.

/** lanes (0, 1) of an f32x4 term added, promoted to f64, to an f64x2 accumulator. */
@inline export function addLowLanes(acc: v128, term: v128): v128 {
  return f64x2.add(acc, f64x2.promote_low_f32x4(term));
}

/** lanes (2, 3) of an f32x4 term added, promoted to f64, to an f64x2 accumulator. */
@inline export function addHighLanes(acc: v128, term: v128): v128 {
  return f64x2.add(acc, f64x2.promote_low_f32x4(v128.shuffle<u32>(term, term, 2, 3, 0, 1)));
}

/** The four lane sums combined as (l0+l1)+(l2+l3): the order every twin repeats. */
@inline export function laneTotal(lo: v128, hi: v128): f64 {
  return (f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1)) +
    (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1));
}

/** Σ u² over a segment. */
export function sumSquares(u: usize, len: i32): f64 {
  let lo = f64x2.splat(0.0);
  let hi = f64x2.splat(0.0);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const x = v128.load(u + (<usize>i << 2));
    const sq = f32x4.mul(x, x);
    lo = addLowLanes(lo, sq);
    hi = addHighLanes(hi, sq);
  }
  let total = laneTotal(lo, hi);
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
    lo = addLowLanes(lo, a);
    hi = addHighLanes(hi, a);
  }
  let total = laneTotal(lo, hi);
  for (; i < len; i++) {
    total += <f64>Mathf.abs(load<f32>(u + (<usize>i << 2)));
  }
  return total;
}
