// A small GPT (decoder-only transformer) on one block of windows: forward, loss and backward,
// built from the layer kernels of assembly/nn/. Twin: src/problems/transformer/model.ts.
//
//   x⁰_p = E[tok_p] + Π[p mod T]                                   (embedding, V×D and T×D)
//   for each layer l:  m = x + Attn(LN₁(x)),  x ← m + W₂·GELU(W₁·LN₂(m) + b₁) + b₂
//                      Attn = causal multi-head self-attention, H heads, projection W_o
//   h_p = LN_f(x_p),   z_p = h_p·U + c,   ℓ_p = lse(z_p) − z_{p,y_p}   (unembedding D×V + bias)
//
// Parameters, one flat f32 vector (src/problems/transformer/layout.ts lays out the same):
//   E (V·D) | Π (T·D) | per layer: LN₁ w, b (D, D) | W_qkv (D·3D) | b_qkv (3D) | W_o (D·D) | b_o (D)
//   | LN₂ w, b | W₁ (D·4D) | b₁ (4D) | W₂ (4D·D) | b₂ (D) | LN_f w, b | U (D·V) | c (V)
// Weights are stored input × output (row-major), so every forward product is x·W; the backward
// input products dY·Wᵀ read Wᵀ, transposed once per step (`transposed`), and the weight
// gradients are Xᵀ·dY (gemm with A's strides swapped).
//
// One block's gradient goes to its own buffer (gb, zero on entry but for E's rows, which are
// zero too: only the rows of the tokens present are ever written, and cleared after use).
import { GEMM_ADD, GEMM_BIAS, GEMM_ZERO, gemm, transpose } from "../../nn/gemm";
import { layerNormBackward, layerNormForward } from "../../nn/layernorm";
import { geluBackward, geluForward } from "../../nn/gelu";
import { attentionBackward, attentionForward } from "../../nn/attention";
import { embeddingBackward, embeddingForward } from "../../nn/embedding";
import { crossEntropyRows } from "../../nn/cross-entropy";
import { addColumnSums, addVectors } from "../../nn/vector";
import {
  TRANSFORMER_AREA_ATT, TRANSFORMER_AREA_ATT_SCRATCH, TRANSFORMER_AREA_CLASS_PARTIAL, TRANSFORMER_AREA_DBIG,
  TRANSFORMER_AREA_DQKV, TRANSFORMER_AREA_DTMP, TRANSFORMER_AREA_DX, TRANSFORMER_AREA_FC, TRANSFORMER_AREA_FINAL,
  TRANSFORMER_AREA_GELU, TRANSFORMER_AREA_LAYERS, TRANSFORMER_AREA_LAYER_BYTES, TRANSFORMER_AREA_LN1, TRANSFORMER_AREA_LN2,
  TRANSFORMER_AREA_LNF, TRANSFORMER_AREA_LOGITS, TRANSFORMER_AREA_MARK, TRANSFORMER_AREA_MEAN1, TRANSFORMER_AREA_MEAN2,
  TRANSFORMER_AREA_MEAN_F, TRANSFORMER_AREA_MID, TRANSFORMER_AREA_ONES, TRANSFORMER_AREA_PROBS, TRANSFORMER_AREA_QKV,
  TRANSFORMER_AREA_RSTD1, TRANSFORMER_AREA_RSTD2, TRANSFORMER_AREA_RSTD_F, TRANSFORMER_AREA_TARGETS, TRANSFORMER_AREA_TMP,
  TRANSFORMER_AREA_TOKENS, TRANSFORMER_AREA_TOUCHED, TRANSFORMER_AREA_X,
} from "../../layout";

/** Parameters of one layer: 12D² + 13D. */
@inline export function layerFloats(D: i32): i32 {
  return 12 * D * D + 13 * D;
}

