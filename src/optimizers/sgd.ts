// Fused SGD: w ← w + q0·u, q0 = −η·factor. Equals chain(scale(−η), apply) bit for bit.
import { TRANSFORMS } from "../layout/generated.js";
import { prepareStep } from "./scale.js";
import { f32, transform, type Transform, type TwinKernel } from "./transform.js";

const twin: TwinKernel = {
  prepare: prepareStep,
  run(op, w, g, off, len) {
    const s = op.q[TRANSFORMS.fusedSgd.scalars.stepFactor];
    for (let i = off; i < off + len; i++) w[i] = f32(w[i] + f32(g[i] * s));
  },
};

export function fusedSgd(step: number): Transform {
  return transform({ kind: "fusedSgd", name: "fused_sgd", params: { step }, twin, sparseExact: true, terminal: true });
}
