// An optimizer is a chain of transforms ending in one that writes w. This file fuses hot
// chains into one-pass kernels, lays a chain out in WASM memory (one `op` block of
// src/layout/blocks.mjs per transform), and runs the same chain with the plain-TS twins.

import { argHas, argInteger, argList, argNumber, argObject } from "../config/args.js";
import type { LayoutArena } from "../wasm/arena.js";
import { fusedAdam } from "./adam.js";
import { fusedSgd } from "./sgd.js";
import { fusedSign } from "./sign.js";
import { layoutLazy, twinLazyCatchUpRows, twinLazyFlush, twinLazyState } from "./lazy-adam.js";
import { slotValues, type Transform, type TransformKind, type TwinOp } from "./transform.js";
import { OP_BLOCK, TRANSFORMS } from "../layout/generated.js";
import { ConfigError } from "../config/error.js";

/** What an op block holds: hyperparameters p0…p7, per-step scalars q0…q3, exact constants d0 d1, state arrays s0 s1. */
const MAX_PARAMS = 8,
  MAX_SCALARS = 4,
  MAX_EXACT = 2,
  MAX_STATES = 2;

/** Checks that `x` lists transforms (each made by a transform constructor: a code and a twin). */
export function checkTransforms(name: string, x: unknown, minLength = 1): readonly Transform[] {
  const list = argList<Transform>(name, x, minLength);
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (
      t === null ||
      typeof t !== "object" ||
      !Object.hasOwn(TRANSFORMS, t.kind) ||
      typeof t.twin !== "object" ||
      t.params === null ||
      typeof t.params !== "object" ||
      !Array.isArray(t.state)
    ) {
      throw new ConfigError(`${name}[${i}]`, "must be a transform (sgd, scaleByAdam, … or buildChain's)");
    }
  }
  return list as readonly Transform[];
}

export function chain(...transforms: Transform[]): Transform[] {
  checkTransforms("transforms", transforms);
  transforms.forEach((t, i) => {
    if (t.terminal && i !== transforms.length - 1) throw new ConfigError(`transforms[${i}]`, `${t.name} must be last`);
  });
  if (!transforms.at(-1)?.terminal) throw new ConfigError("transforms", "must end with apply or a fused update");
  return transforms;
}

/**
 * Replaces a chain's hot tail by a one-pass kernel: [scale_by_adam, scale, apply] → fused Adam,
 * [sign, scale, apply] → fused sign, [scale, apply] → fused SGD. Each fused kernel equals the
 * chain it replaces bit for bit (test/optimizers/agreement.test.ts).
 */
export function fuse(transforms: readonly Transform[]): Transform[] {
  checkTransforms("transforms", transforms);
  const n = transforms.length;
  const endsWith = (...kinds: TransformKind[]) => n >= kinds.length && kinds.every((k, i) => transforms[n - kinds.length + i].kind === k);
  const step = (t: Transform) => (t as Transform<"scale">).params.step;
  if (endsWith("scaleByAdam", "scale", "apply")) {
    const adam = transforms[n - 3] as Transform<"scaleByAdam">;
    const { b1, b2 } = adam.exact;
    return [...transforms.slice(0, n - 3), fusedAdam({ b1, b2, eps: adam.params.eps }, step(transforms[n - 2]))];
  }
  if (endsWith("sign", "scale", "apply")) {
    return [...transforms.slice(0, n - 3), fusedSign(step(transforms[n - 2]))];
  }
  if (endsWith("scale", "apply")) {
    return [...transforms.slice(0, n - 2), fusedSgd(step(transforms[n - 2]))];
  }
  return [...transforms];
}

/**
 * No transform needs a reduction over all parameters: the chain can run row by row (chainRow).
 * Exact lazy Adam is not: its rows must be caught up before the gradient reads them, which the
 * run loop does around chainStep.
 */
export function isRowLocal(transforms: readonly Transform[]): boolean {
  return transforms.every((t) => TRANSFORMS[t.kind].rowLocal);
}

