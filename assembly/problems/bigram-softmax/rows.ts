// Row primitives of the fused softmax kernels (the twin: src/problems/bigram-softmax/rows.ts).
// No per-element f64: sums run in f32x4 lanes over blocks of 64 entries (16 vectors), and
// each block's four lane sums are added to four f64 lane totals, combined (l0+l1)+(l2+l3),
// then the tail entries one by one in f64. A softmax block sum is ≤ 64 (every e ≤ 1), so
// its f32 rounding error is ≤ 64·2⁻²⁴ relative; the f64 totals keep rows of any length exact
// to that. The twin repeats this order lane by lane.
import { addLowLanes, addHighLanes, laneTotal } from "../../math/reduce";
import { expConstant, expf, expf4 } from "../../math/expf";

export const BLOCK: i32 = 64;

/** a < b ? b : a — f32x4.pmax on one lane (maxps: one instruction; a NaN z is skipped). */
@inline export function pmax(a: f32, b: f32): f32 {
  return select<f32>(b, a, a < b);
}

/**
 * max_k z_k over a row, by pmax in four chains of four lanes (a row not in cache streams
 * instead of waiting on one chain's latency), then the chains and lanes, then the tail. The
 * order decides only the sign of a zero maximum (pmax(−0, +0) keeps its first operand) and
 * which NaN-free value wins among equals: the kernels use M only as the shift of exp(z − M) and
 * in M + ln S, where ±0 give the same bits, so the twin's plain lane order gives the same results.
 * A NaN entry is skipped here but makes its e (and so the loss) NaN in expRow.
 */
export function rowMax(z: usize, len: i32): f32 {
  const n4 = len & ~3;
  let m0 = f32x4.splat(-Infinity);
  let m1 = m0, m2 = m0, m3 = m0;
  let k = 0;
  for (; k + 16 <= n4; k += 16) {
    const o = z + (<usize>k << 2);
    m0 = f32x4.pmax(m0, v128.load(o));
    m1 = f32x4.pmax(m1, v128.load(o, 16));
    m2 = f32x4.pmax(m2, v128.load(o, 32));
    m3 = f32x4.pmax(m3, v128.load(o, 48));
  }
  for (; k < n4; k += 4) m0 = f32x4.pmax(m0, v128.load(z + (<usize>k << 2)));
  const m4 = f32x4.pmax(f32x4.pmax(m0, m1), f32x4.pmax(m2, m3));
  let M = pmax(pmax(f32x4.extract_lane(m4, 0), f32x4.extract_lane(m4, 1)),
    pmax(f32x4.extract_lane(m4, 2), f32x4.extract_lane(m4, 3)));
  for (; k < len; k++) M = pmax(M, load<f32>(z + (<usize>k << 2)));
  return M;
}

