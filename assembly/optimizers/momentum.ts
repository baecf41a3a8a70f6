// Momentum as a transform, so it can follow any direction (sign, normalized, …):
//   trace(β):  m ← βm + u;  u ← m          (heavy ball, PyTorch SGD momentum, dampening 0)
//              u ← u + βm                  (Nesterov, flag bit 0)
//   ema(β):    m ← βm + (1−β)u;  u ← m     (Signum = chain(ema, sign, scale))
// p0 = β, p1 = 1−β (computed in f64 and rounded once by TS).
import { EMA_BETA, EMA_ONE_MINUS_BETA, TRACE_BETA } from "../layout";
import { OP_FLAGS, OP_S0 } from "./op";

export function trace(op: usize, u: usize, off: usize, len: i32): void {
  const m = load<usize>(op, OP_S0) + off;
  const b = v128.load32_splat(op + TRACE_BETA);
  const bs = load<f32>(op, TRACE_BETA);
  const nesterov = (load<u32>(op, OP_FLAGS) & 1) != 0;
  const n4 = len & ~3;
  let i = 0;
  if (nesterov) {
    for (; i < n4; i += 4) {
      const o = <usize>i << 2;
      const g = v128.load(u + o);
      const mm = f32x4.add(f32x4.mul(b, v128.load(m + o)), g);
      v128.store(m + o, mm);
      v128.store(u + o, f32x4.add(g, f32x4.mul(b, mm)));
    }
    for (; i < len; i++) {
      const o = <usize>i << 2;
      const g = load<f32>(u + o);
      const mm = bs * load<f32>(m + o) + g;
      store<f32>(m + o, mm);
      store<f32>(u + o, g + bs * mm);
    }
  } else {
    for (; i < n4; i += 4) {
      const o = <usize>i << 2;
      const mm = f32x4.add(f32x4.mul(b, v128.load(m + o)), v128.load(u + o));
      v128.store(m + o, mm);
      v128.store(u + o, mm);
    }
    for (; i < len; i++) {
      const o = <usize>i << 2;
      const mm = bs * load<f32>(m + o) + load<f32>(u + o);
      store<f32>(m + o, mm);
      store<f32>(u + o, mm);
    }
  }
}

export function ema(op: usize, u: usize, off: usize, len: i32): void {
  const m = load<usize>(op, OP_S0) + off;
  const b = v128.load32_splat(op + EMA_BETA);
  const c = v128.load32_splat(op + EMA_ONE_MINUS_BETA);
  const bs = load<f32>(op, EMA_BETA);
  const cs = load<f32>(op, EMA_ONE_MINUS_BETA);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const mm = f32x4.add(f32x4.mul(b, v128.load(m + o)), f32x4.mul(c, v128.load(u + o)));
    v128.store(m + o, mm);
    v128.store(u + o, mm);
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const mm = bs * load<f32>(m + o) + cs * load<f32>(u + o);
    store<f32>(m + o, mm);
    store<f32>(u + o, mm);
  }
}
