// Exact lazy Adam: visits only the rows a sparse gradient touched, yet ends where dense Adam
// ends (exactly for ε = 0). A row untouched for the k steps s+1..s+k has g = 0 there, so
//   m_{s+j} = β1^j m_s,   v_{s+j} = β2^j v_s,
// and with ε = 0 dense Adam's updates of those steps sum to
//   Σ_j −η_{s+j} m̂/√v̂ = (m_s/√v_s) · Σ_{τ=s+1}^{s+k} r^{τ−s} c_τ,
//   r = β1/√β2,   c_τ = −η_τ·√(1−β2^τ)/(1−β1^τ)  (= q2·q0/q1 of the dense kernel, in f64).
// On its next touch (or at a flush) the row is caught up: w += (m/√v)·S, m ← β1^k m, v ← β2^k v,
// then takes the ordinary fused Adam step (adam.ts), so a row touched every step runs exactly
// the dense kernel. With ε > 0 the catch-up still uses the ε = 0 sum (docs/benchmarks-peers.md: measured).
//
// The sums S: r^τ underflows f64 near τ ≈ 7000, and a prefix sum of r^τ c_τ would cancel
// catastrophically, so c_τ·r^(τ−base) is kept in f64 per step, relative to the start of its
// block of L = 64 steps (E[j] below), within a window of F = 1024 steps after which every row
// is flushed (a dense catch-up pass, 1/F of a dense step on average) and the window restarts.
// A sum starting in block b costs one subtraction there and one multiply-add per later block.
//
// Lazy block (the op block's `lazy` field points at it): `lazyAdam` in src/layout/blocks.mjs (rows, row length, window
// start W0, the step t, each row's last step, the window sums E, r^k and r^−k).
import { LAZY_ADAM_B1_F64, LAZY_ADAM_B2_F64, LAZY_ADAM_C1, LAZY_ADAM_C2, LAZY_ADAM_STEP_FACTOR, LAZY_ADAM_INVERSE_POWERS, LAZY_ADAM_LAST, LAZY_ADAM_POWERS, LAZY_ADAM_SEGMENTS, LAZY_ADAM_SEGMENT_LENGTH, LAZY_ADAM_SUMS, LAZY_ADAM_T, LAZY_ADAM_WINDOW_START } from "../layout";
import { OP_LAZY, OP_S0, OP_S1, powi } from "./op";
import { adamPrepare, fusedAdam } from "./adam";

const LAZY_WINDOW: i32 = 1024;
const LAZY_BLOCK: i32 = 64;

@inline function block(op: usize): usize {
  return load<usize>(op, OP_LAZY);
}

/** S = Σ_{τ=s+1}^{upTo} r^{τ−s} c_τ from the window's block-relative sums. */
function skippedSum(lz: usize, s: i32, upTo: i32): f64 {
  const W0 = load<i32>(lz + LAZY_ADAM_WINDOW_START);
  const E = load<usize>(lz + LAZY_ADAM_SUMS);
  const rp = load<usize>(lz + LAZY_ADAM_POWERS);
  const ip = load<usize>(lz + LAZY_ADAM_INVERSE_POWERS);
  const js = s - W0;
  const ju = upTo - W0;
  let b = js / LAZY_BLOCK;
  const kk = js - b * LAZY_BLOCK;
  let end = min(ju, (b + 1) * LAZY_BLOCK);
  const inv = load<f64>(ip + (<usize>kk << 3));
  const before = kk == 0 ? 0.0 : load<f64>(E + (<usize>js << 3));
  let sum = inv * (load<f64>(E + (<usize>end << 3)) - before);
  const rL = load<f64>(rp + (<usize>LAZY_BLOCK << 3));
  let f = inv * rL;
  b++;
  while (b * LAZY_BLOCK < ju) {
    end = min(ju, (b + 1) * LAZY_BLOCK);
    sum += f * load<f64>(E + (<usize>end << 3));
    f *= rL;
    b++;
  }
  return sum;
}

/** Brings one row (byte offset off, len entries) from step s to step upTo (s < upTo). */
function catchUp(op: usize, w: usize, off: usize, len: i32, s: i32, upTo: i32): void {
  const lz = block(op);
  const S = <f32>skippedSum(lz, s, upTo);
  const k = upTo - s;
  const b1k = <f32>powi(load<f64>(op, LAZY_ADAM_B1_F64), k);
  const b2k = <f32>powi(load<f64>(op, LAZY_ADAM_B2_F64), k);
  const m = load<usize>(op, OP_S0) + off;
  const v = load<usize>(op, OP_S1) + off;
  const wp = w + off;
  const zero = f32x4.splat(0);
  const S4 = f32x4.splat(S);
  const b1k4 = f32x4.splat(b1k);
  const b2k4 = f32x4.splat(b2k);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const mm = v128.load(m + o);
    const vv = v128.load(v + o);
    // m/√v, and 0 where v = 0 (a coordinate that never had a gradient: m = 0 too)
    const ratio = v128.and(f32x4.div(mm, f32x4.sqrt(vv)), f32x4.gt(vv, zero));
    v128.store(wp + o, f32x4.add(v128.load(wp + o), f32x4.mul(ratio, S4)));
    v128.store(m + o, f32x4.mul(mm, b1k4));
    v128.store(v + o, f32x4.mul(vv, b2k4));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    const mm = load<f32>(m + o);
    const vv = load<f32>(v + o);
    const ratio: f32 = vv > 0 ? mm / Mathf.sqrt(vv) : 0;
    store<f32>(wp + o, load<f32>(wp + o) + ratio * S);
    store<f32>(m + o, mm * b1k);
    store<f32>(v + o, vv * b2k);
  }
}

