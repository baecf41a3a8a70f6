// Adagrad: s ← s + u²;  u ← u / (√s + ε). s starts at the configured initial accumulator
// (written by TS). p0 ε.
import { SCALE_BY_ADAGRAD_EPS } from "../layout";
import { OP_S0 } from "./op";

export function scaleByAdagrad(op: usize, u: usize, off: usize, len: i32): void {
  const s = load<usize>(op, OP_S0) + off;
  const e = v128.load32_splat(op + SCALE_BY_ADAGRAD_EPS);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const g = v128.load(u + o);
    const ss = f32x4.add(v128.load(s + o), f32x4.mul(g, g));
    v128.store(s + o, ss);
    v128.store(u + o, f32x4.div(g, f32x4.add(f32x4.sqrt(ss), e)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(u + o);
    const ss = load<f32>(s + o) + g * g;
    store<f32>(s + o, ss);
    store<f32>(u + o, g / (Mathf.sqrt(ss) + load<f32>(op, SCALE_BY_ADAGRAD_EPS)));
  }
}
