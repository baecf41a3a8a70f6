// Sign descent. sign(x) = (x>0) − (x<0) via SIMD masks: branch-free (a branchy sign is ~5×
// slower) and sign(NaN) = 0 rather than NaN, so one bad coordinate cannot poison w.
import { FUSED_SIGN_STEP_FACTOR } from "../layout";

@inline export function signLanes(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const zero = f32x4.splat(0.0);
  return f32x4.sub(v128.and(f32x4.gt(x, zero), one), v128.and(f32x4.lt(x, zero), one));
}

@inline export function signScalar(x: f32): f32 {
  return <f32>(x > 0) - <f32>(x < 0);
}

/** u ← sign(u) */
export function sign(u: usize, len: i32): void {
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const p = u + (<usize>i << 2);
    v128.store(p, signLanes(v128.load(p)));
  }
  for (; i < len; i++) {
    const p = u + (<usize>i << 2);
    store<f32>(p, signScalar(load<f32>(p)));
  }
}

/** Fused sign descent: w ← w + q0·sign(g), q0 = −η·factor. */
export function fusedSign(op: usize, w: usize, g: usize, len: i32): void {
  const s = v128.load32_splat(op + FUSED_SIGN_STEP_FACTOR);
  const ss = load<f32>(op, FUSED_SIGN_STEP_FACTOR);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(w + o, f32x4.add(v128.load(w + o), f32x4.mul(signLanes(v128.load(g + o)), s)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(w + o, load<f32>(w + o) + signScalar(load<f32>(g + o)) * ss);
  }
}
