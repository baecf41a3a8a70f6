// RMSprop (PyTorch's, uncentered): v ← αv + (1−α)u²;  u ← u/(√v + ε).
import { TRANSFORMS } from "../layout/generated.js";
import { f32, oneMinus, transform, type Transform, type TwinKernel } from "./transform.js";

const twin: TwinKernel = {
  run(op, _w, u, off, len) {
    const v = op.state[0];
    const P = TRANSFORMS.scaleByRms.params;
    const a = op.params[P.alpha],
      c = op.params[P.oneMinusAlpha],
      eps = op.params[P.eps];
    for (let i = off; i < off + len; i++) {
      const g = u[i];
      const vv = f32(f32(a * v[i]) + f32(c * f32(g * g)));
      v[i] = vv;
      u[i] = f32(g / f32(f32(Math.sqrt(vv)) + eps));
    }
  },
};

export function scaleByRms(alpha: number, eps: number): Transform {
  return transform({
    kind: "scaleByRms",
    name: "scale_by_rms",
    params: { alpha, oneMinusAlpha: oneMinus(alpha), eps },
    state: [{ name: "v", init: 0 }],
    twin,
    preconditioner: (state) => (i) => 1 / (Math.sqrt(state[0][i]) + eps),
  });
}
