// The fused row passes of the softmax kernels: a gradient row's last pass and an elementwise
// optimizer's update (optimizers/elementwise.ts) in one loop, with the row's loss terms, its
// non-zero counts and its next max (the twin: the gradient, the chain and rowMax in turn).
// Row primitives they share: rows.ts.
import { addLowLanes, addHighLanes, laneTotal } from "../../math/reduce";
import { updateLanes, updateScalar } from "../../optimizers/elementwise";
import { TransformCode } from "../../layout";
import { BLOCK, addClassLoss4, pmax, target, targets4 } from "./rows";

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
  a: f32, targets: usize, b: usize, ranks: usize, omega: usize, classLoss: usize, lse: f64, counts: usize, maxAt: usize): f64 {
  if (targets != 0 && omega == 0) {
    if (classLoss == 0 && counts != 0) return expectedUpdateLoop(code, op, off, u, z, len, s, a, targets, true, b, ranks, omega, false, 0, lse, true, counts, maxAt);
    if (classLoss == 0) return expectedUpdateLoop(code, op, off, u, z, len, s, a, targets, true, b, ranks, omega, false, 0, lse, false, 0, maxAt);
    if (counts != 0) return expectedUpdateLoop(code, op, off, u, z, len, s, a, targets, true, b, ranks, omega, true, classLoss, lse, true, counts, maxAt);
  }
  return expectedUpdateLoop(code, op, off, u, z, len, s, a, targets, false, b, ranks, omega, classLoss != 0, classLoss, lse, counts != 0, counts, maxAt);
}

/** expectedUpdateLoop for the chain's elementwise code (elementwiseCode ≠ 0). */
export function gradientExpectedUpdate(code: u32, op: usize, off: usize, u: usize, z: usize, len: i32, s: f32,
  a: f32, targets: usize, b: usize, ranks: usize, omega: usize, classLoss: usize, lse: f64, counts: usize, maxAt: usize): f64 {
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
