// Rescaled sign: u ← sign(u)·‖u‖₁ (steepest descent for ‖·‖∞, scaled by the dual norm).
import { Code } from "./codes.js";
import { sumAbs } from "../math/reduce.js";
import { signOf } from "./sign.js";
import { f32, transform, type Transform, type TwinKernel } from "./transform.js";

const twin: TwinKernel = {
  prepare(op) {
    op.d[0] = 0;
  },
  reduce(op, u, off, len) {
    op.d[0] += sumAbs(u, off, len);
  },
  finish(op) {
    op.q[0] = f32(op.d[0]);
  },
  run(op, _w, u, off, len) {
    const s = op.q[0];
    for (let i = off; i < off + len; i++) u[i] = f32(signOf(u[i]) * s);
  },
};

export function rescaledSign(): Transform {
  return transform({ name: "rescaled_sign", code: Code.RescaledSign, params: [], twin, sparseExact: true });
}
