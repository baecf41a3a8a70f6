// scale(s): u ← s·u, and apply: w ← w + u (the end of every unfused chain).
import { Code } from "./codes.js";
import { f32, transform, type Transform, type TwinKernel, type TwinOp } from "./transform.js";

/** q0 = p0 · schedule factor, in f32. */
export function prepareStep(op: TwinOp, _t: number, factor: number): void {
  op.q[0] = f32(op.params[0] * f32(factor));
}

/** u ← q0·u on a segment (also normalize's kernel). */
export function scaleSegment(op: TwinOp, u: Float32Array, off: number, len: number): void {
  const s = op.q[0];
  for (let i = off; i < off + len; i++) u[i] = f32(u[i] * s);
}

const scaleTwin: TwinKernel = {
  prepare: prepareStep,
  run: (op, _w, u, off, len) => scaleSegment(op, u, off, len),
};

export function scale(s: number): Transform {
  return transform({ name: "scale", code: Code.Scale, params: [s], twin: scaleTwin, sparseExact: true });
}

const applyTwin: TwinKernel = {
  run(_op, w, u, off, len) {
    for (let i = off; i < off + len; i++) w[i] = f32(w[i] + u[i]);
  },
};

export function apply(): Transform {
  return transform({ name: "apply", code: Code.Apply, params: [], twin: applyTwin, sparseExact: true, terminal: true });
}
