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

/** Σ_{j<len} term(j) in the kernels' f64 order (assembly/math/reduce.ts). */
export { laneSum } from "../math/lane-sum.js";
