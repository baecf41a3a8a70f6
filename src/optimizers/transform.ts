// A transform is one step of an optimizer chain, in the spirit of optax: an update rule
// with its own state. Each has a WASM kernel (assembly/optimizers/<name>.ts, selected by
// `code`) and a plain-TS twin here with the same f32 operation order.
import type { Code } from "./codes.js";

/** Per-step scratch and constants of one transform, as the kernel's op record holds them. */
/** Exact lazy Adam's per-row bookkeeping (lazy-adam.ts keeps it): per segment, its last step and the block sums. */
export interface LazyState {
  nSeg: number;
  segLen: number;
  W0: number;
  t: number;
  last: Int32Array;
  E: Float64Array;
  rp: Float64Array;
  ip: Float64Array;
}

export interface TwinOp {
  readonly params: Float32Array; // p0..p7, rounded to f32 exactly as written to memory
  readonly q: Float32Array; // q0..q3, derived per step
  readonly d: Float64Array; // d0, d1: running f64 scalars
  readonly flags: number;
  readonly state: Float32Array[];
  /** Exact lazy Adam's per-row bookkeeping (lazy-adam.ts), for transforms with lazyRows. */
  readonly lazy?: LazyState;
}

export interface TwinKernel {
  prepare?(op: TwinOp, t: number, factor: number, w?: Float32Array): void;
  /** Global reduction over one segment (called for every segment before run). */
  reduce?(op: TwinOp, u: Float32Array, off: number, len: number): void;
  finish?(op: TwinOp): void;
  run(op: TwinOp, w: Float32Array, u: Float32Array, off: number, len: number): void;
}

export interface StateSpec {
  readonly name: string;
  readonly init: number;
}

export interface Transform {
  readonly name: string;
  readonly code: Code;
  readonly params: readonly number[];
  /** Up to two f64 constants (d0, d1), e.g. Adam's exact β1, β2. */
  readonly exact: readonly number[];
  readonly flags: number;
  readonly state: readonly StateSpec[];
  /** g = 0 leaves w and the state unchanged, so visiting only touched rows is exact. */
  readonly sparseExact: boolean;
  /** Writes w itself (apply or a fused kernel): must be last. */
  readonly terminal: boolean;
  readonly twin: TwinKernel;
  /**
   * The per-coordinate factor this transform multiplies a gradient by at step t, read from
   * its state (e.g. Adam's 1/(√v̂+ε)); times η it is the effective learning rate.
   */
  readonly preconditioner?: (state: Float32Array[], t: number) => (i: number) => number;
  /** Keeps per-row step counters and catches lagging rows up (exact lazy Adam): laid out per row. */
  readonly lazyRows?: boolean;
}

export const f32 = Math.fround;

/** 1 − β computed in f64 and rounded once, as the kernels expect. */
export function oneMinus(beta: number): number {
  return f32(1 - beta);
}

type Defaulted = "flags" | "state" | "sparseExact" | "terminal" | "exact";

export function transform(spec: Omit<Transform, Defaulted> & Partial<Pick<Transform, Defaulted>>): Transform {
  return { flags: 0, state: [], sparseExact: false, terminal: false, exact: [], ...spec };
}
