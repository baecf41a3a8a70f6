// RMSprop (PyTorch defaults, no centering): v ← αv + (1−α)u²;  u ← u / (√v + ε).
// p0 α, p1 1−α, p2 ε.
import { SCALE_BY_RMS_ALPHA, SCALE_BY_RMS_EPS, SCALE_BY_RMS_ONE_MINUS_ALPHA } from "../layout";
import { OP_S0 } from "./op";

export function scaleByRms(op: usize, u: usize, off: usize, len: i32): void {
  const v = load<usize>(op, OP_S0) + off;
  const a = v128.load32_splat(op + SCALE_BY_RMS_ALPHA);
  const c = v128.load32_splat(op + SCALE_BY_RMS_ONE_MINUS_ALPHA);
  const e = v128.load32_splat(op + SCALE_BY_RMS_EPS);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const g = v128.load(u + o);
    const vv = f32x4.add(f32x4.mul(a, v128.load(v + o)), f32x4.mul(c, f32x4.mul(g, g)));
    v128.store(v + o, vv);
    v128.store(u + o, f32x4.div(g, f32x4.add(f32x4.sqrt(vv), e)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(u + o);
    const vv = load<f32>(op, SCALE_BY_RMS_ALPHA) * load<f32>(v + o) + load<f32>(op, SCALE_BY_RMS_ONE_MINUS_ALPHA) * (g * g);
    store<f32>(v + o, vv);
    store<f32>(u + o, g / (Mathf.sqrt(vv) + load<f32>(op, SCALE_BY_RMS_EPS)));
  }
}