/** Catches up every row not current at upTo, and restarts the window there. */
export function lazyFlush(op: usize, w: usize, upTo: i32): void {
  const lz = block(op);
  const nSeg = load<i32>(lz + LAZY_ADAM_SEGMENTS);
  const segLen = load<i32>(lz + LAZY_ADAM_SEGMENT_LENGTH);
  const last = load<usize>(lz + LAZY_ADAM_LAST);
  for (let r = 0; r < nSeg; r++) {
    const at = last + (<usize>r << 2);
    const s = load<i32>(at);
    if (s < upTo) {
      catchUp(op, w, <usize>r * <usize>segLen << 2, segLen, s, upTo);
      store<i32>(at, upTo);
    }
  }
  store<i32>(lz + LAZY_ADAM_WINDOW_START, upTo);
}

/**
 * The step's prepare: Adam's per-step scalars, then c_t into the window (flushing first when
 * the window is full, which needs w).
 */
export function lazyAdamPrepare(op: usize, w: usize, t: i32, factor: f32): void {
  adamPrepare(op, t, factor);
  const lz = block(op);
  if (t - load<i32>(lz + LAZY_ADAM_WINDOW_START) > LAZY_WINDOW) lazyFlush(op, w, t - 1);
  store<i32>(lz + LAZY_ADAM_T, t);
  const j = t - load<i32>(lz + LAZY_ADAM_WINDOW_START);
  const k = (j - 1) % LAZY_BLOCK + 1;
  const c = <f64>load<f32>(op, LAZY_ADAM_STEP_FACTOR) * <f64>load<f32>(op, LAZY_ADAM_C1) / <f64>load<f32>(op, LAZY_ADAM_C2);
  const E = load<usize>(lz + LAZY_ADAM_SUMS);
  const prev = k == 1 ? 0.0 : load<f64>(E + (<usize>(j - 1) << 3));
  store<f64>(E + (<usize>j << 3), prev + load<f64>(load<usize>(lz + LAZY_ADAM_POWERS) + (<usize>k << 3)) * c);
}

/** Rows (i32 list) brought up to step upTo before the gradient reads them (the run loop's peek). */
export function lazyCatchUpRows(op: usize, w: usize, rows: usize, nRows: i32, upTo: i32): void {
  const lz = block(op);
  const segLen = load<i32>(lz + LAZY_ADAM_SEGMENT_LENGTH);
  const last = load<usize>(lz + LAZY_ADAM_LAST);
  for (let j = 0; j < nRows; j++) {
    const r = load<i32>(rows + (<usize>j << 2));
    const at = last + (<usize>r << 2);
    const s = load<i32>(at);
    if (s < upTo) {
      catchUp(op, w, <usize>r * <usize>segLen << 2, segLen, s, upTo);
      store<i32>(at, upTo);
    }
  }
}

/** One row at step t: catch up from its last step to t − 1, then the fused Adam step. */
export function lazyAdam(op: usize, w: usize, g: usize, off: usize, len: i32): void {
  const lz = block(op);
  const t = load<i32>(lz + LAZY_ADAM_T);
  const segLen = load<i32>(lz + LAZY_ADAM_SEGMENT_LENGTH);
  const at = load<usize>(lz + LAZY_ADAM_LAST) + (((off >> 2) / <usize>segLen) << 2);
  const s = load<i32>(at);
  if (s < t - 1) catchUp(op, w, off, len, s, t - 1);
  fusedAdam(op, w + off, g + off, off, len);
  store<i32>(at, t);
}

/** A dense call (rows = 0): every row in turn. */
export function lazyAdamDense(op: usize, w: usize, g: usize): void {
  const lz = block(op);
  const nSeg = load<i32>(lz + LAZY_ADAM_SEGMENTS);
  const segLen = load<i32>(lz + LAZY_ADAM_SEGMENT_LENGTH);
  for (let r = 0; r < nSeg; r++) lazyAdam(op, w, g, <usize>r * <usize>segLen << 2, segLen);
}
