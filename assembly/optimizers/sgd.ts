// Fused SGD: w ← w + s·g with s = stepFactor = −η·factor; equals chain(scale(−η), apply) bit for bit.
import { FUSED_SGD_STEP_FACTOR } from "../layout";

export function fusedSgd(op: usize, w: usize, g: usize, len: i32): void {
  const s = v128.load32_splat(op + FUSED_SGD_STEP_FACTOR);
  const ss = load<f32>(op, FUSED_SGD_STEP_FACTOR);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(w + o, f32x4.add(v128.load(w + o), f32x4.mul(v128.load(g + o), s)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(w + o, load<f32>(w + o) + load<f32>(g + o) * ss);
  }
}