// Offsets within a layer's parameters, in floats.
@inline function ln1w(D: i32): i32 { return 0; }
@inline function ln1b(D: i32): i32 { return D; }
@inline function wqkv(D: i32): i32 { return 2 * D; }
@inline function bqkv(D: i32): i32 { return 2 * D + 3 * D * D; }
@inline function wproj(D: i32): i32 { return 5 * D + 3 * D * D; }
@inline function bproj(D: i32): i32 { return 5 * D + 4 * D * D; }
@inline function ln2w(D: i32): i32 { return 6 * D + 4 * D * D; }
@inline function ln2b(D: i32): i32 { return 7 * D + 4 * D * D; }
@inline function wfc(D: i32): i32 { return 8 * D + 4 * D * D; }
@inline function bfc(D: i32): i32 { return 8 * D + 8 * D * D; }
@inline function wfc2(D: i32): i32 { return 12 * D + 8 * D * D; }
@inline function bfc2(D: i32): i32 { return 12 * D + 12 * D * D; }

@inline function f(p: usize, floats: i32): usize {
  return p + (<usize>floats << 2);
}

/** The model's sizes, read from the problem block by the caller. */
@unmanaged export class Dims {
  V: i32 = 0;
  T: i32 = 0;
  D: i32 = 0;
  L: i32 = 0;
  H: i32 = 0;
}

/** First float of layer l's parameters (or of the final LayerNorm, l = L) in the flat vector. */
@inline export function layerOffset(d: Dims, l: i32): i32 {
  return d.V * d.D + d.T * d.D + l * layerFloats(d.D);
}

/** First float of the unembedding U in the flat vector of every parameter. */
@inline export function headOffset(d: Dims): i32 {
  return layerOffset(d, d.L) + 2 * d.D;
}

/** Wᵀ of every weight matrix: per layer W_qkvᵀ, W_oᵀ, W₁ᵀ, W₂ᵀ (12D²), then Uᵀ (V·D). */
export function transposeWeights(d: Dims, params: usize, out: usize): void {
  const D = d.D;
  for (let l = 0; l < d.L; l++) {
    const p = f(params, layerOffset(d, l));
    const o = f(out, l * 12 * D * D);
    transpose(f(p, wqkv(D)), 3 * D, D, 3 * D, o, D);
    transpose(f(p, wproj(D)), D, D, D, f(o, 3 * D * D), D);
    transpose(f(p, wfc(D)), 4 * D, D, 4 * D, f(o, 4 * D * D), D);
    transpose(f(p, wfc2(D)), D, 4 * D, D, f(o, 8 * D * D), 4 * D);
  }
  transpose(f(params, headOffset(d)), d.V, D, d.V, f(out, d.L * 12 * D * D), D);
}

@inline function at(area: usize, layout: usize, field: usize): usize {
  return area + <usize>load<i32>(layout + field);
}

/** Layer l's slice of an area. */
@inline function layerArea(area: usize, layout: usize, l: i32): usize {
  return at(area, layout, TRANSFORMER_AREA_LAYERS) + <usize>l * <usize>load<i32>(layout + TRANSFORMER_AREA_LAYER_BYTES);
}

/** Where layer l's output goes: the next layer's input, or `final` after the last. */
@inline function layerOut(d: Dims, area: usize, layout: usize, l: i32): usize {
  return l + 1 < d.L ? layerArea(area, layout, l + 1) + <usize>load<i32>(layout + TRANSFORMER_AREA_X) : at(area, layout, TRANSFORMER_AREA_FINAL);
}

/** Tokens and next tokens of `windows` windows starting at stream[starts[j]]. */
export function loadWindows(d: Dims, stream: usize, starts: usize, windows: i32, area: usize, layout: usize): void {
  const tokens = at(area, layout, TRANSFORMER_AREA_TOKENS), targets = at(area, layout, TRANSFORMER_AREA_TARGETS);
  const T = d.T;
  for (let j = 0; j < windows; j++) {
    const s = stream + (<usize>load<i32>(starts + (<usize>j << 2)) << 2);
    const o = <usize>(j * T) << 2;
    memory.copy(tokens + o, s, <usize>T << 2);
    memory.copy(targets + o, s + 4, <usize>T << 2);
  }
}

