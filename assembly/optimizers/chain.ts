// Runs an optimizer chain: a list of op records (op.ts), each a small transform, applied in
// order to the update buffer u (which starts as the gradient and is consumed). This file is
// the registry of kernels: a new transform is one case in run() here (and in prepare() if it
// derives per-step scalars) plus its own file; docs/architecture.md (Recipes) lists the rest.
//
// Iteration space: dense (one segment [0, n)) or sparse (the listed rows of length rowLen,
// e.g. the columns a mini-batch touched). Transforms with a global reduction (normalize,
// rescaled sign) first reduce over every segment, then apply.
import { Code } from "./codes";
import { OP_BYTES, OP_CODE, OP_D0 } from "./op";
import { apply } from "./apply";
import { scale, scalePrepare } from "./scale";
import { sign, fusedSign } from "./sign";
import { fusedSgd } from "./sgd";
import { normalize, normalizeFinish, normalizeReduce } from "./normalize";
import { rescaledSign, rescaledSignFinish, rescaledSignReduce } from "./rescaled-sign";
import { trace, ema } from "./momentum";
import { adamPrepare, fusedAdam, scaleByAdam } from "./adam";
import { scaleByRms } from "./rmsprop";
import { scaleByAdagrad } from "./adagrad";
import { addDecayedWeights } from "./weight-decay";
import { lazyAdam, lazyAdamDense, lazyAdamPrepare, lazyCatchUpRows, lazyFlush } from "./lazy-adam";

function prepare(code: u32, op: usize, w: usize, t: i32, factor: f32): void {
  switch (code) {
    case Code.LazyAdam: lazyAdamPrepare(op, w, t, factor); break;
    case Code.Scale:
    case Code.FusedSgd:
    case Code.FusedSign: scalePrepare(op, factor); break;
    case Code.ScaleByAdam:
    case Code.FusedAdam: adamPrepare(op, t, factor); break;
    case Code.Normalize:
    case Code.RescaledSign: store<f64>(op, 0.0, OP_D0); break;
  }
}

function reduce(code: u32, op: usize, u: usize, len: i32): void {
  if (code == Code.Normalize) normalizeReduce(op, u, len);
  else if (code == Code.RescaledSign) rescaledSignReduce(op, u, len);
}

function finish(code: u32, op: usize): void {
  if (code == Code.Normalize) normalizeFinish(op);
  else if (code == Code.RescaledSign) rescaledSignFinish(op);
}

/**
 * One transform on one segment: wAt and uAt point at the segment's first entry of w and u;
 * `off` is its byte offset into the state arrays (u may live elsewhere, e.g. a row buffer).
 */
function run(code: u32, op: usize, wAt: usize, uAt: usize, off: usize, len: i32): void {
  switch (code) {
    case Code.Apply: apply(wAt, uAt, len); break;
    case Code.Scale: scale(op, uAt, len); break;
    case Code.Sign: sign(uAt, len); break;
    case Code.Normalize: normalize(op, uAt, len); break;
    case Code.RescaledSign: rescaledSign(op, uAt, len); break;
    case Code.Trace: trace(op, uAt, off, len); break;
    case Code.Ema: ema(op, uAt, off, len); break;
    case Code.ScaleByAdam: scaleByAdam(op, uAt, off, len); break;
    case Code.ScaleByRms: scaleByRms(op, uAt, off, len); break;
    case Code.ScaleByAdagrad: scaleByAdagrad(op, uAt, off, len); break;
    case Code.AddDecayedWeights: addDecayedWeights(op, wAt, uAt, len); break;
    case Code.FusedSgd: fusedSgd(op, wAt, uAt, len); break;
    case Code.FusedSign: fusedSign(op, wAt, uAt, len); break;
    case Code.FusedAdam: fusedAdam(op, wAt, uAt, off, len); break;
    // Exact lazy Adam reads rows by their offset from the bases (never through chainRow: not row-local).
    case Code.LazyAdam: lazyAdam(op, wAt - off, uAt - off, off, len); break;
    default: unreachable();
  }
}

@inline function isReduction(code: u32): bool {
  return code == Code.Normalize || code == Code.RescaledSign;
}

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
    prepare(code, op, w, t, factor);
    if (isReduction(code)) {
      if (rows == 0) {
        reduce(code, op, u, n);
      } else {
        for (let r = 0; r < nRows; r++) {
          const off = <usize>load<i32>(rows + (<usize>r << 2)) * <usize>rowLen << 2;
          reduce(code, op, u + off, rowLen);
        }
      }
      finish(code, op);
    }
    if (rows == 0) {
      if (code == Code.LazyAdam) lazyAdamDense(op, w, u); // its rows, all touched
      else run(code, op, w, u, 0, n);
    } else {
      for (let r = 0; r < nRows; r++) {
        const off = <usize>load<i32>(rows + (<usize>r << 2)) * <usize>rowLen << 2;
        run(code, op, w + off, u + off, off, rowLen);
      }
    }
  }
}

/** Whether the chain holds an exact lazy transform (whose untouched rows lag behind). */
export function chainHasLazy(chain: usize, nOps: i32): bool {
  for (let k = 0; k < nOps; k++) {
    if (load<u32>(chain + <usize>k * OP_BYTES, OP_CODE) == Code.LazyAdam) return true;
  }
  return false;
}

/** Brings every lagging row of exact lazy transforms to step t (at records and at the end). */
export function chainFlush(chain: usize, nOps: i32, w: usize, t: i32): void {
  for (let k = 0; k < nOps; k++) {
    const op = chain + <usize>k * OP_BYTES;
    if (load<u32>(op, OP_CODE) == Code.LazyAdam) lazyFlush(op, w, t);
  }
}

/** Brings the listed rows to step upTo before a gradient reads them. */
export function chainCatchUpRows(chain: usize, nOps: i32, w: usize, rows: usize, nRows: i32, upTo: i32): void {
  for (let k = 0; k < nOps; k++) {
    const op = chain + <usize>k * OP_BYTES;
    if (load<u32>(op, OP_CODE) == Code.LazyAdam) lazyCatchUpRows(op, w, rows, nRows, upTo);
  }
}

/** The per-step phase of every transform (before chainRow on the step's rows). */
export function chainPrepare(chain: usize, nOps: i32, t: i32, factor: f32): void {
  for (let k = 0; k < nOps; k++) {
    const op = chain + <usize>k * OP_BYTES;
    prepare(load<u32>(op, OP_CODE), op, 0, t, factor); // w = 0: only exact lazy Adam reads it, never row by row
  }
}

/**
 * A row-local chain (no global reduction) on one row whose update sits in a separate buffer
 * u (a gradient kernel's row buffer, still in cache): equals chainStep over that row.
 */
export function chainRow(chain: usize, nOps: i32, w: usize, u: usize, off: usize, len: i32): void {
  for (let k = 0; k < nOps; k++) {
    const op = chain + <usize>k * OP_BYTES;
    run(load<u32>(op, OP_CODE), op, w + off, u, off, len);
  }
}
