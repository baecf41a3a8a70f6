// Fused SGD: w ← w + q0·u, q0 = −η·factor. Equals chain(scale(−η), apply) bit for bit.
import { Code } from "./codes.js";
import { prepareStep } from "./scale.js";
import { f32, transform, type Transform, type TwinKernel } from "./transform.js";

const twin: TwinKernel = {
  prepare: prepareStep,
  run(op, w, g, off, len) {
    const s = op.q[0];
    for (let i = off; i < off + len; i++) w[i] = f32(w[i] + f32(g[i] * s));
  },
};

export function fusedSgd(step: number): Transform {
  return transform({ name: "fused_sgd", code: Code.FusedSgd, params: [step], twin, sparseExact: true, terminal: true });
}