/** Forward through the body (embedding, layers, final LayerNorm) for P = windows·T positions. */
export function forwardBody(d: Dims, params: usize, windows: i32, area: usize, layout: usize): void {
  const T = d.T, D = d.D, H = d.H;
  const P = windows * T;
  const PD = P * D;
  const x0 = d.L > 0 ? layerArea(area, layout, 0) + <usize>load<i32>(layout + TRANSFORMER_AREA_X) : at(area, layout, TRANSFORMER_AREA_FINAL);
  embeddingForward(at(area, layout, TRANSFORMER_AREA_TOKENS), params, f(params, d.V * D), x0, P, T, D);
  const tmp = at(area, layout, TRANSFORMER_AREA_TMP);
  const attScratch = at(area, layout, TRANSFORMER_AREA_ATT_SCRATCH);
  for (let l = 0; l < d.L; l++) {
    const p = f(params, layerOffset(d, l));
    const a = layerArea(area, layout, l);
    const x = a + <usize>load<i32>(layout + TRANSFORMER_AREA_X);
    const ln1 = a + <usize>load<i32>(layout + TRANSFORMER_AREA_LN1);
    const qkv = a + <usize>load<i32>(layout + TRANSFORMER_AREA_QKV);
    const probs = a + <usize>load<i32>(layout + TRANSFORMER_AREA_PROBS);
    const att = a + <usize>load<i32>(layout + TRANSFORMER_AREA_ATT);
    const mid = a + <usize>load<i32>(layout + TRANSFORMER_AREA_MID);
    const ln2 = a + <usize>load<i32>(layout + TRANSFORMER_AREA_LN2);
    const fc = a + <usize>load<i32>(layout + TRANSFORMER_AREA_FC);
    const ge = a + <usize>load<i32>(layout + TRANSFORMER_AREA_GELU);
    layerNormForward(x, ln1, a + <usize>load<i32>(layout + TRANSFORMER_AREA_MEAN1), a + <usize>load<i32>(layout + TRANSFORMER_AREA_RSTD1),
      f(p, ln1w(D)), f(p, ln1b(D)), P, D);
    gemm(P, 3 * D, D, ln1, D, 1, f(p, wqkv(D)), 3 * D, qkv, 3 * D, GEMM_BIAS, f(p, bqkv(D)));
    for (let j = 0; j < windows; j++) {
      attentionForward(qkv + (<usize>(j * T * 3 * D) << 2), probs + (<usize>(j * H * T * T) << 2), att + (<usize>(j * T * D) << 2), T, D, H, attScratch);
    }
    gemm(P, D, D, att, D, 1, f(p, wproj(D)), D, tmp, D, GEMM_BIAS, f(p, bproj(D)));
    addVectors(x, tmp, mid, PD);
    layerNormForward(mid, ln2, a + <usize>load<i32>(layout + TRANSFORMER_AREA_MEAN2), a + <usize>load<i32>(layout + TRANSFORMER_AREA_RSTD2),
      f(p, ln2w(D)), f(p, ln2b(D)), P, D);
    gemm(P, 4 * D, D, ln2, D, 1, f(p, wfc(D)), 4 * D, fc, 4 * D, GEMM_BIAS, f(p, bfc(D)));
    geluForward(fc, ge, 4 * PD);
    gemm(P, D, 4 * D, ge, 4 * D, 1, f(p, wfc2(D)), D, tmp, D, GEMM_BIAS, f(p, bfc2(D)));
    addVectors(mid, tmp, layerOut(d, area, layout, l), PD);
  }
  const lnf = f(params, layerOffset(d, d.L));
  layerNormForward(at(area, layout, TRANSFORMER_AREA_FINAL), at(area, layout, TRANSFORMER_AREA_LNF),
    at(area, layout, TRANSFORMER_AREA_MEAN_F), at(area, layout, TRANSFORMER_AREA_RSTD_F), lnf, f(lnf, D), P, D);
}

