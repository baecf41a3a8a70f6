// Fused SGD: w ← w + s·g with s = stepFactor = −η·factor; equals chain(scale(−η), apply) bit for bit.
import { FUSED_SGD_STEP_FACTOR } from "../layout";

/** w + g·q in four lanes. */
@inline export function sgdLanes(w: v128, g: v128, q: v128): v128 {
  return f32x4.add(w, f32x4.mul(g, q));
}

@inline export function sgdScalar(w: f32, g: f32, q: f32): f32 {
  return w + g * q;
}

export function fusedSgd(op: usize, w: usize, g: usize, len: i32): void {
  const s = v128.load32_splat(op + FUSED_SGD_STEP_FACTOR);
  const ss = load<f32>(op, FUSED_SGD_STEP_FACTOR);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(w + o, sgdLanes(v128.load(w + o), v128.load(g + o), s));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(w + o, sgdScalar(load<f32>(w + o), load<f32>(g + o), ss));
  }
}
