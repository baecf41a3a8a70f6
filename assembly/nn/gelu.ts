// GELU, the tanh approximation of GPT-2 (twin: src/nn/gelu.ts):
//   u = c₀·(x + c₁·x³),  c₀ = √(2/π),  c₁ = 0.044715,  y = ½x·(1 + tanh u),
//   dy/dx = ½(1 + tanh u) + ½x·(1 − tanh² u)·c₀·(1 + 3c₁x²).
// tanh |u| = (1 − e)/(1 + e) with e = e^{−2|u|} ∈ (0, 1] (expf.ts on its accurate range: no
// overflow for any x), then the sign of u. Every operation is f32, in the order written.
import { expConstant, expf, expf4 } from "../math/expf";

const C0: f32 = 0.7978845608028654;
const C1: f32 = 0.044715;
const C3: f32 = 0.134145; // 3·c₁
const SIGN: u32 = 0x80000000;
const ONE: f32 = 1;
const HALF: f32 = 0.5;
const MINUS_TWO: f32 = -2;

/** tanh(c₀(x + c₁x³)) in four lanes; x2 = x·x. */
@inline function tanhInner4(x: v128, x2: v128): v128 {
  const u = f32x4.mul(f32x4.splat(C0), f32x4.add(x, f32x4.mul(f32x4.splat(C1), f32x4.mul(x2, x))));
  const e = expf4(f32x4.mul(f32x4.abs(u), f32x4.splat(-2)), expConstant(0), expConstant(1), expConstant(2), expConstant(3),
    expConstant(4), expConstant(5), expConstant(6), expConstant(7), expConstant(8), expConstant(9), expConstant(10));
  const one = f32x4.splat(1);
  const t = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  return v128.or(t, v128.and(u, i32x4.splat(SIGN)));
}

@inline function tanhInner(x: f32, x2: f32): f32 {
  const u: f32 = C0 * (x + C1 * (x2 * x));
  const e: f32 = expf(Mathf.abs(u) * MINUS_TWO);
  const t: f32 = (ONE - e) / (ONE + e);
  return reinterpret<f32>(reinterpret<u32>(t) | (reinterpret<u32>(u) & SIGN));
}

/** y = GELU(x) for n values (y may be x). */
export function geluForward(x: usize, y: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const t = tanhInner4(v, f32x4.mul(v, v));
    v128.store(y + o, f32x4.mul(f32x4.mul(f32x4.splat(0.5), v), f32x4.add(f32x4.splat(1), t)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    const t = tanhInner(v, v * v);
    store<f32>(y + o, (HALF * v) * (ONE + t));
  }
}

/** dx = GELU′(x)·dy for n values, x the forward input (dx may be dy). */
export function geluBackward(x: usize, dy: usize, dx: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const x2 = f32x4.mul(v, v);
    const t = tanhInner4(v, x2);
    const one = f32x4.splat(1), half = f32x4.splat(0.5);
    const sech2 = f32x4.sub(one, f32x4.mul(t, t));
    const du = f32x4.mul(f32x4.splat(C0), f32x4.add(one, f32x4.mul(f32x4.splat(C3), x2)));
    const local = f32x4.add(f32x4.mul(half, f32x4.add(one, t)), f32x4.mul(f32x4.mul(f32x4.mul(half, v), sech2), du));
    v128.store(dx + o, f32x4.mul(local, v128.load(dy + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    const x2: f32 = v * v;
    const t = tanhInner(v, x2);
    const sech2: f32 = ONE - t * t;
    const du: f32 = C0 * (ONE + C3 * x2);
    const local: f32 = HALF * (ONE + t) + ((HALF * v) * sech2) * du;
    store<f32>(dx + o, local * load<f32>(dy + o));
  }
}
