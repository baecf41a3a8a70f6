// Twins of assembly/math/reduce.ts: f64 sums in the kernel's order — four lane sums
// over the 4-aligned body (terms rounded to f32 first), (l0+l1)+(l2+l3), then the tail.
import { laneSum } from "./lane-sum.js";

const f32 = Math.fround;

export function sumSquares(u: Float32Array, off: number, len: number): number {
  return laneSum(len, (j) => f32(u[off + j] * u[off + j]));
}

export function sumAbs(u: Float32Array, off: number, len: number): number {
  return laneSum(len, (j) => Math.abs(u[off + j]));
}
