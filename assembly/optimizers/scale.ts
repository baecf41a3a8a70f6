// scale(s): u ← s·u. With s = −η this is the last transform of most chains; the run
// loop's schedule factor multiplies p0 once per step (q0 = p0·factor).
import { OP_P0, OP_Q0 } from "./op";

export function scalePrepare(op: usize, factor: f32): void {
  store<f32>(op, load<f32>(op, OP_P0) * factor, OP_Q0);
}

export function scale(op: usize, u: usize, len: i32): void {
  const s = v128.load32_splat(op + OP_Q0);
  const ss = load<f32>(op, OP_Q0);
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