/** Visiting only touched rows equals a dense step when every transform ignores g = 0. */
export function isSparseExact(transforms: readonly Transform[]): boolean {
  checkTransforms("transforms", transforms);
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
export function layoutChain(arena: LayoutArena, transforms: readonly Transform[], n: number, rowLen = n): WasmChain {
  argHas("arena", arena, ["alloc", "writeBlock"], "a core's arena (loadCore().arena)");
  checkTransforms("transforms", transforms);
  argInteger("n", n, 1, 0x3fffffff);
  argInteger("rowLen", rowLen, 1, n);
  const ptr = arena.alloc(OP_BLOCK.bytes * transforms.length);
  const statePtrs = transforms.map((t) =>
    t.state.map((s) => {
      const p = arena.allocF32(n);
      if (s.init !== 0) arena.fillF32(p, n, s.init);
      return p;
    }),
  );
  const lazy = transforms.map((t) => (t.lazyRows ? layoutLazy(arena, t, n, rowLen) : 0));
  transforms.forEach((t, k) => {
    if (t.state.length > MAX_STATES) throw new Error(`${t.name}: at most ${MAX_STATES} state arrays`);
    const [p0, p1, p2, p3, p4, p5, p6, p7] = slotValues(t, "params", MAX_PARAMS);
    const [d0, d1] = slotValues(t, "exact", MAX_EXACT);
    arena.writeBlock(ptr + k * OP_BLOCK.bytes, OP_BLOCK, {
      code: t.code,
      flags: t.flags,
      s0: statePtrs[k][0] ?? 0,
      s1: statePtrs[k][1] ?? 0,
      p0,
      p1,
      p2,
      p3,
      p4,
      p5,
      p6,
      p7,
      q0: 0,
      q1: 0,
      q2: 0,
      q3: 0,
      d0,
      d1,
      lazy: lazy[k],
    });
  });
  return { ptr, nOps: transforms.length, statePtrs };
}

export interface TwinChain {
  readonly transforms: readonly Transform[];
  readonly ops: TwinOp[];
}

export function twinChain(transforms: readonly Transform[], n: number, rowLen = n): TwinChain {
  checkTransforms("transforms", transforms);
  argInteger("n", n, 1, 0x3fffffff);
  argInteger("rowLen", rowLen, 1, n);
  const ops = transforms.map((t) => ({
    params: Float32Array.from(slotValues(t, "params", MAX_PARAMS)),
    q: new Float32Array(MAX_SCALARS),
    d: Float64Array.from(slotValues(t, "exact", MAX_EXACT)),
    flags: t.flags,
    state: t.state.map((s) => new Float32Array(n).fill(s.init)),
    lazy: t.lazyRows ? twinLazyState(t, n, rowLen) : undefined,
  }));
  return { transforms, ops };
}

/** Twin of chainStep (assembly/optimizers/chain.ts); rows = null means dense over n. */
export function twinChainStep(
  chain: TwinChain,
  w: Float32Array,
  u: Float32Array,
  n: number,
  rows: ArrayLike<number> | null,
  rowLen: number,
  t: number,
  factor: number,
): void {
  const c = argObject<TwinChain>("chain", chain, "a twin chain (twinChain)");
  if (!Array.isArray(c.ops) || !Array.isArray(c.transforms) || c.ops.length !== c.transforms.length)
    throw new ConfigError("chain", "must be a twin chain (twinChain)");
  if (!(w instanceof Float32Array) || w.length < n) throw new ConfigError("w", `must be a Float32Array of at least n = ${n} weights`);
  if (!(u instanceof Float32Array) || u.length < n) throw new ConfigError("u", `must be a Float32Array of at least n = ${n} entries`);
  argInteger("n", n, 1);
  if (rows !== null) argList("rows", rows);
  argInteger("rowLen", rowLen, rows === null ? 0 : 1);
  argInteger("t", t, 1);
  argNumber("factor", factor, 0);
  const segments: [number, number][] = rows === null ? [[0, n]] : Array.from(rows, (r) => [r * rowLen, rowLen] as [number, number]);
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
