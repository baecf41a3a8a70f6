// Adam (Kingma & Ba), bias-corrected, β1 = 0 allowed:
//   m ← β1·m + (1−β1)·g
//   v ← β2·v + (1−β2)·g²
//   u ← (m·c1) / (√v·c2 + ε),   c1 = 1/(1−β1^t),  c2 = 1/√(1−β2^t)
// i.e. m̂/(√v̂ + ε) in PyTorch's arrangement: the bias corrections become per-step reciprocals
// (f64, rounded once), leaving one division and one square root per lane — Adam is
// arithmetic-bound otherwise (three divisions took it to ~26 GB/s at every size).
// p0 β1, p1 1−β1, p2 β2, p3 1−β2, p4 ε, p5 −η (fused only).
// d0 = β1, d1 = β2 exactly (f64, written by TS): the bias corrections use the exact β.
// prepare: q0 = c1, q1 = c2 (powi in f64, rounded once), q2 = p5·factor.
// The fused kernel equals chain(scaleByAdam, scale(−η), apply) bit for bit: same f32 ops.
import { OP_D0, OP_D1, OP_P0, OP_P1, OP_P2, OP_P3, OP_P4, OP_P5, OP_Q0, OP_Q1, OP_Q2, OP_S0, OP_S1 } from "./op";

export function adamPrepare(op: usize, t: i32, factor: f32): void {
  // powi(β1, t) and powi(β2, t) side by side in the lanes of one f64x2 (d0, d1 are adjacent):
  // the same multiplications, lane by lane. The factor is chosen by a bit mask: V8 on x64 turns
  // an f64 `select` into a branch on each bit of t.
  if (OP_D1 != OP_D0 + 8) unreachable(); // folded away while the layout keeps them adjacent
  let bt = f64x2.splat(1.0);
  let base = v128.load(op, OP_D0);
  for (let k = t; k > 0; k >>= 1) {
    bt = f64x2.mul(bt, v128.bitselect(base, f64x2.splat(1.0), i64x2.splat(-<i64>(k & 1))));
    base = f64x2.mul(base, base);
  }
  const b1t = f64x2.extract_lane(bt, 0);
  const b2t = f64x2.extract_lane(bt, 1);
  store<f32>(op, <f32>(1.0 / (1.0 - b1t)), OP_Q0);
  store<f32>(op, <f32>(1.0 / Math.sqrt(1.0 - b2t)), OP_Q1);
  store<f32>(op, load<f32>(op, OP_P5) * factor, OP_Q2);
}

// The per-lane update shared by both kernels; returns the direction u.
@inline export function adamLanes(op: usize, g: v128, m: usize, v: usize): v128 {
  const mm = f32x4.add(f32x4.mul(v128.load32_splat(op + OP_P0), v128.load(m)),
    f32x4.mul(v128.load32_splat(op + OP_P1), g));
  const vv = f32x4.add(f32x4.mul(v128.load32_splat(op + OP_P2), v128.load(v)),
    f32x4.mul(v128.load32_splat(op + OP_P3), f32x4.mul(g, g)));
  v128.store(m, mm);
  v128.store(v, vv);
  const mhat = f32x4.mul(mm, v128.load32_splat(op + OP_Q0));
  const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vv), v128.load32_splat(op + OP_Q1)), v128.load32_splat(op + OP_P4));
  return f32x4.div(mhat, denom);
}

@inline export function adamScalar(op: usize, g: f32, m: usize, v: usize): f32 {
  const mm = load<f32>(op, OP_P0) * load<f32>(m) + load<f32>(op, OP_P1) * g;
  const vv = load<f32>(op, OP_P2) * load<f32>(v) + load<f32>(op, OP_P3) * (g * g);
  store<f32>(m, mm);
  store<f32>(v, vv);
  const mhat = mm * load<f32>(op, OP_Q0);
  return mhat / (Mathf.sqrt(vv) * load<f32>(op, OP_Q1) + load<f32>(op, OP_P4));
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
    v128.store(w + o, f32x4.add(v128.load(w + o), f32x4.mul(u, v128.load32_splat(op + OP_Q2))));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const u = adamScalar(op, load<f32>(g + o), m + o, v + o);
    store<f32>(w + o, load<f32>(w + o) + u * load<f32>(op, OP_Q2));
  }
}
