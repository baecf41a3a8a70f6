// Normalized GD direction: u ← u/‖u‖₂ over all parameters the step touches. A zero
// gradient stays zero (no 0/0).
import { Code } from "./codes.js";
import { sumSquares } from "../math/reduce.js";
import { scaleSegment } from "./scale.js";
import { f32, transform, type Transform, type TwinKernel } from "./transform.js";

const twin: TwinKernel = {
  prepare(op) {
    op.d[0] = 0;
  },
  reduce(op, u, off, len) {
    op.d[0] += sumSquares(u, off, len);
  },
  finish(op) {
    const sq = op.d[0];
    op.q[0] = sq > 0 ? f32(1 / Math.sqrt(sq)) : 1;
  },
  run: (op, _w, u, off, len) => scaleSegment(op, u, off, len),
};

export function normalize(): Transform {
  return transform({ name: "normalize", code: Code.Normalize, params: [], twin, sparseExact: true });
}
