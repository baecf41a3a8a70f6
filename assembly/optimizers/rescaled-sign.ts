// Rescaled sign: u ← sign(u)·‖u‖₁ (the steepest-descent direction for the ℓ∞ norm,
// scaled by the dual norm). d0 accumulates Σ|u| over all segments first.
import { RESCALED_SIGN_L1_NORM, RESCALED_SIGN_SUM_ABS_F64 } from "../layout";
import { sumAbs } from "../math/reduce";
import { signLanes, signScalar } from "./sign";

/** A new step's reduction starts from 0. */
export function rescaledSignPrepare(op: usize): void {
  store<f64>(op, 0.0, RESCALED_SIGN_SUM_ABS_F64);
}

export function rescaledSignReduce(op: usize, u: usize, len: i32): void {
  store<f64>(op, load<f64>(op, RESCALED_SIGN_SUM_ABS_F64) + sumAbs(u, len), RESCALED_SIGN_SUM_ABS_F64);
}

export function rescaledSignFinish(op: usize): void {
  store<f32>(op, <f32>load<f64>(op, RESCALED_SIGN_SUM_ABS_F64), RESCALED_SIGN_L1_NORM);
}

export function rescaledSign(op: usize, u: usize, len: i32): void {
  const s = v128.load32_splat(op + RESCALED_SIGN_L1_NORM);
  const ss = load<f32>(op, RESCALED_SIGN_L1_NORM);
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
