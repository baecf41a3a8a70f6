// Rescaled sign: u ← sign(u)·‖u‖₁ (the steepest-descent direction for the ℓ∞ norm,
// scaled by the dual norm). d0 accumulates Σ|u| over all segments first.
import { OP_D0, OP_Q0 } from "./op";
import { sumAbs } from "../math/reduce";
import { signLanes, signScalar } from "./sign";

export function rescaledSignReduce(op: usize, u: usize, len: i32): void {
  store<f64>(op, load<f64>(op, OP_D0) + sumAbs(u, len), OP_D0);
}

export function rescaledSignFinish(op: usize): void {
  store<f32>(op, <f32>load<f64>(op, OP_D0), OP_Q0);
}

export function rescaledSign(op: usize, u: usize, len: i32): void {
  const s = v128.load32_splat(op + OP_Q0);
  const ss = load<f32>(op, OP_Q0);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const p = u + (<usize>i << 2);
    v128.store(p, f32x4.mul(signLanes(v128.load(p)), s));
  }
  for (; i < len; i++) {
    const p = u + (<usize>i << 2);
    store<f32>(p, signScalar(load<f32>(p)) * ss);
  }
}
