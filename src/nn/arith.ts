// The arithmetic a twin kernel runs in: f32 (every operation rounded with Math.fround, exp and
// ln as the WASM kernels compute them: the kernels' bits) or f64 (plain JS numbers, Math.exp:
// the same formulas in double precision, for finite-difference gradient checks).
import { expf } from "../math/expf.js";
import { ln } from "../math/ln.js";

export interface Arith {
  readonly name: "f32" | "f64";
  /** Rounds an operation's result to the working precision. */
  readonly r: (x: number) => number;
  /** e^x for x ≤ 0 in the working precision (f32: assembly/math/expf.ts). */
  readonly exp: (x: number) => number;
  /** ln of an f64 sum (both modes: the f64 ln of assembly/math/ln.ts is correctly rounded enough to match). */
  readonly ln: (x: number) => number;
}

export const F32: Arith = { name: "f32", r: Math.fround, exp: expf, ln };
export const F64: Arith = { name: "f64", r: (x) => x, exp: Math.exp, ln: Math.log };

/** A twin's storage: f32 (the kernels' bits) or f64 (gradient checks). */
export type Vec = Float32Array | Float64Array;

/**
 * Σ_{j<len} term(j) in the kernels' f64 order (assembly/math/reduce.ts): four lane sums over
 * the 4-aligned body, (l0+l1)+(l2+l3), then the tail one by one.
 */
export function laneSum(len: number, term: (j: number) => number): number {
  const n4 = len & ~3;
  let l0 = 0,
    l1 = 0,
    l2 = 0,
    l3 = 0;
  let j = 0;
  for (; j < n4; j += 4) {
    l0 += term(j);
    l1 += term(j + 1);
    l2 += term(j + 2);
    l3 += term(j + 3);
  }
  let total = l0 + l1 + (l2 + l3);
  for (; j < len; j++) total += term(j);
  return total;
}
