// Row primitives of the fused softmax kernels (the twin: src/problems/bigram-softmax/rows.ts).
// No per-element f64: sums run in f32x4 lanes over blocks of 64 entries (16 vectors), and
// each block's four lane sums are added to four f64 lane totals, combined (l0+l1)+(l2+l3),
// then the tail entries one by one in f64. A softmax block sum is ≤ 64 (every e ≤ 1), so
// its f32 rounding error is ≤ 64·2⁻²⁴ relative; the f64 totals keep rows of any length exact
// to that. The twin repeats this order lane by lane.
import { addLowLanes, addHighLanes, laneTotal } from "../../math/reduce";
import { expf, expf4 } from "../../math/expf";

export const BLOCK: i32 = 64;

/** a < b ? b : a — f32x4.pmax on one lane (maxps: one instruction; a NaN z is skipped). */
@inline function pmax(a: f32, b: f32): f32 {
  return select<f32>(b, a, a < b);
}

/**
 * max_k z_k over a row, by pmax in four lanes, then (l0 ∨ l1) ∨ (l2 ∨ l3), then the tail.
 * A NaN entry is skipped here but makes its e (and so the loss) NaN in expRow.
 */
export function rowMax(z: usize, len: i32): f32 {
  const n4 = len & ~3;
  let m4 = f32x4.splat(-Infinity);
  let k = 0;
  for (; k < n4; k += 4) m4 = f32x4.pmax(m4, v128.load(z + (<usize>k << 2)));
  let M = pmax(pmax(f32x4.extract_lane(m4, 0), f32x4.extract_lane(m4, 1)),
    pmax(f32x4.extract_lane(m4, 2), f32x4.extract_lane(m4, 3)));
  for (; k < len; k++) M = pmax(M, load<f32>(z + (<usize>k << 2)));
  return M;
}

/** out_k = e^{z_k − M}; returns S = Σ_k out_k in the block order. */
export function expRow(z: usize, out: usize, len: i32, M: f32): f64 {
  const n4 = len & ~3;
  const mm = f32x4.splat(M);
  let lo = f64x2.splat(0.0);
  let hi = f64x2.splat(0.0);
  let k = 0;
  while (k < n4) {
    const end = min(k + BLOCK, n4);
    let acc = f32x4.splat(0.0);
    for (; k < end; k += 4) {
      const o = <usize>k << 2;
      const e = expf4(f32x4.sub(v128.load(z + o), mm));
      v128.store(out + o, e);
      acc = f32x4.add(acc, e);
    }
    lo = addLowLanes(lo, acc);
    hi = addHighLanes(hi, acc);
  }
  let S = laneTotal(lo, hi);
  for (; k < len; k++) {
    const o = <usize>k << 2;
    const e = expf(load<f32>(z + o) - M);
    store<f32>(out + o, e);
    S += <f64>e;
  }
  return S;
}

/** u_k ← u_k·s. */
export function scaleRow(u: usize, len: i32, s: f32): void {
  const n4 = len & ~3;
  const ss = f32x4.splat(s);
  let k = 0;
  for (; k < n4; k += 4) {
    const o = <usize>k << 2;
    v128.store(u + o, f32x4.mul(v128.load(u + o), ss));
  }
  for (; k < len; k++) {
    const o = <usize>k << 2;
    store<f32>(u + o, load<f32>(u + o) * s);
  }
}

/**
 * Dense targets c (a row of weights c_ik/N): u_k ← u_k·s − c_k (u holds e_k on entry);
 * returns Σ_k c_k·z_k in the block order.
 */
export function gradientDense(u: usize, c: usize, z: usize, len: i32, s: f32): f64 {
  const n4 = len & ~3;
  const ss = f32x4.splat(s);
  let lo = f64x2.splat(0.0);
  let hi = f64x2.splat(0.0);
  let k = 0;
  while (k < n4) {
    const end = min(k + BLOCK, n4);
    let acc = f32x4.splat(0.0);
    for (; k < end; k += 4) {
      const o = <usize>k << 2;
      const ck = v128.load(c + o);
      acc = f32x4.add(acc, f32x4.mul(ck, v128.load(z + o)));
      v128.store(u + o, f32x4.sub(f32x4.mul(v128.load(u + o), ss), ck));
    }
    lo = addLowLanes(lo, acc);
    hi = addHighLanes(hi, acc);
  }
  let dot = laneTotal(lo, hi);
  for (; k < len; k++) {
    const o = <usize>k << 2;
    const ck = load<f32>(c + o);
    dot += <f64>(ck * load<f32>(z + o));
    store<f32>(u + o, load<f32>(u + o) * s - ck);
  }
  return dot;
}

/** u_k ← u_k + λ·z_k; returns Σ z_k² in the block order. */
export function addL2Row(u: usize, z: usize, len: i32, lambda: f32): f64 {
  const n4 = len & ~3;
  const lv = f32x4.splat(lambda);
  let lo = f64x2.splat(0.0);
  let hi = f64x2.splat(0.0);
  let k = 0;
  while (k < n4) {
    const end = min(k + BLOCK, n4);
    let acc = f32x4.splat(0.0);
    for (; k < end; k += 4) {
      const o = <usize>k << 2;
      const x = v128.load(z + o);
      acc = f32x4.add(acc, f32x4.mul(x, x));
      v128.store(u + o, f32x4.add(v128.load(u + o), f32x4.mul(lv, x)));
    }
    lo = addLowLanes(lo, acc);
    hi = addHighLanes(hi, acc);
  }
  let total = laneTotal(lo, hi);
  for (; k < len; k++) {
    const o = <usize>k << 2;
    const x = load<f32>(z + o);
    total += <f64>(x * x);
    store<f32>(u + o, load<f32>(u + o) + lambda * x);
  }
  return total;
}

/** counts_k += (u_k ≠ 0) over a row. */
export function countNonzeroRow(u: usize, counts: usize, len: i32): void {
  const n4 = len & ~3;
  const zero = f32x4.splat(0.0);
  let k = 0;
  for (; k < n4; k += 4) {
    const o = <usize>k << 2;
    // ne gives −1 (all ones) per nonzero lane: subtracting adds 1.
    v128.store(counts + o, i32x4.sub(v128.load(counts + o), f32x4.ne(v128.load(u + o), zero)));
  }
  for (; k < len; k++) {
    const o = <usize>k << 2;
    store<u32>(counts + o, load<u32>(counts + o) + <u32>(load<f32>(u + o) != 0));
  }
}
