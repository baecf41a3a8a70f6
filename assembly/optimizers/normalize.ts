// Normalized GD direction: u ← u / ‖u‖₂, the norm over every parameter the chain touches
// (d0 accumulates Σu² over all segments first). A zero gradient stays zero.
import { OP_D0, OP_Q0 } from "./op";
import { sumSquares } from "../math/reduce";
import { scale } from "./scale";

export function normalizeReduce(op: usize, u: usize, len: i32): void {
  store<f64>(op, load<f64>(op, OP_D0) + sumSquares(u, len), OP_D0);
}

export function normalizeFinish(op: usize): void {
  const sq = load<f64>(op, OP_D0);
  store<f32>(op, sq > 0.0 ? <f32>(1.0 / Math.sqrt(sq)) : <f32>1.0, OP_Q0);
}

/** u ← q0·u with q0 = 1/‖u‖₂ (the scale kernel reads q0). */
export function normalize(op: usize, u: usize, len: i32): void {
  scale(op, u, len);
}
