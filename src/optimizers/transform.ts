// A transform is one step of an optimizer chain, in the spirit of optax: an update rule
// with its own state. Each has a WASM kernel (assembly/optimizers/<name>.ts, selected by its
// code) and a plain-TS twin here with the same f32 operation order. Its kind, code and named
// slots in the op block are declared once, in TRANSFORMS of src/layout/blocks.mjs.
import { TRANSFORMS, type TransformCode, type TransformKind } from "../layout/generated.js";

export type { TransformKind } from "../layout/generated.js";

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

/** One transform's op block, as the twin keeps it: its slots by index (TRANSFORMS[kind].params.eps, …). */
export interface TwinOp {
  /** The params slots, rounded to f32 exactly as written to memory. */
  readonly params: Float32Array;
  /** The per-step scalars, derived by its prepare. */
  readonly q: Float32Array;
  /** The exact f64 slots (constants, or a reduction's running sum). */
  readonly d: Float64Array;
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

export interface StateArray {
  readonly name: string;
  readonly init: number;
}

/** The slot names of a transform's params (or exact constants). */
type SlotNames<K extends TransformKind, S extends "params" | "exact"> = keyof (typeof TRANSFORMS)[K][S] & string;

export interface Transform<K extends TransformKind = TransformKind> {
  readonly kind: K;
  /** optax's name for it ("scale_by_adam"), for chains as text. */
  readonly name: string;
  readonly code: TransformCode;
  /** Its hyperparameters by slot name (TRANSFORMS[kind].params), e.g. { b1, oneMinusB1, …, eps }. */
  readonly params: Readonly<Record<SlotNames<K, "params">, number>>;
  /** Its exact f64 constants by slot name, e.g. Adam's { b1, b2 }. */
  readonly exact: Readonly<Record<SlotNames<K, "exact">, number>>;
  readonly flags: number;
  readonly state: readonly StateArray[];
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

type Defaulted = "flags" | "state" | "sparseExact" | "terminal" | "exact" | "params" | "code";

export function transform<K extends TransformKind>(
  spec: Omit<Transform<K>, Defaulted> & Partial<Pick<Transform<K>, Defaulted>>,
): Transform {
  return {
    flags: 0,
    state: [],
    sparseExact: false,
    terminal: false,
    exact: {},
    params: {},
    code: TRANSFORMS[spec.kind].code,
    ...spec,
  } as unknown as Transform;
}

/** A transform's slot values in op-block order (p·, or d·); 0 in a slot it leaves unset (a reduction's running sum). */
export function slotValues(t: Transform, slots: "params" | "exact", length: number): number[] {
  const index = TRANSFORMS[t.kind][slots] as Record<string, number>;
  const values = t[slots] as Record<string, number>;
  const out = new Array<number>(length).fill(0);
  for (const name of Object.keys(values)) {
    if (index[name] === undefined) throw new Error(`${t.name}: ${name} is not one of its ${slots} slots (src/layout/blocks.mjs)`);
    out[index[name]] = values[name];
  }
  return out;
}
