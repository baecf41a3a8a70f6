// An optimizer is a chain of transforms ending in one that writes w. This file fuses hot
// chains into one-pass kernels, lays a chain out in WASM memory (op records of
// assembly/optimizers/op.ts), and runs the same chain with the plain-TS twins.
import type { Arena } from "../wasm/arena.js";
import { Code } from "./codes.js";
import { fusedAdam } from "./adam.js";
import { fusedSgd } from "./sgd.js";
import { fusedSign } from "./sign.js";
import { layoutLazy, OP_LAZY, twinLazyCatchUpRows, twinLazyFlush, twinLazyState } from "./lazy-adam.js";
import type { Transform, TwinOp } from "./transform.js";

export const OP_BYTES = 96;
const OP_PARAMS = 16;
const OP_EXACT = 64;
const MAX_PARAMS = 8;

export function chain(...transforms: Transform[]): Transform[] {
  transforms.forEach((t, i) => {
    if (t.terminal && i !== transforms.length - 1) throw new Error(`chain: ${t.name} must be last`);
  });
  if (!transforms.at(-1)?.terminal) throw new Error("chain: must end with apply or a fused update");
  return transforms;
}

/**
 * Replaces a chain's hot tail by a one-pass kernel: [scale_by_adam, scale, apply] → fused Adam,
 * [sign, scale, apply] → fused sign, [scale, apply] → fused SGD. Each fused kernel equals the
 * chain it replaces bit for bit (test/optimizers/fuse.test.ts).
 */
export function fuse(transforms: readonly Transform[]): Transform[] {
  const n = transforms.length;
  const tail = (k: number) => transforms.slice(n - k).map((t) => t.code);
  const same = (a: Code[], b: Code[]) => a.length === b.length && a.every((c, i) => c === b[i]);
  if (n >= 3 && same(tail(3), [Code.ScaleByAdam, Code.Scale, Code.Apply])) {
    const [b1, b2] = transforms[n - 3].exact;
    const eps = transforms[n - 3].params[4];
    return [...transforms.slice(0, n - 3), fusedAdam({ b1, b2, eps }, transforms[n - 2].params[0])];
  }
  if (n >= 3 && same(tail(3), [Code.Sign, Code.Scale, Code.Apply])) {
    return [...transforms.slice(0, n - 3), fusedSign(transforms[n - 2].params[0])];
  }
  if (n >= 2 && same(tail(2), [Code.Scale, Code.Apply])) {
    return [...transforms.slice(0, n - 2), fusedSgd(transforms[n - 2].params[0])];
  }
  return [...transforms];
}

/**
 * No transform needs a reduction over all parameters: the chain can run row by row (chainRow).
 * Exact lazy Adam is not: its rows must be caught up before the gradient reads them, which the
 * run loop does around chainStep.
 */
export function isRowLocal(transforms: readonly Transform[]): boolean {
  return transforms.every((t) => t.code !== Code.Normalize && t.code !== Code.RescaledSign && t.code !== Code.LazyAdam);
}

/** Visiting only touched rows equals a dense step when every transform ignores g = 0. */
export function isSparseExact(transforms: readonly Transform[]): boolean {
  return transforms.every((t) => t.sparseExact);
}

export interface WasmChain {
  readonly ptr: number;
  readonly nOps: number;
  /** statePtrs[k][s]: pointer to state array s of transform k (n f32). */
  readonly statePtrs: number[][];
}

/**
 * Writes op records and zero/initialised state arrays for n parameters. rowLen: the length of
 * the rows the optimizer visits (exact lazy Adam keeps a step counter per row; default n).
 */
export function layoutChain(arena: Arena, transforms: readonly Transform[], n: number, rowLen = n): WasmChain {
  const ptr = arena.alloc(OP_BYTES * transforms.length);
  const statePtrs = transforms.map((t) =>
    t.state.map((s) => {
      const p = arena.allocF32(n);
      if (s.init !== 0) arena.f32(p, n).fill(s.init);
      return p;
    }),
  );
  const lazy = transforms.map((t) => (t.lazyRows ? layoutLazy(arena, t, n, rowLen) : 0));
  const view = arena.view();
  transforms.forEach((t, k) => {
    if (lazy[k]) view.setUint32(ptr + k * OP_BYTES + OP_LAZY, lazy[k], true);
    if (t.params.length > MAX_PARAMS) throw new Error(`${t.name}: at most ${MAX_PARAMS} params`);
    const op = ptr + k * OP_BYTES;
    view.setUint32(op, t.code, true);
    view.setUint32(op + 4, t.flags, true);
    statePtrs[k].forEach((p, s) => view.setUint32(op + 8 + 4 * s, p, true));
    t.params.forEach((v, i) => view.setFloat32(op + OP_PARAMS + 4 * i, v, true));
    t.exact.forEach((v, i) => view.setFloat64(op + OP_EXACT + 8 * i, v, true));
  });
  return { ptr, nOps: transforms.length, statePtrs };
}

export interface TwinChain {
  readonly transforms: readonly Transform[];
  readonly ops: TwinOp[];
}

export function twinChain(transforms: readonly Transform[], n: number, rowLen = n): TwinChain {
  const ops = transforms.map((t) => ({
    params: Float32Array.from({ length: MAX_PARAMS }, (_, i) => t.params[i] ?? 0),
    q: new Float32Array(4),
    d: Float64Array.from({ length: 2 }, (_, i) => t.exact[i] ?? 0),
    flags: t.flags,
    state: t.state.map((s) => new Float32Array(n).fill(s.init)),
    lazy: t.lazyRows ? twinLazyState(t, n, rowLen) : undefined,
  }));
  return { transforms, ops };
}

/** Twin of chainStep (assembly/optimizers/chain.ts); rows = null means dense over n. */
export function twinChainStep(chain: TwinChain, w: Float32Array, u: Float32Array, n: number,
  rows: ArrayLike<number> | null, rowLen: number, t: number, factor: number): void {
  const segments: [number, number][] = rows === null
    ? [[0, n]]
    : Array.from(rows, (r) => [r * rowLen, rowLen] as [number, number]);
  chain.transforms.forEach((tr, k) => {
    const op = chain.ops[k];
    const kernel = tr.twin;
    kernel.prepare?.(op, t, factor, w);
    if (kernel.reduce) {
      for (const [off, len] of segments) kernel.reduce(op, u, off, len);
      kernel.finish?.(op);
    }
    for (const [off, len] of segments) kernel.run(op, w, u, off, len);
  });
}

/** Twin of chainFlush: every lagging row of exact lazy transforms brought to step t. */
export function twinChainFlush(chain: TwinChain, w: Float32Array, t: number): void {
  chain.ops.forEach((op) => op.lazy && twinLazyFlush(op, w, t));
}

/** Twin of chainCatchUpRows: the listed rows brought to step upTo before a gradient reads them. */
export function twinChainCatchUpRows(chain: TwinChain, w: Float32Array, rows: ArrayLike<number>, upTo: number): void {
  chain.ops.forEach((op) => op.lazy && twinLazyCatchUpRows(op, w, rows, upTo));
}

export function hasLazyRows(transforms: readonly Transform[]): boolean {
  return transforms.some((t) => t.lazyRows === true);
}
