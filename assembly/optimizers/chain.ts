// Runs an optimizer chain: a list of op records (op.ts), each a small transform, applied in
// order to the update buffer u (which starts as the gradient and is consumed). Which kernel a
// code runs is the generated dispatch.ts (from TRANSFORMS in src/layout/blocks.mjs): a new
// transform is its own file and its declaration there (docs/architecture.md, Recipes).
//
// Iteration space: dense (one segment [0, n)) or sparse (the listed rows of length rowLen,
// e.g. the columns a mini-batch touched). Transforms with a global reduction (normalize,
// rescaled sign) first reduce over every segment, then apply.
import { TransformCode } from "../layout";
import { OP_BYTES, OP_CODE } from "./op";
import { finishOp, isReduction, prepareOp, reduceOp, runOp } from "./dispatch";
import { lazyAdamDense, lazyCatchUpRows, lazyFlush } from "./lazy-adam";

/**
 * One optimizer step t (1-based) over w with update buffer u (the gradient, consumed).
 * rows = 0: dense over n entries. Otherwise nRows row indices (i32) of rowLen entries each.
 * factor multiplies the step size (learning-rate schedule).
 */
export function chainStep(chain: usize, nOps: i32, w: usize, u: usize, n: i32,
  rows: usize, nRows: i32, rowLen: i32, t: i32, factor: f32): void {
  for (let k = 0; k < nOps; k++) {
    const op = chain + <usize>k * OP_BYTES;
    const code = load<u32>(op, OP_CODE);
    prepareOp(code, op, w, t, factor);
    if (isReduction(code)) {
      if (rows == 0) {
        reduceOp(code, op, u, n);
      } else {
        for (let r = 0; r < nRows; r++) {
          const off = <usize>load<i32>(rows + (<usize>r << 2)) * <usize>rowLen << 2;
          reduceOp(code, op, u + off, rowLen);
        }
      }
      finishOp(code, op);
    }
    if (rows == 0) {
      if (code == TransformCode.LazyAdam) lazyAdamDense(op, w, u); // its rows, all touched
      else runOp(code, op, w, u, 0, n);
    } else {
      for (let r = 0; r < nRows; r++) {
        const off = <usize>load<i32>(rows + (<usize>r << 2)) * <usize>rowLen << 2;
        runOp(code, op, w + off, u + off, off, rowLen);
      }
    }
  }
}

/** Whether the chain holds an exact lazy transform (whose untouched rows lag behind). */
export function chainHasLazy(chain: usize, nOps: i32): bool {
  for (let k = 0; k < nOps; k++) {
    if (load<u32>(chain + <usize>k * OP_BYTES, OP_CODE) == TransformCode.LazyAdam) return true;
  }
  return false;
}

/** Brings every lagging row of exact lazy transforms to step t (at records and at the end). */
export function chainFlush(chain: usize, nOps: i32, w: usize, t: i32): void {
  for (let k = 0; k < nOps; k++) {
    const op = chain + <usize>k * OP_BYTES;
    if (load<u32>(op, OP_CODE) == TransformCode.LazyAdam) lazyFlush(op, w, t);
  }
}

/** Brings the listed rows to step upTo before a gradient reads them. */
export function chainCatchUpRows(chain: usize, nOps: i32, w: usize, rows: usize, nRows: i32, upTo: i32): void {
  for (let k = 0; k < nOps; k++) {
    const op = chain + <usize>k * OP_BYTES;
    if (load<u32>(op, OP_CODE) == TransformCode.LazyAdam) lazyCatchUpRows(op, w, rows, nRows, upTo);
  }
}

/** The per-step phase of every transform (before chainRow on the step's rows). */
export function chainPrepare(chain: usize, nOps: i32, t: i32, factor: f32): void {
  for (let k = 0; k < nOps; k++) {
    const op = chain + <usize>k * OP_BYTES;
    prepareOp(load<u32>(op, OP_CODE), op, 0, t, factor); // w = 0: only exact lazy Adam reads it, never row by row
  }
}

/**
 * A row-local chain (no global reduction) on one row whose update sits in a separate buffer
 * u (a gradient kernel's row buffer, still in cache): equals chainStep over that row.
 */
export function chainRow(chain: usize, nOps: i32, w: usize, u: usize, off: usize, len: i32): void {
  for (let k = 0; k < nOps; k++) {
    const op = chain + <usize>k * OP_BYTES;
    runOp(load<u32>(op, OP_CODE), op, w + off, u, off, len);
  }
}
