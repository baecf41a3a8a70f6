// Row passes of the square-loss bigram kernels (problem.ts: synthetic Zipf; counts-problem.ts:
// a count matrix), one SIMD sweep over a row W_i of d f32 each. Sums follow math/reduce.ts:
// terms rounded to f32 (as an f32x4 product is), four f64 lane sums over the 4-aligned body,
// (l0+l1)+(l2+l3), then the tail one by one — src/math/lane-sum.ts repeats this order.
// `write` is constant at each call site, so after inlining the sum-only variants store nothing.
import { addLowLanes, addHighLanes, laneTotal } from "../../math/reduce";

/**
 * Σ_k (W_ik − p_ik)², and with `write` g_i = s·(W_i − p_i) for s = f32 at sAt; p = 0: no target
 * (Σ_k W_ik², g_i = s·W_i — the same bits as subtracting a zero row, without reading one).
 */
@inline export function residualRow(w: usize, p: usize, g: usize, sAt: usize, d: i32, write: bool): f64 {
  const scale = v128.load32_splat(sAt);
  const scaleS = load<f32>(sAt);
  let lo = f64x2.splat(0.0);
  let hi = f64x2.splat(0.0);
  const n4 = d & ~3;
  let k = 0;
  for (; k < n4; k += 4) {
    const o = <usize>k << 2;
    const delta = p != 0 ? f32x4.sub(v128.load(w + o), v128.load(p + o)) : v128.load(w + o);
    if (write) v128.store(g + o, f32x4.mul(scale, delta));
    const sq = f32x4.mul(delta, delta);
    lo = addLowLanes(lo, sq);
    hi = addHighLanes(hi, sq);
  }
  let total = laneTotal(lo, hi);
  for (; k < d; k++) {
    const o = <usize>k << 2;
    const delta = p != 0 ? load<f32>(w + o) - load<f32>(p + o) : load<f32>(w + o);
    if (write) store<f32>(g + o, scaleS * delta);
    total += <f64>(delta * delta);
  }
  return total;
}
