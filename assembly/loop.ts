// The step loop: many steps per call, no JS round trip per step.
//   for each step t: gradient (problem kernel) → divergence check → non-zero counts
//                    → schedule factor → optimizer chain (dense, or over the touched rows)
//                    → clear the gradient → record (at the scheduled steps)
//
// Loop block: `loop` in src/layout/blocks.mjs (fields and what they mean); a row-sparse problem
// kernel gets the `touchedRows` view of it at loop + LOOP_ROW_LEN.
//
// Row-sparse problems (rowLen > 0) get g zero on entry and leave it zero outside the rows
// they list; after the step the loop zeroes those rows again (clearRows) — or, when the
// optimizer ran densely (its transforms may write u everywhere), all of g.
import { LOOP_CHAIN, LOOP_CLASSES, LOOP_CLASS_TRACE, LOOP_CODE, LOOP_NONZERO_COUNTS, LOOP_COUNT_FOLD, LOOP_CURSOR, LOOP_DEFERRED, LOOP_DIVERGED_AT, LOOP_EXACT_LOSS_TRACE, LOOP_FUSED, LOOP_G, LOOP_LOSS_TRACE, LOOP_LR_SCHEDULE, LOOP_MARK, LOOP_N, LOOP_N_OPS, LOOP_N_RECORD, LOOP_N_TOUCHED, LOOP_PROBLEM, LOOP_RECORD_STEPS, LOOP_RNG, LOOP_ROW_LEN, LOOP_ROW_UPDATES, LOOP_T, LOOP_TOUCHED, LOOP_TRAJECTORY, LOOP_W } from "./layout";
import { problemClassLoss, problemGradient, problemLoss, problemStep } from "./problems/dispatch";
import { chainCatchUpRows, chainFlush, chainHasLazy, chainPrepare, chainStep } from "./optimizers/chain";
import { lrFactor } from "./optimizers/lr-schedule";
import { clearRows } from "./sparse/scatter";

export { LOOP_BYTES } from "./layout";

