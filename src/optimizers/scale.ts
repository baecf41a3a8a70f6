// scale(s): u ← s·u, and apply: w ← w + u (the end of every unfused chain).
import { TRANSFORMS } from "../layout/generated.js";
import { f32, transform, type Transform, type TwinKernel, type TwinOp } from "./transform.js";

// scale, fused SGD and fused sign keep step and stepFactor in the same slots (the kernels check it)
const STEP = TRANSFORMS.scale.params.step;
const STEP_FACTOR = TRANSFORMS.scale.scalars.stepFactor;

/** stepFactor = step · schedule factor, in f32. */
export function prepareStep(op: TwinOp, _t: number, factor: number): void {
  op.q[STEP_FACTOR] = f32(op.params[STEP] * f32(factor));
}

/** u ← stepFactor·u on a segment (also normalize's kernel: its inverseNorm sits in the same slot). */
export function scaleSegment(op: TwinOp, u: Float32Array, off: number, len: number): void {
  const s = op.q[STEP_FACTOR];
  for (let i = off; i < off + len; i++) u[i] = f32(u[i] * s);
}

const scaleTwin: TwinKernel = {
  prepare: prepareStep,
  run: (op, _w, u, off, len) => scaleSegment(op, u, off, len),
};

export function scale(s: number): Transform {
  return transform({ kind: "scale", name: "scale", params: { step: s }, twin: scaleTwin, sparseExact: true });
}

const applyTwin: TwinKernel = {
  run(_op, w, u, off, len) {
    for (let i = off; i < off + len; i++) w[i] = f32(w[i] + u[i]);
  },
};

export function apply(): Transform {
  return transform({ kind: "apply", name: "apply", twin: applyTwin, sparseExact: true, terminal: true });
}
