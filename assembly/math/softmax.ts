// One softmax row, shared by the cross-entropy kernels (the twin: src/math/softmax.ts).
//   M = max_k z_k,  e_k = exp(z_k − M) (expf.ts),  S = Σ_k e_k (f64),
//   out_k = e_k · (scale / S)   (the factor rounded to f32 once),
//   returns log Σ_k e^{z_k} = M + ln S   (ln.ts: IEEE basic ops, same bits as the twin).
// Subtracting M makes every e_k ≤ 1 and S ≥ 1: no overflow, and ln S is well conditioned.
// S is summed in the reduce.ts order: four f64 lane sums over the 4-aligned body,
// (l0+l1)+(l2+l3), then the tail one by one.
import { addLowLanes, addHighLanes, laneTotal } from "./reduce";
import { expConstant, expf, expf4 } from "./expf";
import { ln } from "./ln";

/** Writes scale·softmax(z) to out (may be z itself) and returns logsumexp(z). */
export function softmaxRow(z: usize, out: usize, len: i32, scale: f64): f64 {
  const n4 = len & ~3;
  let m4 = f32x4.splat(-Infinity);
  let k = 0;
  for (; k < n4; k += 4) m4 = f32x4.max(m4, v128.load(z + (<usize>k << 2)));
  let M = Mathf.max(Mathf.max(f32x4.extract_lane(m4, 0), f32x4.extract_lane(m4, 1)),
    Mathf.max(f32x4.extract_lane(m4, 2), f32x4.extract_lane(m4, 3)));
  for (; k < len; k++) M = Mathf.max(M, load<f32>(z + (<usize>k << 2)));

  const mm = f32x4.splat(M);
  const e0 = expConstant(0), e1 = expConstant(1), e2 = expConstant(2), e3 = expConstant(3);
  const e4 = expConstant(4), e5 = expConstant(5), e6 = expConstant(6), e7 = expConstant(7);
  const e8 = expConstant(8), e9 = expConstant(9), e10 = expConstant(10);
  let lo = f64x2.splat(0.0);
  let hi = f64x2.splat(0.0);
  for (k = 0; k < n4; k += 4) {
    const o = <usize>k << 2;
    const e = expf4(f32x4.sub(v128.load(z + o), mm), e0, e1, e2, e3, e4, e5, e6, e7, e8, e9, e10);
    v128.store(out + o, e);
    lo = addLowLanes(lo, e);
    hi = addHighLanes(hi, e);
  }
  let S = laneTotal(lo, hi);
  for (; k < len; k++) {
    const o = <usize>k << 2;
    const e = expf(load<f32>(z + o) - M);
    store<f32>(out + o, e);
    S += <f64>e;
  }

  const c = <f32>(scale / S);
  const cc = f32x4.splat(c);
  for (k = 0; k < n4; k += 4) {
    const o = <usize>k << 2;
    v128.store(out + o, f32x4.mul(v128.load(out + o), cc));
  }
  for (; k < len; k++) {
    const o = <usize>k << 2;
    store<f32>(out + o, load<f32>(out + o) * c);
  }
  return <f64>M + ln(S);
}
