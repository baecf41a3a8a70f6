// Twin of assembly/nn/attention.ts: causal multi-head attention of one window, forward and
// backward, through the gemm twin and the softmax row (same products, same order).
import { F32, laneSum, type Arith, type Vec } from "./arith.js";
import { cols, gemm, gemmNT, GEMM_ZERO, rows } from "./gemm.js";
import { softmaxRow } from "./softmax.js";

/** Forward of one window: P (H × T × T at probs[po]) and O (T × D at out[oo], row stride D). */
export function attentionForward(
  qkv: Vec,
  qo: number,
  probs: Vec,
  po: number,
  out: Vec,
  oo: number,
  T: number,
  D: number,
  H: number,
  ar: Arith = F32,
): void {
  const hd = D / H,
    ld = 3 * D;
  const r = ar.r;
  const s = r(1 / r(Math.sqrt(hd)));
  for (let h = 0; h < H; h++) {
    const q = qo + h * hd,
      k = q + D,
      v = k + D;
    const P = po + h * T * T;
    gemmNT(T, T, hd, rows(qkv, q, ld), rows(qkv, k, ld), rows(probs, P, T), GEMM_ZERO, null, 0, ar);
    for (let i = 0; i < T; i++) {
      const row = P + i * T;
      for (let j = 0; j <= i; j++) probs[row + j] = r(probs[row + j] * s);
      softmaxRow(probs, row, probs, row, i + 1, 1, ar);
      probs.fill(0, row + i + 1, row + T);
    }
    gemm(T, hd, T, rows(probs, P, T), rows(qkv, v, ld), rows(out, oo + h * hd, D), GEMM_ZERO, null, 0, ar);
  }
}

/** Backward of one window: dout (T × D at douto) → dqkv (T × 3D at dqo); scratch: T·T. */
export function attentionBackward(
  qkv: Vec,
  qo: number,
  probs: Vec,
  po: number,
  dout: Vec,
  douto: number,
  dqkv: Vec,
  dqo: number,
  T: number,
  D: number,
  H: number,
  scratch: Vec,
  ar: Arith = F32,
): void {
  const hd = D / H,
    ld = 3 * D;
  const r = ar.r;
  const s = r(1 / r(Math.sqrt(hd)));
  const dP = scratch;
  for (let h = 0; h < H; h++) {
    const q = qo + h * hd,
      k = q + D,
      v = k + D;
    const dq = dqo + h * hd,
      dk = dq + D,
      dv = dk + D;
    const dO = douto + h * hd;
    const P = po + h * T * T;
    gemmNT(T, T, hd, rows(dout, dO, D), rows(qkv, v, ld), rows(dP, 0, T), GEMM_ZERO, null, 0, ar);
    gemm(T, hd, T, cols(probs, P, T), rows(dout, dO, D), rows(dqkv, dv, ld), GEMM_ZERO, null, 0, ar);
    for (let i = 0; i < T; i++) {
      const pr = P + i * T,
        dr = i * T;
      const c = r(laneSum(i + 1, (j) => r(probs[pr + j] * dP[dr + j])));
      for (let j = 0; j <= i; j++) dP[dr + j] = r(r(probs[pr + j] * r(dP[dr + j] - c)) * s);
      dP.fill(0, dr + i + 1, dr + T);
    }
    gemm(T, hd, T, rows(dP, 0, T), rows(qkv, k, ld), rows(dqkv, dq, ld), GEMM_ZERO, null, 0, ar);
    gemm(T, hd, T, cols(dP, 0, T), rows(qkv, q, ld), rows(dqkv, dk, ld), GEMM_ZERO, null, 0, ar);
  }
}
