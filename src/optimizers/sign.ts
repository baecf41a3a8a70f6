// Sign descent: u ← sign(u), sign(x) = (x>0) − (x<0) (so sign(NaN) = 0, never NaN; a
// branch-free form, and unlike Math.sign it cannot poison the weights).
import { TRANSFORMS } from "../layout/generated.js";
import { prepareStep } from "./scale.js";
import { f32, transform, type Transform, type TwinKernel } from "./transform.js";

export function signOf(x: number): number {
  return (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0);
}

const signTwin: TwinKernel = {
  run(_op, _w, u, off, len) {
    for (let i = off; i < off + len; i++) u[i] = signOf(u[i]);
  },
};

export function sign(): Transform {
  return transform({ kind: "sign", name: "sign", twin: signTwin, sparseExact: true });
}

const fusedTwin: TwinKernel = {
  prepare: prepareStep,
  run(op, w, g, off, len) {
    const s = op.q[TRANSFORMS.fusedSign.scalars.stepFactor];
    for (let i = off; i < off + len; i++) w[i] = f32(w[i] + f32(signOf(g[i]) * s));
  },
};

/** w ← w + q0·sign(g) in one pass; equals chain(sign, scale(−η), apply). */
export function fusedSign(step: number): Transform {
  return transform({ kind: "fusedSign", name: "fused_sign", params: { step }, twin: fusedTwin, sparseExact: true, terminal: true });
}
