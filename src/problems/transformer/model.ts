// Twin of assembly/problems/transformer/model.ts: the small GPT on one block of windows —
// forward, loss and backward — through the twins of the nn kernels, in the kernel's order. In
// f32 it returns the kernel's bits; in f64 (Arith F64) the same model in double precision, for
// the gradient check.
import { F32, type Arith, type Vec } from "../../nn/arith.js";
import { cols, gemm, GEMM_ADD, GEMM_BIAS, GEMM_ZERO, rows } from "../../nn/gemm.js";
import { layerNormBackward, layerNormForward } from "../../nn/layernorm.js";
import { geluBackward, geluForward } from "../../nn/gelu.js";
import { attentionBackward, attentionForward } from "../../nn/attention.js";
import { embeddingBackward, embeddingForward } from "../../nn/embedding.js";
import { crossEntropyRows } from "../../nn/cross-entropy.js";
import { addColumnSums, addVectors } from "../../nn/vector.js";
import { headOffset, layerOffset, layerParts, type Dims } from "./layout.js";

interface LayerActs {
  x: Vec;
  ln1: Vec;
  mean1: Vec;
  rstd1: Vec;
  qkv: Vec;
  probs: Vec;
  att: Vec;
  mid: Vec;
  ln2: Vec;
  mean2: Vec;
  rstd2: Vec;
  fc: Vec;
  gelu: Vec;
}

/** One block's activations (the kernel's area, as separate arrays). */
export interface BlockActs {
  windows: number;
  tokens: Int32Array;
  targets: Int32Array;
  layers: LayerActs[];
  final: Vec;
  lnf: Vec;
  meanF: Vec;
  rstdF: Vec;
  logits: Vec;
}

export const vec = (n: number, ar: Arith): Vec => (ar.name === "f32" ? new Float32Array(n) : new Float64Array(n));

/** Fresh activations for `windows` windows, with their tokens and next tokens from the stream. */
export function blockActs(d: Dims, stream: Int32Array, starts: ArrayLike<number>, windows: number, ar: Arith = F32): BlockActs {
  const { T, D, H, V } = d;
  const P = windows * T;
  const tokens = new Int32Array(P),
    targets = new Int32Array(P);
  for (let j = 0; j < windows; j++) {
    tokens.set(stream.subarray(starts[j], starts[j] + T), j * T);
    targets.set(stream.subarray(starts[j] + 1, starts[j] + T + 1), j * T);
  }
  const layers = Array.from({ length: d.L }, () => ({
    x: vec(P * D, ar),
    ln1: vec(P * D, ar),
    mean1: vec(P, ar),
    rstd1: vec(P, ar),
    qkv: vec(3 * P * D, ar),
    probs: vec(windows * H * T * T, ar),
    att: vec(P * D, ar),
    mid: vec(P * D, ar),
    ln2: vec(P * D, ar),
    mean2: vec(P, ar),
    rstd2: vec(P, ar),
    fc: vec(4 * P * D, ar),
    gelu: vec(4 * P * D, ar),
  }));
  return {
    windows,
    tokens,
    targets,
    layers,
    final: vec(P * D, ar),
    lnf: vec(P * D, ar),
    meanF: vec(P, ar),
    rstdF: vec(P, ar),
    logits: vec(P * V, ar),
  };
}

/** Forward through embedding, layers and the final LayerNorm (params: every parameter of the model). */
export function forwardBody(d: Dims, params: Vec, a: BlockActs, ar: Arith = F32): void {
  const { V, T, D, H } = d;
  const P = a.windows * T;
  const PD = P * D;
  const parts = layerParts(D);
  const tmp = vec(PD, ar);
  embeddingForward(a.tokens, 0, params, 0, params, V * D, d.L > 0 ? a.layers[0].x : a.final, 0, P, T, D, ar);
  for (let l = 0; l < d.L; l++) {
    const p = layerOffset(d, l);
    const s = a.layers[l];
    layerNormForward(s.x, 0, s.ln1, 0, s.mean1, s.rstd1, 0, params, p + parts.ln1w, params, p + parts.ln1b, P, D, ar);
    gemm(P, 3 * D, D, rows(s.ln1, 0, D), rows(params, p + parts.wqkv, 3 * D), rows(s.qkv, 0, 3 * D), GEMM_BIAS, params, p + parts.bqkv, ar);
    for (let j = 0; j < a.windows; j++) attentionForward(s.qkv, j * T * 3 * D, s.probs, j * H * T * T, s.att, j * T * D, T, D, H, ar);
    gemm(P, D, D, rows(s.att, 0, D), rows(params, p + parts.wproj, D), rows(tmp, 0, D), GEMM_BIAS, params, p + parts.bproj, ar);
    addVectors(s.x, 0, tmp, 0, s.mid, 0, PD, ar);
    layerNormForward(s.mid, 0, s.ln2, 0, s.mean2, s.rstd2, 0, params, p + parts.ln2w, params, p + parts.ln2b, P, D, ar);
    gemm(P, 4 * D, D, rows(s.ln2, 0, D), rows(params, p + parts.wfc, 4 * D), rows(s.fc, 0, 4 * D), GEMM_BIAS, params, p + parts.bfc, ar);
    geluForward(s.fc, 0, s.gelu, 0, 4 * PD, ar);
    gemm(P, D, 4 * D, rows(s.gelu, 0, 4 * D), rows(params, p + parts.wfc2, D), rows(tmp, 0, D), GEMM_BIAS, params, p + parts.bfc2, ar);
    addVectors(s.mid, 0, tmp, 0, l + 1 < d.L ? a.layers[l + 1].x : a.final, 0, PD, ar);
  }
  const f = layerOffset(d, d.L);
  layerNormForward(a.final, 0, a.lnf, 0, a.meanF, a.rstdF, 0, params, f, params, f + D, P, D, ar);
}

