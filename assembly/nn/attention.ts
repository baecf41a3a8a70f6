// Causal multi-head self-attention of one window of T positions (twin: src/nn/attention.ts).
// qkv holds each position's q, k, v (row stride 3D); head h uses columns h·hd … (h+1)·hd − 1
// of each, hd = D/H. With s = 1/√hd:
//   S = s·Q_h K_hᵀ,  P_i = softmax(S_i,0..i) (max subtracted: math/softmax.ts), P_ij = 0 for j > i,
//   O_h = P V_h.
// Backward, given dO:
//   dP = dO V_hᵀ,  dV_h = Pᵀ dO,  dS_ij = s·P_ij·(dP_ij − Σ_l P_il dP_il) (j ≤ i, else 0),
//   dQ_h = dS K_h,  dK_h = dSᵀ Q_h.
// The products are gemm.ts calls over whole T × T blocks (the zero upper triangle included);
// Σ_l P_il dP_il runs in f64 in the reduce.ts order, rounded to f32 once.
import { GEMM_ZERO, gemm, gemmNT } from "./gemm";
import { softmaxRow } from "../math/softmax";
import { addHighLanes, addLowLanes, laneTotal } from "../math/reduce";

/**
 * Forward of one window: writes P (H × T × T at probs) and O (T × D at out, row stride D).
 * scratch: hd·T floats (Kᵀ of one head).
 */
export function attentionForward(qkv: usize, probs: usize, out: usize, T: i32, D: i32, H: i32, scratch: usize): void {
  const hd = D / H;
  const ld = 3 * D;
  const s: f32 = 1.0 / Mathf.sqrt(<f32>hd);
  const ss = f32x4.splat(s);
  const rowBytes = <usize>T << 2;
  for (let h = 0; h < H; h++) {
    const q = qkv + (<usize>(h * hd) << 2);
    const k = q + (<usize>D << 2);
    const v = k + (<usize>D << 2);
    const P = probs + <usize>h * <usize>T * rowBytes;
    gemmNT(T, T, hd, q, ld, k, ld, P, T, GEMM_ZERO, 0, scratch);
    for (let i = 0; i < T; i++) {
      const row = P + <usize>i * rowBytes;
      const len = i + 1;
      const len4 = len & ~3;
      let j = 0;
      for (; j < len4; j += 4) v128.store(row + (<usize>j << 2), f32x4.mul(v128.load(row + (<usize>j << 2)), ss));
      for (; j < len; j++) store<f32>(row + (<usize>j << 2), load<f32>(row + (<usize>j << 2)) * s);
      softmaxRow(row, row, len, 1.0);
      if (len < T) memory.fill(row + (<usize>len << 2), 0, <usize>(T - len) << 2);
    }
    gemm(T, hd, T, P, T, 1, v, ld, out + (<usize>(h * hd) << 2), D, GEMM_ZERO, 0);
  }
}

/**
 * Backward of one window: dout (T × D, stride D) → dqkv (T × 3D, every entry written).
 * scratch: T·T + T·max(T, hd) floats (dP, then a packed transpose).
 */
export function attentionBackward(qkv: usize, probs: usize, dout: usize, dqkv: usize, T: i32, D: i32, H: i32, scratch: usize): void {
  const hd = D / H;
  const ld = 3 * D;
  const s: f32 = 1.0 / Mathf.sqrt(<f32>hd);
  const rowBytes = <usize>T << 2;
  const dP = scratch;
  const pack = scratch + <usize>T * rowBytes;
  for (let h = 0; h < H; h++) {
    const col = <usize>(h * hd) << 2;
    const q = qkv + col, k = q + (<usize>D << 2), v = k + (<usize>D << 2);
    const dq = dqkv + col, dk = dq + (<usize>D << 2), dv = dk + (<usize>D << 2);
    const dO = dout + col;
    const P = probs + <usize>h * <usize>T * rowBytes;
    gemmNT(T, T, hd, dO, D, v, ld, dP, T, GEMM_ZERO, 0, pack);
    gemm(T, hd, T, P, 1, T, dO, D, dv, ld, GEMM_ZERO, 0);
    for (let i = 0; i < T; i++) {
      const pr = P + <usize>i * rowBytes;
      const dr = dP + <usize>i * rowBytes;
      const len = i + 1;
      const len4 = len & ~3;
      let lo = f64x2.splat(0), hi = f64x2.splat(0);
      let j = 0;
      for (; j < len4; j += 4) {
        const o = <usize>j << 2;
        const t = f32x4.mul(v128.load(pr + o), v128.load(dr + o));
        lo = addLowLanes(lo, t);
        hi = addHighLanes(hi, t);
      }
      let dot = laneTotal(lo, hi);
      for (; j < len; j++) dot += <f64>(load<f32>(pr + (<usize>j << 2)) * load<f32>(dr + (<usize>j << 2)));
      const c = <f32>dot;
      const cc = f32x4.splat(c), ss = f32x4.splat(s);
      for (j = 0; j < len4; j += 4) {
        const o = <usize>j << 2;
        v128.store(dr + o, f32x4.mul(f32x4.mul(v128.load(pr + o), f32x4.sub(v128.load(dr + o), cc)), ss));
      }
      for (; j < len; j++) {
        const o = <usize>j << 2;
        store<f32>(dr + o, (load<f32>(pr + o) * (load<f32>(dr + o) - c)) * s);
      }
      if (len < T) memory.fill(dr + (<usize>len << 2), 0, <usize>(T - len) << 2);
    }
    gemm(T, hd, T, dP, T, 1, k, ld, dq, ld, GEMM_ZERO, 0);
    gemm(T, hd, T, dP, 1, T, q, ld, dk, ld, GEMM_ZERO, 0);
  }
}
