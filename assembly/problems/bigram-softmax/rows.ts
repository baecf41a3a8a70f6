// Row primitives of the fused softmax kernels (the twin: src/problems/bigram-softmax/rows.ts).
// No per-element f64: sums run in f32x4 lanes over blocks of 64 entries (16 vectors), and
// each block's four lane sums are added to four f64 lane totals, combined (l0+l1)+(l2+l3),
// then the tail entries one by one in f64. A softmax block sum is ≤ 64 (every e ≤ 1), so
// its f32 rounding error is ≤ 64·2⁻²⁴ relative; the f64 totals keep rows of any length exact
// to that. The twin repeats this order lane by lane.
import { addLowLanes, addHighLanes, laneTotal } from "../../math/reduce";
import { expConstant, expf, expf4 } from "../../math/expf";
import { updateLanes, updateScalar } from "../../optimizers/elementwise";
import { TransformCode } from "../../layout";

export const BLOCK: i32 = 64;

/** a < b ? b : a — f32x4.pmax on one lane (maxps: one instruction; a NaN z is skipped). */
@inline function pmax(a: f32, b: f32): f32 {
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
@inline function targets4(targets: usize, b: usize, ranks: usize, omega: usize, aa: v128, k: i32): v128 {
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
@inline function target(targets: usize, a: f32, b: usize, ranks: usize, omega: usize, k: i32): f32 {
  if (targets != 0) return load<f32>(targets + (<usize>k << 2));
  const r = ranks != 0 ? <usize>load<u16>(ranks + (<usize>k << 1)) : <usize>k;
  let ck = a * load<f32>(b + (r << 2));
  if (omega != 0) ck *= load<f32>(omega + (<usize>k << 2));
  return ck;
}

/** classLoss_k += c_k·(lse − z_k) in f64 for four entries (c, z: f32x4; at: f64 ×4). */
@inline function addClassLoss4(at: usize, c: v128, z: v128, lse: v128): void {
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

/** The targets of four entries at k: the stored table's (table), else targets4. */
@inline function targetsAt(targets: usize, table: bool, b: usize, ranks: usize, omega: usize, aa: v128, k: i32): v128 {
  return table ? v128.load(targets + (<usize>k << 2)) : targets4(targets, b, ranks, omega, aa, k);
}

/**
 * gradientExpected fused with an elementwise optimizer (optimizers/elementwise.ts) and the
 * next step's row max, in one loop: per entry g = e·s − c (e in u on entry), the non-zero
 * count where counts ≠ 0, classLoss as gradientExpected, z_k ← update(z_k, g) in place, and
 * the max of the updated row stored at maxAt. Returns Σ c·z of the weights before the update,
 * in the block order. The same bits as gradientExpected, countNonzeroRow, the chain on the row
 * and rowMax in turn: every entry sees the same operations, the sums the same order (the max's
 * order decides nothing: rowMax). off: the row's byte offset in W (the optimizer state's
 * offset). `table`, `classes` and `counting` are constants where this is inlined (targets ≠ 0
 * with no ω, classLoss ≠ 0, counts ≠ 0), so the hot variants carry no branch for them; two
 * vectors an iteration.
 *
 * Counts: a zero gradient entry is rare (e·s = c exactly), so the vector body does not add
 * (g ≠ 0) to counts_k entry by entry — a load and a store per vector, 12% of the step — but
 * ORs the lanes' (g = 0) masks: the caller adds 1 to counts_k for every k < len & ~3 per row
 * (addRows), and a row with a zero lane takes 1 back there (uncountZeros); the tail entries
 * are counted one by one. NaN ≠ 0 counts, as in countNonzeroRow.
 */
@inline function expectedUpdateLoop(code: u32, op: usize, off: usize, u: usize, z: usize, len: i32, s: f32,
  a: f32, targets: usize, table: bool, b: usize, ranks: usize, omega: usize, classes: bool, classLoss: usize, lse: f64,
  counting: bool, counts: usize, maxAt: usize): f64 {
  const n4 = len & ~3;
  const ss = f32x4.splat(s);
  const aa = f32x4.splat(a);
  const ll = f64x2.splat(lse);
  const zero = f32x4.splat(0.0);
  let zeros = zero;
  let m0 = f32x4.splat(-Infinity);
  let m1 = m0;
  let lo = f64x2.splat(0.0);
  let hi = f64x2.splat(0.0);
  let k = 0;
  while (k < n4) {
    const end = min(k + BLOCK, n4);
    let acc = f32x4.splat(0.0);
    for (; k + 8 <= end; k += 8) {
      const o = <usize>k << 2;
      const c0 = targetsAt(targets, table, b, ranks, omega, aa, k);
      const c1 = targetsAt(targets, table, b, ranks, omega, aa, k + 4);
      const z0 = v128.load(z + o);
      const z1 = v128.load(z + o, 16);
      const g0 = f32x4.sub(f32x4.mul(v128.load(u + o), ss), c0);
      const g1 = f32x4.sub(f32x4.mul(v128.load(u + o, 16), ss), c1);
      if (classes) {
        addClassLoss4(classLoss + (<usize>k << 3), c0, z0, ll);
        addClassLoss4(classLoss + (<usize>k << 3) + 32, c1, z1, ll);
      }
      if (counting) zeros = v128.or(zeros, v128.or(f32x4.eq(g0, zero), f32x4.eq(g1, zero)));
      const w0 = updateLanes(code, op, z0, g0, off + o);
      const w1 = updateLanes(code, op, z1, g1, off + o + 16);
      v128.store(z + o, w0);
      v128.store(z + o, w1, 16);
      acc = f32x4.add(f32x4.add(acc, f32x4.mul(c0, z0)), f32x4.mul(c1, z1));
      m0 = f32x4.pmax(m0, w0);
      m1 = f32x4.pmax(m1, w1);
    }
    for (; k < end; k += 4) {
      const o = <usize>k << 2;
      const c0 = targetsAt(targets, table, b, ranks, omega, aa, k);
      const z0 = v128.load(z + o);
      const g0 = f32x4.sub(f32x4.mul(v128.load(u + o), ss), c0);
      if (classes) addClassLoss4(classLoss + (<usize>k << 3), c0, z0, ll);
      if (counting) zeros = v128.or(zeros, f32x4.eq(g0, zero));
      const w0 = updateLanes(code, op, z0, g0, off + o);
      v128.store(z + o, w0);
      acc = f32x4.add(acc, f32x4.mul(c0, z0));
      m0 = f32x4.pmax(m0, w0);
    }
    lo = addLowLanes(lo, acc);
    hi = addHighLanes(hi, acc);
  }
  let dot = laneTotal(lo, hi);
  const m4 = f32x4.pmax(m0, m1);
  let M = pmax(pmax(f32x4.extract_lane(m4, 0), f32x4.extract_lane(m4, 1)),
    pmax(f32x4.extract_lane(m4, 2), f32x4.extract_lane(m4, 3)));
  if (counting && v128.any_true(zeros)) uncountZeros(u, n4, s, a, targets, b, ranks, omega, counts);
  for (; k < len; k++) {
    const o = <usize>k << 2;
    const ck = target(targets, a, b, ranks, omega, k);
    const zk = load<f32>(z + o);
    dot += <f64>(ck * zk);
    const g = load<f32>(u + o) * s - ck;
    if (classLoss != 0) {
      const at = classLoss + (<usize>k << 3);
      store<f64>(at, load<f64>(at) + <f64>ck * (lse - <f64>zk));
    }
    if (counts != 0) store<u32>(counts + o, load<u32>(counts + o) + <u32>(g != 0));
    const wk = updateScalar(code, op, zk, g, off + o);
    store<f32>(z + o, wk);
    M = pmax(M, wk);
  }
  store<f32>(maxAt, M);
  return dot;
}

/**
 * counts_k −= 1 where g_k = u_k·s − c_k is zero, k < n4: the entries expectedUpdateLoop
 * counted as non-zero by default (the same f32 products as its lanes; rare, so one by one).
 */
function uncountZeros(u: usize, n4: i32, s: f32, a: f32, targets: usize, b: usize, ranks: usize, omega: usize, counts: usize): void {
  for (let k = 0; k < n4; k++) {
    const o = <usize>k << 2;
    if (load<f32>(u + o) * s - target(targets, a, b, ranks, omega, k) == 0) store<u32>(counts + o, load<u32>(counts + o) - 1);
  }
}

/** counts_k −= 1 where u_k = 0, k < n4 (updateRowLoop's uncountZeros). */
function uncountZeroEntries(u: usize, n4: i32, counts: usize): void {
  for (let k = 0; k < n4; k++) {
    const o = <usize>k << 2;
    if (load<f32>(u + o) == 0) store<u32>(counts + o, load<u32>(counts + o) - 1);
  }
}

/** counts_k += rows for k < len & ~3: the non-zero counts expectedUpdateLoop leaves to its caller. */
export function addRows(counts: usize, len: i32, rows: u32): void {
  const n4 = len & ~3;
  const r = i32x4.splat(rows);
  for (let k = 0; k < n4; k += 4) {
    const o = <usize>k << 2;
    v128.store(counts + o, i32x4.add(v128.load(counts + o), r));
  }
}

/** expectedUpdateLoop of one code: with the targets table, the unrecorded steps (with and without counts) and the recorded ones of a run (counts and class losses); else the general loop. */
@inline function expectedUpdateOf(code: u32, op: usize, off: usize, u: usize, z: usize, len: i32, s: f32,
  a: f32, targets: usize, b: usize, ranks: usize, omega: usize, classLoss: usize, lse: f64, counts: usize, maxAt: usize,
): f64 {
  if (targets != 0 && omega == 0) {
    if (classLoss == 0 && counts != 0) return expectedUpdateLoop(code, op, off, u, z, len, s, a, targets, true, b, ranks, omega, false, 0, lse, true, counts, maxAt);
    if (classLoss == 0) return expectedUpdateLoop(code, op, off, u, z, len, s, a, targets, true, b, ranks, omega, false, 0, lse, false, 0, maxAt);
    if (counts != 0) return expectedUpdateLoop(code, op, off, u, z, len, s, a, targets, true, b, ranks, omega, true, classLoss, lse, true, counts, maxAt);
  }
  return expectedUpdateLoop(code, op, off, u, z, len, s, a, targets, false, b, ranks, omega, classLoss != 0, classLoss, lse, counts != 0, counts, maxAt);
}

/** expectedUpdateLoop for the chain's elementwise code (elementwiseCode ≠ 0). */
export function gradientExpectedUpdate(code: u32, op: usize, off: usize, u: usize, z: usize, len: i32, s: f32,
  a: f32, targets: usize, b: usize, ranks: usize, omega: usize, classLoss: usize, lse: f64, counts: usize, maxAt: usize,
): f64 {
  if (code == TransformCode.FusedSgd) return expectedUpdateOf(TransformCode.FusedSgd, op, off, u, z, len, s, a, targets, b, ranks, omega, classLoss, lse, counts, maxAt);
  if (code == TransformCode.FusedSign) return expectedUpdateOf(TransformCode.FusedSign, op, off, u, z, len, s, a, targets, b, ranks, omega, classLoss, lse, counts, maxAt);
  return expectedUpdateOf(TransformCode.FusedAdam, op, off, u, z, len, s, a, targets, b, ranks, omega, classLoss, lse, counts, maxAt);
}

/**
 * An elementwise optimizer on a gradient row u that is already made, with the row's non-zero
 * counts and its next max in the same loop: z_k ← update(z_k, u_k), the updated row's max
 * (rowMax's lane order) stored at maxAt, and the non-zero counts where counts ≠ 0 deferred as
 * in expectedUpdateLoop (the caller adds the row by addRows; a zero lane is taken back here).
 * The same bits as countNonzeroRow, the chain on the row and rowMax in turn.
 */
@inline function updateRowLoop(code: u32, op: usize, off: usize, u: usize, z: usize, len: i32, counts: usize, maxAt: usize): void {
  const n4 = len & ~3;
  const zero = f32x4.splat(0.0);
  let zeros = zero;
  let m4 = f32x4.splat(-Infinity);
  let k = 0;
  for (; k < n4; k += 4) {
    const o = <usize>k << 2;
    const g = v128.load(u + o);
    if (counts != 0) zeros = v128.or(zeros, f32x4.eq(g, zero));
    const wk = updateLanes(code, op, v128.load(z + o), g, off + o);
    v128.store(z + o, wk);
    m4 = f32x4.pmax(m4, wk);
  }
  if (counts != 0 && v128.any_true(zeros)) uncountZeroEntries(u, n4, counts);
  let M = pmax(pmax(f32x4.extract_lane(m4, 0), f32x4.extract_lane(m4, 1)),
    pmax(f32x4.extract_lane(m4, 2), f32x4.extract_lane(m4, 3)));
  for (; k < len; k++) {
    const o = <usize>k << 2;
    const g = load<f32>(u + o);
    if (counts != 0) store<u32>(counts + o, load<u32>(counts + o) + <u32>(g != 0));
    const wk = updateScalar(code, op, load<f32>(z + o), g, off + o);
    store<f32>(z + o, wk);
    M = pmax(M, wk);
  }
  store<f32>(maxAt, M);
}

/** updateRowLoop for the chain's elementwise code (elementwiseCode ≠ 0), one loop per code; the caller completes the counts (addRows). */
export function updateRow(code: u32, op: usize, off: usize, u: usize, z: usize, len: i32, counts: usize, maxAt: usize): void {
  if (code == TransformCode.FusedSgd) updateRowLoop(TransformCode.FusedSgd, op, off, u, z, len, counts, maxAt);
  else if (code == TransformCode.FusedSign) updateRowLoop(TransformCode.FusedSign, op, off, u, z, len, counts, maxAt);
  else updateRowLoop(TransformCode.FusedAdam, op, off, u, z, len, counts, maxAt);
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
