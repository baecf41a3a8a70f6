// scale(s): u ← s·u. With s = −η this is the last transform of most chains; the run
// loop's schedule factor multiplies the step once per step (stepFactor = step·factor); fused SGD
// and fused sign keep both in the same slots (scalePrepare serves them).
import { FUSED_SGD_STEP, FUSED_SGD_STEP_FACTOR, FUSED_SIGN_STEP, FUSED_SIGN_STEP_FACTOR, SCALE_STEP, SCALE_STEP_FACTOR } from "../layout";

export function scalePrepare(op: usize, factor: f32): void {
  // folded away while scale, fused SGD and fused sign keep the same slots
  if (FUSED_SGD_STEP != SCALE_STEP || FUSED_SIGN_STEP != SCALE_STEP || FUSED_SGD_STEP_FACTOR != SCALE_STEP_FACTOR
    || FUSED_SIGN_STEP_FACTOR != SCALE_STEP_FACTOR) unreachable();
  store<f32>(op, load<f32>(op, SCALE_STEP) * factor, SCALE_STEP_FACTOR);
}

export function scale(op: usize, u: usize, len: i32): void {
  const s = v128.load32_splat(op + SCALE_STEP_FACTOR);
  const ss = load<f32>(op, SCALE_STEP_FACTOR);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const p = u + (<usize>i << 2);
    v128.store(p, f32x4.mul(v128.load(p), s));
  }
  for (; i < len; i++) {
    const p = u + (<usize>i << 2);
    store<f32>(p, load<f32>(p) * ss);
  }
}
