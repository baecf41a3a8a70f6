// Normalized GD direction: u ← u / ‖u‖₂, the norm over every parameter the chain touches
// (its sumSquares slot accumulates Σu² over all segments first). A zero gradient stays zero.
import { NORMALIZE_INVERSE_NORM, NORMALIZE_SUM_SQUARES_F64, SCALE_STEP_FACTOR } from "../layout";
import { sumSquares } from "../math/reduce";
import { scale } from "./scale";

/** A new step's reduction starts from 0. */
export function normalizePrepare(op: usize): void {
  store<f64>(op, 0.0, NORMALIZE_SUM_SQUARES_F64);
}

export function normalizeReduce(op: usize, u: usize, len: i32): void {
  store<f64>(op, load<f64>(op, NORMALIZE_SUM_SQUARES_F64) + sumSquares(u, len), NORMALIZE_SUM_SQUARES_F64);
}

export function normalizeFinish(op: usize): void {
  const sq = load<f64>(op, NORMALIZE_SUM_SQUARES_F64);
  store<f32>(op, sq > 0.0 ? <f32>(1.0 / Math.sqrt(sq)) : <f32>1.0, NORMALIZE_INVERSE_NORM);
}

/** u ← u/‖u‖₂: the scale kernel, which reads its stepFactor slot, where inverseNorm sits. */
export function normalize(op: usize, u: usize, len: i32): void {
  if (NORMALIZE_INVERSE_NORM != SCALE_STEP_FACTOR) unreachable(); // folded away while the slots coincide
  scale(op, u, len);
}