/**
 * The unembedding and the loss of P positions from their features h (P × D): returns Σ_p ℓ_p;
 * adds ℓ_p into classLoss (≠ 0); with gU ≠ 0 leaves dz in `logits` and adds Uᵀ's gradient
 * hᵀ·dz to gU and Σ_p dz_p to gc.
 */
export function head(d: Dims, U: usize, c: usize, h: usize, P: i32, scale: f64, area: usize, layout: usize,
  classLoss: usize, gU: usize, gc: usize): f64 {
  const V = d.V, D = d.D;
  const logits = at(area, layout, TRANSFORMER_AREA_LOGITS);
  gemm(P, V, D, h, D, 1, U, V, logits, V, GEMM_BIAS, c);
  const loss = crossEntropyRows(logits, at(area, layout, TRANSFORMER_AREA_TARGETS), P, V, scale, classLoss);
  if (gU != 0) {
    gemm(D, V, P, h, 1, D, logits, V, gU, V, GEMM_ADD, 0);
    addColumnSums(logits, P, V, gc);
  }
  return loss;
}

/**
 * Backward through the body after head() left dz in `logits`: adds every body parameter's
 * gradient to gb (same offsets as params); E's rows only where a token is present, listed in
 * the area's touched list. Returns that list's length.
 */
