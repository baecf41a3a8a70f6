// Optimizers whose update of one entry reads only that entry (its gradient, weight and state):
// fused SGD, fused sign descent and fused Adam. A gradient kernel that makes a row's gradient
// four entries at a time can apply the update in the same loop (no gradient row stored and
// read back) by inlining updateLanes; the result is the chain's, bit for bit: the lanes below
// are the ones fusedSgd, fusedSign and fusedAdam run.
import { OP_CODE, OP_S0, OP_S1 } from "./op";
import { FUSED_ADAM_STEP_FACTOR, FUSED_SGD_STEP_FACTOR, FUSED_SIGN_STEP_FACTOR, TransformCode } from "../layout";
import { sgdLanes, sgdScalar } from "./sgd";
import { signLanes, signScalar } from "./sign";
import { adamLanes, adamScalar } from "./adam";

/** The code of a chain that is one elementwise fused transform (FusedSgd, FusedSign, FusedAdam), else 0. */
export function elementwiseCode(chain: usize, nOps: i32): u32 {
  if (nOps != 1) return 0;
  const code = load<u32>(chain, OP_CODE);
  return code == TransformCode.FusedSgd || code == TransformCode.FusedSign || code == TransformCode.FusedAdam ? code : 0;
}

/**
 * The updated weights of four entries: w + s·g (SGD), w + s·sign(g) (sign), w + s·Adam(g), s the transform's stepFactor
 * (Adam; its moments at byte offset `off` of its state arrays are read and written). `code`
 * is a constant where this is inlined, so only one branch remains.
 */
@inline export function updateLanes(code: u32, op: usize, w: v128, g: v128, off: usize): v128 {
  if (code == TransformCode.FusedSgd) return sgdLanes(w, g, v128.load32_splat(op + FUSED_SGD_STEP_FACTOR));
  if (code == TransformCode.FusedSign) return f32x4.add(w, f32x4.mul(signLanes(g), v128.load32_splat(op + FUSED_SIGN_STEP_FACTOR)));
  const u = adamLanes(op, g, load<usize>(op, OP_S0) + off, load<usize>(op, OP_S1) + off);
  return f32x4.add(w, f32x4.mul(u, v128.load32_splat(op + FUSED_ADAM_STEP_FACTOR)));
}

/** One lane of updateLanes. */
@inline export function updateScalar(code: u32, op: usize, w: f32, g: f32, off: usize): f32 {
  if (code == TransformCode.FusedSgd) return sgdScalar(w, g, load<f32>(op, FUSED_SGD_STEP_FACTOR));
  if (code == TransformCode.FusedSign) return w + signScalar(g) * load<f32>(op, FUSED_SIGN_STEP_FACTOR);
  return w + adamScalar(op, g, load<usize>(op, OP_S0) + off, load<usize>(op, OP_S1) + off) * load<f32>(op, FUSED_ADAM_STEP_FACTOR);
}