function countNonzero(g: usize, counts: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) { // f32x4.ne gives −1 where g ≠ 0 (NaN included, −0 not), as != does
    const o = <usize>i << 2;
    v128.store(counts + o, i32x4.sub(v128.load(counts + o), f32x4.ne(v128.load(g + o), f32x4.splat(0))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<u32>(counts + o, load<u32>(counts + o) + <u32>(load<f32>(g + o) != 0));
  }
}

/** memory.copy, with short rows copied in place: memory.copy is a call out of WASM in V8. */
@inline function copyRow(dst: usize, src: usize, bytes: usize): void {
  if (bytes > 256) {
    memory.copy(dst, src, bytes);
    return;
  }
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(dst + o, v128.load(src + o));
  for (; o < bytes; o += 4) store<u32>(dst + o, load<u32>(src + o));
}

/** Counts of all n entries; fold > 0: entry i counts at i mod fold (n is a multiple of fold). */
function countNonzeroAll(g: usize, counts: usize, n: i32, fold: i32): void {
  if (fold == 0) {
    countNonzero(g, counts, n);
    return;
  }
  for (let i = 0; i < n; i += fold) countNonzero(g + (<usize>i << 2), counts, fold);
}

/** Counts over the listed rows only: g is zero elsewhere (fold: as above, a multiple of rowLen). */
function countNonzeroRows(g: usize, counts: usize, rows: usize, nRows: i32, rowLen: i32, fold: i32): void {
  for (let r = 0; r < nRows; r++) {
    const i = load<i32>(rows + (<usize>r << 2)) * rowLen;
    const off = <usize>i << 2;
    countNonzero(g + off, counts + (fold == 0 ? off : <usize>(i % fold) << 2), rowLen);
  }
}

/** Runs up to `steps` steps; returns how many ran (fewer if the loss went NaN/Inf). */
export function runSteps(loop: usize, steps: i32): i32 {
  const code = load<u32>(loop + LOOP_CODE);
  const prob = load<usize>(loop + LOOP_PROBLEM);
  const chain = load<usize>(loop + LOOP_CHAIN);
  const nOps = load<i32>(loop + LOOP_N_OPS);
  const w = load<usize>(loop + LOOP_W);
  const g = load<usize>(loop + LOOP_G);
  const n = load<i32>(loop + LOOP_N);
  const recordSteps = load<usize>(loop + LOOP_RECORD_STEPS);
  const nRecord = load<i32>(loop + LOOP_N_RECORD);
  const traj = load<usize>(loop + LOOP_TRAJECTORY);
  const lossTrace = load<usize>(loop + LOOP_LOSS_TRACE);
  const nonzero = load<usize>(loop + LOOP_NONZERO_COUNTS);
  const rowLen = load<i32>(loop + LOOP_ROW_LEN);
  const mark = load<usize>(loop + LOOP_MARK);
  const rows = load<usize>(loop + LOOP_TOUCHED);
  const rowUpdates = load<u32>(loop + LOOP_ROW_UPDATES) != 0;
  const exactTrace = load<usize>(loop + LOOP_EXACT_LOSS_TRACE);
  const schedule = load<usize>(loop + LOOP_LR_SCHEDULE);
  const fused = load<u32>(loop + LOOP_FUSED) != 0;
  const classTrace = load<usize>(loop + LOOP_CLASS_TRACE);
  const deferred = load<u32>(loop + LOOP_DEFERRED) != 0;
  const classBytes = <usize>load<i32>(loop + LOOP_CLASSES) << 3;
  const touched = rowLen > 0 ? loop + LOOP_ROW_LEN : 0;
  const rng = load<usize>(loop + LOOP_RNG);
  const countFold = load<i32>(loop + LOOP_COUNT_FOLD);
  // Exact lazy Adam on touched rows: the batch's rows must be current before the gradient
  // reads them, so the batch is drawn once to learn its rows (peek), those rows are caught up,
  // and the same draws are replayed (the generator state restored) for the real gradient.
  const peek = rowUpdates && rng != 0 && chainHasLazy(chain, nOps);
  const lazy = chainHasLazy(chain, nOps);
  const rowBytes = <usize>n << 2;
  let t = load<i32>(loop + LOOP_T);
  let cursor = load<i32>(loop + LOOP_CURSOR);
  let pending = -1; // a recorded step whose exact loss comes with this step's pass
  let done = 0;
  while (done < steps) {
    t++;
    if (peek) {
      const r0 = v128.load(rng);
      const r1 = v128.load(rng, 16);
      problemGradient(code, prob, w, g, touched);
      const nPeek = load<i32>(loop + LOOP_N_TOUCHED);
      chainCatchUpRows(chain, nOps, w, rows, nPeek, t - 1);
      clearRows(g, rowLen, mark, rows, nPeek);
      store<i32>(loop + LOOP_N_TOUCHED, 0);
      v128.store(rng, r0);
      v128.store(rng, r1, 16);
    }
    const factor: f32 = schedule != 0 ? lrFactor(schedule, t) : 1.0;
    const classOut = pending >= 0 && classTrace != 0 ? classTrace + <usize>pending * classBytes : 0;
    let loss: f64;
    if (fused) {
      chainPrepare(chain, nOps, t, factor);
      loss = problemStep(code, prob, w, g, touched, chain, nOps, nonzero, classOut);
    } else if (deferred) {
      loss = problemStep(code, prob, w, g, touched, 0, 0, 0, classOut);
    } else {
      loss = problemGradient(code, prob, w, g, touched);
    }
    if (pending >= 0) {
      store<f64>(exactTrace + (<usize>pending << 3), loss);
      pending = -1;
    }
    // Diverged when the loss is NaN/Inf as recorded (f32): a loss finite only in f64 (e.g.
    // 1e60 from targets of 1e30) already means an overflowing gradient (g² = Inf in Adam's v).
    if (!isFinite(<f32>loss)) {
      store<i32>(loop + LOOP_DIVERGED_AT, t);
      break;
    }
    if (!fused) {
      const nRows = load<i32>(loop + LOOP_N_TOUCHED);
      if (nonzero != 0) {
        if (rowLen > 0) countNonzeroRows(g, nonzero, rows, nRows, rowLen, countFold);
        else countNonzeroAll(g, nonzero, n, countFold);
      }
      if (rowUpdates) chainStep(chain, nOps, w, g, n, rows, nRows, rowLen, t, factor);
      else chainStep(chain, nOps, w, g, n, 0, 0, 0, t, factor);
      if (rowLen > 0) {
        clearRows(g, rowLen, mark, rows, nRows);
        if (!rowUpdates) memory.fill(g, 0, rowBytes);
        store<i32>(loop + LOOP_N_TOUCHED, 0);
      }
    }
    if (cursor < nRecord && load<i32>(recordSteps + (<usize>cursor << 2)) == t) {
      if (lazy) chainFlush(chain, nOps, w, t);
      if (traj != 0) copyRow(traj + <usize>cursor * rowBytes, w, rowBytes);
      store<f32>(lossTrace + (<usize>cursor << 2), <f32>loss);
      if (exactTrace != 0) {
        if (deferred) pending = cursor;
        else store<f64>(exactTrace + (<usize>cursor << 3), problemLoss(code, prob, w));
      }
      cursor++;
    }
    done++;
  }
  // The last recorded step of this call gets its exact loss from a pass of its own.
  if (pending >= 0) {
    const out = classTrace != 0 ? classTrace + <usize>pending * classBytes : 0;
    store<f64>(exactTrace + (<usize>pending << 3), out != 0 ? problemClassLoss(code, prob, w, out) : problemLoss(code, prob, w));
  }
  store<i32>(loop + LOOP_T, t - (done < steps ? 1 : 0));
  store<i32>(loop + LOOP_CURSOR, cursor);
  return done;
}