export function backwardBody(d: Dims, params: usize, transposed: usize, windows: i32, area: usize, layout: usize, gb: usize): i32 {
  const V = d.V, T = d.T, D = d.D, H = d.H;
  const P = windows * T;
  const PD = P * D;
  const dx = at(area, layout, TRANSFORMER_AREA_DX);
  const dtmp = at(area, layout, TRANSFORMER_AREA_DTMP);
  const dbig = at(area, layout, TRANSFORMER_AREA_DBIG);
  const dqkv = at(area, layout, TRANSFORMER_AREA_DQKV);
  const attScratch = at(area, layout, TRANSFORMER_AREA_ATT_SCRATCH);
  // dh = dz·Uᵀ, then back through the final LayerNorm into dx
  gemm(P, D, V, at(area, layout, TRANSFORMER_AREA_LOGITS), V, 1, f(transposed, d.L * 12 * D * D), D, dtmp, D, GEMM_ZERO, 0);
  memory.fill(dx, 0, <usize>PD << 2);
  const lnf = layerOffset(d, d.L);
  layerNormBackward(dtmp, at(area, layout, TRANSFORMER_AREA_FINAL), at(area, layout, TRANSFORMER_AREA_MEAN_F),
    at(area, layout, TRANSFORMER_AREA_RSTD_F), f(params, lnf), dx, f(gb, lnf), f(gb, lnf + D), P, D);
  for (let l = d.L - 1; l >= 0; l--) {
    const o = layerOffset(d, l);
    const p = f(params, o), g = f(gb, o);
    const tw = f(transposed, l * 12 * D * D);
    const a = layerArea(area, layout, l);
    const qkv = a + <usize>load<i32>(layout + TRANSFORMER_AREA_QKV);
    const probs = a + <usize>load<i32>(layout + TRANSFORMER_AREA_PROBS);
    const fc = a + <usize>load<i32>(layout + TRANSFORMER_AREA_FC);
    // MLP: out = mid + GELU(LN₂(mid)·W₁ + b₁)·W₂ + b₂
    gemm(4 * D, D, P, a + <usize>load<i32>(layout + TRANSFORMER_AREA_GELU), 1, 4 * D, dx, D, f(g, wfc2(D)), D, GEMM_ADD, 0);
    addColumnSums(dx, P, D, f(g, bfc2(D)));
    gemm(P, 4 * D, D, dx, D, 1, f(tw, 8 * D * D), 4 * D, dbig, 4 * D, GEMM_ZERO, 0);
    geluBackward(fc, dbig, dbig, 4 * PD);
    const ln2 = a + <usize>load<i32>(layout + TRANSFORMER_AREA_LN2);
    gemm(D, 4 * D, P, ln2, 1, D, dbig, 4 * D, f(g, wfc(D)), 4 * D, GEMM_ADD, 0);
    addColumnSums(dbig, P, 4 * D, f(g, bfc(D)));
    gemm(P, D, 4 * D, dbig, 4 * D, 1, f(tw, 4 * D * D), D, dtmp, D, GEMM_ZERO, 0);
    layerNormBackward(dtmp, a + <usize>load<i32>(layout + TRANSFORMER_AREA_MID), a + <usize>load<i32>(layout + TRANSFORMER_AREA_MEAN2),
      a + <usize>load<i32>(layout + TRANSFORMER_AREA_RSTD2), f(p, ln2w(D)), dx, f(g, ln2w(D)), f(g, ln2b(D)), P, D);
    // attention: mid = x + Attn(LN₁(x))·W_o + b_o
    gemm(D, D, P, a + <usize>load<i32>(layout + TRANSFORMER_AREA_ATT), 1, D, dx, D, f(g, wproj(D)), D, GEMM_ADD, 0);
    addColumnSums(dx, P, D, f(g, bproj(D)));
    gemm(P, D, D, dx, D, 1, f(tw, 3 * D * D), D, dtmp, D, GEMM_ZERO, 0);
    for (let j = 0; j < windows; j++) {
      attentionBackward(qkv + (<usize>(j * T * 3 * D) << 2), probs + (<usize>(j * H * T * T) << 2), dtmp + (<usize>(j * T * D) << 2),
        dqkv + (<usize>(j * T * 3 * D) << 2), T, D, H, attScratch);
    }
    const ln1 = a + <usize>load<i32>(layout + TRANSFORMER_AREA_LN1);
    gemm(D, 3 * D, P, ln1, 1, D, dqkv, 3 * D, f(g, wqkv(D)), 3 * D, GEMM_ADD, 0);
    addColumnSums(dqkv, P, 3 * D, f(g, bqkv(D)));
    gemm(P, D, 3 * D, dqkv, 3 * D, 1, tw, D, dtmp, D, GEMM_ZERO, 0);
    layerNormBackward(dtmp, a + <usize>load<i32>(layout + TRANSFORMER_AREA_X), a + <usize>load<i32>(layout + TRANSFORMER_AREA_MEAN1),
      a + <usize>load<i32>(layout + TRANSFORMER_AREA_RSTD1), f(p, ln1w(D)), dx, f(g, ln1w(D)), f(g, ln1b(D)), P, D);
  }
  return embeddingBackward(at(area, layout, TRANSFORMER_AREA_TOKENS), dx, gb, f(gb, V * D), P, T, D,
    at(area, layout, TRANSFORMER_AREA_ONES), at(area, layout, TRANSFORMER_AREA_MARK), at(area, layout, TRANSFORMER_AREA_TOUCHED), 0);
}

/** The area's per-class partial sums (f64 V) and the final-LayerNorm output, for problem.ts. */
export function classPartialOf(area: usize, layout: usize): usize {
  return at(area, layout, TRANSFORMER_AREA_CLASS_PARTIAL);
}
export function featuresOf(area: usize, layout: usize): usize {
  return at(area, layout, TRANSFORMER_AREA_LNF);
}
export function touchedOf(area: usize, layout: usize): usize {
  return at(area, layout, TRANSFORMER_AREA_TOUCHED);
}
export function markOf(area: usize, layout: usize): usize {
  return at(area, layout, TRANSFORMER_AREA_MARK);
}