/**
 * Unembedding and loss of the block's positions from features h (h[ho…]): Σ_p ℓ_p; class sums
 * into classLoss; with g, dz stays in logits and hᵀ·dz, Σ_p dz_p are added at g[go…] (U, then c).
 */
export function head(
  d: Dims,
  U: Vec,
  uo: number,
  h: Vec,
  ho: number,
  a: BlockActs,
  scale: number,
  classLoss: Float64Array | null,
  g: Vec | null,
  go: number,
  ar: Arith = F32,
): number {
  const { V, D } = d;
  const P = a.windows * d.T;
  gemm(P, V, D, rows(h, ho, D), rows(U, uo, V), rows(a.logits, 0, V), GEMM_BIAS, U, uo + D * V, ar);
  const loss = crossEntropyRows(a.logits, 0, a.targets, 0, P, V, scale, classLoss, ar);
  if (g) {
    gemm(D, V, P, cols(h, ho, D), rows(a.logits, 0, V), rows(g, go, V), GEMM_ADD, null, 0, ar);
    addColumnSums(a.logits, 0, P, V, g, go + D * V, ar);
  }
  return loss;
}

/**
 * Backward through the body after head() left dz in logits: every body gradient added to g
 * (same offsets as params); E's rows only for the tokens present, listed in `touched`.
 * Returns the list's length.
 */
export function backwardBody(d: Dims, params: Vec, a: BlockActs, g: Vec, mark: Uint8Array, touched: Int32Array, ar: Arith = F32): number {
  const { V, T, D, H } = d;
  const P = a.windows * T;
  const PD = P * D;
  const parts = layerParts(D);
  const dx = vec(PD, ar),
    dtmp = vec(PD, ar),
    dbig = vec(4 * PD, ar),
    dqkv = vec(3 * PD, ar),
    scratch = vec(T * T, ar);
  const U = headOffset(d);
  gemm(P, D, V, rows(a.logits, 0, V), cols(params, U, V), rows(dtmp, 0, D), GEMM_ZERO, null, 0, ar);
  const f = layerOffset(d, d.L);
  layerNormBackward(dtmp, 0, a.final, 0, a.meanF, a.rstdF, 0, params, f, dx, 0, g, f, g, f + D, P, D, ar);
  for (let l = d.L - 1; l >= 0; l--) {
    const p = layerOffset(d, l);
    const s = a.layers[l];
    gemm(4 * D, D, P, cols(s.gelu, 0, 4 * D), rows(dx, 0, D), rows(g, p + parts.wfc2, D), GEMM_ADD, null, 0, ar);
    addColumnSums(dx, 0, P, D, g, p + parts.bfc2, ar);
    gemm(P, 4 * D, D, rows(dx, 0, D), cols(params, p + parts.wfc2, D), rows(dbig, 0, 4 * D), GEMM_ZERO, null, 0, ar);
    geluBackward(s.fc, 0, dbig, 0, dbig, 0, 4 * PD, ar);
    gemm(D, 4 * D, P, cols(s.ln2, 0, D), rows(dbig, 0, 4 * D), rows(g, p + parts.wfc, 4 * D), GEMM_ADD, null, 0, ar);
    addColumnSums(dbig, 0, P, 4 * D, g, p + parts.bfc, ar);
    gemm(P, D, 4 * D, rows(dbig, 0, 4 * D), cols(params, p + parts.wfc, 4 * D), rows(dtmp, 0, D), GEMM_ZERO, null, 0, ar);
    layerNormBackward(
      dtmp,
      0,
      s.mid,
      0,
      s.mean2,
      s.rstd2,
      0,
      params,
      p + parts.ln2w,
      dx,
      0,
      g,
      p + parts.ln2w,
      g,
      p + parts.ln2b,
      P,
      D,
      ar,
    );
    gemm(D, D, P, cols(s.att, 0, D), rows(dx, 0, D), rows(g, p + parts.wproj, D), GEMM_ADD, null, 0, ar);
    addColumnSums(dx, 0, P, D, g, p + parts.bproj, ar);
    gemm(P, D, D, rows(dx, 0, D), cols(params, p + parts.wproj, D), rows(dtmp, 0, D), GEMM_ZERO, null, 0, ar);
    for (let j = 0; j < a.windows; j++) {
      attentionBackward(s.qkv, j * T * 3 * D, s.probs, j * H * T * T, dtmp, j * T * D, dqkv, j * T * 3 * D, T, D, H, scratch, ar);
    }
    gemm(D, 3 * D, P, cols(s.ln1, 0, D), rows(dqkv, 0, 3 * D), rows(g, p + parts.wqkv, 3 * D), GEMM_ADD, null, 0, ar);
    addColumnSums(dqkv, 0, P, 3 * D, g, p + parts.bqkv, ar);
    gemm(P, D, 3 * D, rows(dqkv, 0, 3 * D), cols(params, p + parts.wqkv, 3 * D), rows(dtmp, 0, D), GEMM_ZERO, null, 0, ar);
    layerNormBackward(dtmp, 0, s.x, 0, s.mean1, s.rstd1, 0, params, p + parts.ln1w, dx, 0, g, p + parts.ln1w, g, p + parts.ln1b, P, D, ar);
  }
  return embeddingBackward(a.tokens, 0, dx, 0, g, 0, g, V * D, P, T, D, mark, touched, 0, ar);
}
