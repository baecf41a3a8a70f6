// scale_by_adam and fused Adam (the math: the alias adam in src/optimizers/registry.ts), β1 = 0
// allowed, computed as u ← (m·c1) / (√v·c2 + ε),  c1 = 1/(1−β1^t),  c2 = 1/√(1−β2^t):
// m̂/(√v̂ + ε) in PyTorch's arrangement: the bias corrections become per-step reciprocals
// (f64, rounded once), leaving one division and one square root per lane — Adam is
// arithmetic-bound otherwise (three divisions took it to ~26 GB/s at every size).
// Slots (src/layout/blocks.mjs, scaleByAdam, fusedAdam): b1, 1−b1, b2, 1−b2, eps, step (−η,
// fused only); b1, b2 exactly in f64 (written by TS: the bias corrections use the exact β).
// prepare: c1, c2 (powi in f64, rounded once) and stepFactor = step·factor (fused).
// The fused kernel, exact lazy Adam and scale_by_adam share adamLanes: their slots coincide.
// The fused kernel equals chain(scaleByAdam, scale(−η), apply) bit for bit: same f32 ops.
import { OP_S0, OP_S1 } from "./op";
import {
  FUSED_ADAM_B1, FUSED_ADAM_B1_F64, FUSED_ADAM_B2_F64, FUSED_ADAM_C1, FUSED_ADAM_C2, FUSED_ADAM_EPS, FUSED_ADAM_STEP, FUSED_ADAM_STEP_FACTOR,
  LAZY_ADAM_EPS, LAZY_ADAM_STEP_FACTOR, SCALE_BY_ADAM_B1, SCALE_BY_ADAM_B1_F64, SCALE_BY_ADAM_B2, SCALE_BY_ADAM_B2_F64, SCALE_BY_ADAM_C1,
  SCALE_BY_ADAM_C2, SCALE_BY_ADAM_EPS, SCALE_BY_ADAM_ONE_MINUS_B1, SCALE_BY_ADAM_ONE_MINUS_B2,
} from "../layout";

// folded away while the three transforms' declarations keep the same slots
@inline function sameSlots(): bool {
  return FUSED_ADAM_B1 == SCALE_BY_ADAM_B1 && FUSED_ADAM_EPS == SCALE_BY_ADAM_EPS && FUSED_ADAM_C1 == SCALE_BY_ADAM_C1
    && FUSED_ADAM_C2 == SCALE_BY_ADAM_C2 && FUSED_ADAM_B1_F64 == SCALE_BY_ADAM_B1_F64 && LAZY_ADAM_EPS == FUSED_ADAM_EPS
    && LAZY_ADAM_STEP_FACTOR == FUSED_ADAM_STEP_FACTOR;
}

export function adamPrepare(op: usize, t: i32, factor: f32): void {
  if (!sameSlots()) unreachable();
  // powi(β1, t) and powi(β2, t) side by side in the lanes of one f64x2 (d0, d1 are adjacent):
  // the same multiplications, lane by lane. The factor is chosen by a bit mask: V8 on x64 turns
  // an f64 `select` into a branch on each bit of t.
  if (SCALE_BY_ADAM_B2_F64 != SCALE_BY_ADAM_B1_F64 + 8) unreachable(); // folded away while the layout keeps them adjacent
  let bt = f64x2.splat(1.0);
  let base = v128.load(op, SCALE_BY_ADAM_B1_F64);
  for (let k = t; k > 0; k >>= 1) {
    bt = f64x2.mul(bt, v128.bitselect(base, f64x2.splat(1.0), i64x2.splat(-<i64>(k & 1))));
    base = f64x2.mul(base, base);
  }
  const b1t = f64x2.extract_lane(bt, 0);
  const b2t = f64x2.extract_lane(bt, 1);
  store<f32>(op, <f32>(1.0 / (1.0 - b1t)), SCALE_BY_ADAM_C1);
  store<f32>(op, <f32>(1.0 / Math.sqrt(1.0 - b2t)), SCALE_BY_ADAM_C2);
  store<f32>(op, load<f32>(op, FUSED_ADAM_STEP) * factor, FUSED_ADAM_STEP_FACTOR);
}

// The per-lane update shared by both kernels; returns the direction u.
@inline export function adamLanes(op: usize, g: v128, m: usize, v: usize): v128 {
  const mm = f32x4.add(f32x4.mul(v128.load32_splat(op + SCALE_BY_ADAM_B1), v128.load(m)),
    f32x4.mul(v128.load32_splat(op + SCALE_BY_ADAM_ONE_MINUS_B1), g));
  const vv = f32x4.add(f32x4.mul(v128.load32_splat(op + SCALE_BY_ADAM_B2), v128.load(v)),
    f32x4.mul(v128.load32_splat(op + SCALE_BY_ADAM_ONE_MINUS_B2), f32x4.mul(g, g)));
  v128.store(m, mm);
  v128.store(v, vv);
  const mhat = f32x4.mul(mm, v128.load32_splat(op + SCALE_BY_ADAM_C1));
  const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vv), v128.load32_splat(op + SCALE_BY_ADAM_C2)), v128.load32_splat(op + SCALE_BY_ADAM_EPS));
  return f32x4.div(mhat, denom);
}

@inline export function adamScalar(op: usize, g: f32, m: usize, v: usize): f32 {
  const mm = load<f32>(op, SCALE_BY_ADAM_B1) * load<f32>(m) + load<f32>(op, SCALE_BY_ADAM_ONE_MINUS_B1) * g;
  const vv = load<f32>(op, SCALE_BY_ADAM_B2) * load<f32>(v) + load<f32>(op, SCALE_BY_ADAM_ONE_MINUS_B2) * (g * g);
  store<f32>(m, mm);
  store<f32>(v, vv);
  const mhat = mm * load<f32>(op, SCALE_BY_ADAM_C1);
  return mhat / (Mathf.sqrt(vv) * load<f32>(op, SCALE_BY_ADAM_C2) + load<f32>(op, SCALE_BY_ADAM_EPS));
}

/** u ← Adam direction, in place. */
export function scaleByAdam(op: usize, u: usize, off: usize, len: i32): void {
  const m = load<usize>(op, OP_S0) + off;
  const v = load<usize>(op, OP_S1) + off;
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(u + o, adamLanes(op, v128.load(u + o), m + o, v + o));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(u + o, adamScalar(op, load<f32>(u + o), m + o, v + o));
  }
}

/** One pass: read g, m, v, w; write m, v, w. */
export function fusedAdam(op: usize, w: usize, g: usize, off: usize, len: i32): void {
  const m = load<usize>(op, OP_S0) + off;
  const v = load<usize>(op, OP_S1) + off;
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const u = adamLanes(op, v128.load(g + o), m + o, v + o);
    v128.store(w + o, f32x4.add(v128.load(w + o), f32x4.mul(u, v128.load32_splat(op + FUSED_ADAM_STEP_FACTOR))));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const u = adamScalar(op, load<f32>(g + o), m + o, v + o);
    store<f32>(w + o, load<f32>(w + o) + u * load<f32>(op, FUSED_ADAM_STEP_FACTOR));
  }
}
