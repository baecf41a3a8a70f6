// Normalized GD direction: u ← u/‖u‖₂ over all parameters the step touches. A zero
// gradient stays zero (no 0/0).
import { TRANSFORMS } from "../layout/generated.js";
import { sumSquares } from "../math/reduce.js";
import { scaleSegment } from "./scale.js";
import { f32, transform, type Transform, type TwinKernel } from "./transform.js";

const S = TRANSFORMS.normalize.exact;

const twin: TwinKernel = {
  prepare(op) {
    op.d[S.sumSquares] = 0;
  },
  reduce(op, u, off, len) {
    op.d[S.sumSquares] += sumSquares(u, off, len);
  },
  finish(op) {
    const sq = op.d[S.sumSquares];
    op.q[TRANSFORMS.normalize.scalars.inverseNorm] = sq > 0 ? f32(1 / Math.sqrt(sq)) : 1;
  },
  run: (op, _w, u, off, len) => scaleSegment(op, u, off, len),
};

export function normalize(): Transform {
  return transform({ kind: "normalize", name: "normalize", twin, sparseExact: true });
}
