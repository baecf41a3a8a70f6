// Twins of assembly/math/reduce.ts: f64 sums in the kernel's order — four lane sums
// over the 4-aligned body (terms rounded to f32 first), (l0+l1)+(l2+l3), then the tail.
import { f32 } from "../optimizers/transform.js";

function laneSum(u: Float32Array, off: number, len: number, term: (x: number) => number): number {
  const n4 = len & ~3;
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  let i = 0;
  for (; i < n4; i += 4) {
    l0 += term(u[off + i]);
    l1 += term(u[off + i + 1]);
    l2 += term(u[off + i + 2]);
    l3 += term(u[off + i + 3]);
  }
  let total = (l0 + l1) + (l2 + l3);
  for (; i < len; i++) total += term(u[off + i]);
  return total;
}

export function sumSquares(u: Float32Array, off: number, len: number): number {
  return laneSum(u, off, len, (x) => f32(x * x));
}

export function sumAbs(u: Float32Array, off: number, len: number): number {
  return laneSum(u, off, len, Math.abs);
}