/** out_k = e^{z_k − M}; returns S = Σ_k out_k in the block order. */
export function expRow(z: usize, out: usize, len: i32, M: f32): f64 {
  const n4 = len & ~3;
  const mm = f32x4.splat(M);
  const lo = expConstant(0), log2e = expConstant(1), round = expConstant(2), c1 = expConstant(3);
  const c2 = expConstant(4), p0 = expConstant(5), p1 = expConstant(6), p2 = expConstant(7);
  const p3 = expConstant(8), p4 = expConstant(9), one = expConstant(10);
  let lo2 = f64x2.splat(0.0);
  let hi2 = f64x2.splat(0.0);
  let k = 0;
  while (k < n4) {
    const end = min(k + BLOCK, n4);
    let acc = f32x4.splat(0.0);
    // two vectors an iteration (V8 schedules them together), same add order
    for (; k + 8 <= end; k += 8) {
      const o = <usize>k << 2;
      const e0 = expf4(f32x4.sub(v128.load(z + o), mm), lo, log2e, round, c1, c2, p0, p1, p2, p3, p4, one);
      const e1 = expf4(f32x4.sub(v128.load(z + o, 16), mm), lo, log2e, round, c1, c2, p0, p1, p2, p3, p4, one);
      v128.store(out + o, e0);
      v128.store(out + o, e1, 16);
      acc = f32x4.add(f32x4.add(acc, e0), e1);
    }
    for (; k < end; k += 4) {
      const o = <usize>k << 2;
      const e = expf4(f32x4.sub(v128.load(z + o), mm), lo, log2e, round, c1, c2, p0, p1, p2, p3, p4, one);
      v128.store(out + o, e);
      acc = f32x4.add(acc, e);
    }
    lo2 = addLowLanes(lo2, acc);
    hi2 = addHighLanes(hi2, acc);
  }
  let S = laneTotal(lo2, hi2);
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
 * The expected counts' targets, c_k = f32(a·b_{rank_k}) (then ·ω_k where omega ≠ 0), four at
 * a time: from the stored table (targets ≠ 0: the row's c, one vector load), else made here —
 * rank_k from a u16 row (ranks = 0: the identity), b_{rank_k} gathered by four scalar loads
 * into one vector. The same two f32 products per entry as a scalar loop.
 */
@inline export function targets4(targets: usize, b: usize, ranks: usize, omega: usize, aa: v128, k: i32): v128 {
  if (targets != 0) return v128.load(targets + (<usize>k << 2));
  let c: v128;
  if (ranks != 0) {
    const r = ranks + (<usize>k << 1);
    c = f32x4.splat(load<f32>(b + (<usize>load<u16>(r) << 2)));
    c = f32x4.replace_lane(c, 1, load<f32>(b + (<usize>load<u16>(r, 2) << 2)));
    c = f32x4.replace_lane(c, 2, load<f32>(b + (<usize>load<u16>(r, 4) << 2)));
    c = f32x4.replace_lane(c, 3, load<f32>(b + (<usize>load<u16>(r, 6) << 2)));
  } else {
    c = v128.load(b + (<usize>k << 2));
  }
  c = f32x4.mul(aa, c);
  if (omega != 0) c = f32x4.mul(c, v128.load(omega + (<usize>k << 2)));
  return c;
}

/** One entry of targets4. */
@inline export function target(targets: usize, a: f32, b: usize, ranks: usize, omega: usize, k: i32): f32 {
  if (targets != 0) return load<f32>(targets + (<usize>k << 2));
  const r = ranks != 0 ? <usize>load<u16>(ranks + (<usize>k << 1)) : <usize>k;
  let ck = a * load<f32>(b + (r << 2));
  if (omega != 0) ck *= load<f32>(omega + (<usize>k << 2));
  return ck;
}

/** classLoss_k += c_k·(lse − z_k) in f64 for four entries (c, z: f32x4; at: f64 ×4). */
@inline export function addClassLoss4(at: usize, c: v128, z: v128, lse: v128): void {
  const zHi = v128.shuffle<u32>(z, z, 2, 3, 0, 1);
  const cHi = v128.shuffle<u32>(c, c, 2, 3, 0, 1);
  v128.store(at, f64x2.add(v128.load(at),
    f64x2.mul(f64x2.promote_low_f32x4(c), f64x2.sub(lse, f64x2.promote_low_f32x4(z)))));
  v128.store(at, f64x2.add(v128.load(at, 16),
    f64x2.mul(f64x2.promote_low_f32x4(cHi), f64x2.sub(lse, f64x2.promote_low_f32x4(zHi)))), 16);
}

/**
 * gradientDense for the expected counts, their targets made in the same pass (no c row):
 * c_k (targets4), u_k ← u_k·s − c_k, returns Σ c_k·z_k in the block order;
 * classLoss ≠ 0 (f64 len): also classLoss_k += c_k·(lse − z_k), as a recorded step needs.
 */
export function gradientExpected(u: usize, z: usize, len: i32, s: f32, a: f32, targets: usize, b: usize, ranks: usize,
  omega: usize, classLoss: usize, lse: f64): f64 {
  const n4 = len & ~3;
  const ss = f32x4.splat(s);
  const aa = f32x4.splat(a);
  const ll = f64x2.splat(lse);
  let lo = f64x2.splat(0.0);
  let hi = f64x2.splat(0.0);
  let k = 0;
  while (k < n4) {
    const end = min(k + BLOCK, n4);
    let acc = f32x4.splat(0.0);
    for (; k < end; k += 4) {
      const o = <usize>k << 2;
      const ck = targets4(targets, b, ranks, omega, aa, k);
      const zk = v128.load(z + o);
      acc = f32x4.add(acc, f32x4.mul(ck, zk));
      v128.store(u + o, f32x4.sub(f32x4.mul(v128.load(u + o), ss), ck));
      if (classLoss != 0) addClassLoss4(classLoss + (<usize>k << 3), ck, zk, ll);
    }
    lo = addLowLanes(lo, acc);
    hi = addHighLanes(hi, acc);
  }
  let dot = laneTotal(lo, hi);
  for (; k < len; k++) {
    const o = <usize>k << 2;
    const ck = target(targets, a, b, ranks, omega, k);
    const zk = load<f32>(z + o);
    dot += <f64>(ck * zk);
    store<f32>(u + o, load<f32>(u + o) * s - ck);
    if (classLoss != 0) {
      const at = classLoss + (<usize>k << 3);
      store<f64>(at, load<f64>(at) + <f64>ck * (lse - <f64>zk));
    }
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
