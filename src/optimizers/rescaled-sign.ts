// Rescaled sign: u ← sign(u)·‖u‖₁ (steepest descent for ‖·‖∞, scaled by the dual norm).
import { TRANSFORMS } from "../layout/generated.js";
import { sumAbs } from "../math/reduce.js";
import { signOf } from "./sign.js";
import { f32, transform, type Transform, type TwinKernel } from "./transform.js";

const S = TRANSFORMS.rescaledSign.exact;
const Q = TRANSFORMS.rescaledSign.scalars;

const twin: TwinKernel = {
  prepare(op) {
    op.d[S.sumAbs] = 0;
  },
  reduce(op, u, off, len) {
    op.d[S.sumAbs] += sumAbs(u, off, len);
  },
  finish(op) {
    op.q[Q.l1Norm] = f32(op.d[S.sumAbs]);
  },
  run(op, _w, u, off, len) {
    const s = op.q[Q.l1Norm];
    for (let i = off; i < off + len; i++) u[i] = f32(signOf(u[i]) * s);
  },
};

export function rescaledSign(): Transform {
  return transform({ kind: "rescaledSign", name: "rescaled_sign", twin, sparseExact: true });
}
