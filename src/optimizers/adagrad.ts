// Adagrad: s ← s + u²;  u ← u/(√s + ε), s starting at the initial accumulator.
import { TRANSFORMS } from "../layout/generated.js";
import { f32, transform, type Transform, type TwinKernel } from "./transform.js";

const twin: TwinKernel = {
  run(op, _w, u, off, len) {
    const s = op.state[0];
    const eps = op.params[TRANSFORMS.scaleByAdagrad.params.eps];
    for (let i = off; i < off + len; i++) {
      const g = u[i];
      const ss = f32(s[i] + f32(g * g));
      s[i] = ss;
      u[i] = f32(g / f32(f32(Math.sqrt(ss)) + eps));
    }
  },
};

export function scaleByAdagrad(eps: number, initialAccumulator: number): Transform {
  return transform({
    kind: "scaleByAdagrad",
    name: "scale_by_adagrad",
    params: { eps },
    state: [{ name: "sum_sq", init: initialAccumulator }],
    twin,
    preconditioner: (state) => (i) => 1 / (Math.sqrt(state[0][i]) + eps),
  });
}
