// The run loop: many steps per call, no JS round trip per step.
//   for each step t: gradient (problem kernel) → divergence check → non-zero counts
//                    → schedule factor → optimizer chain (dense, or over the touched rows)
//                    → clear the gradient → record (at the scheduled steps)
//
// Run block (src/run/block.ts mirrors it), all 4-byte fields:
//   +0 problem code   +4 problem ptr   +8 chain ptr   +12 nOps
//   +16 w ptr         +20 g ptr        +24 n          +28 t (steps done; advanced here)
//   +32 record-steps ptr (i32, ascending)  +36 nRecord  +40 record cursor (advanced here)
//   +44 trajectory ptr (f32 nRecord×n; 0 = weights not recorded)  +48 loss-trace ptr (f32 nRecord)
//   +52 non-zero-gradient counts ptr (u32 n, 0 = off)
//   +56 diverged at step (i32, 0 = finite so far)  +60 last batch loss (f32)
//   Touched-row block, the problem kernel's view (+64 is passed to it):
//   +64 rowLen (i32; 0 = the problem writes all of g)  +68 mark ptr (u8 per row)
//   +72 touched-rows ptr (i32 per row)  +76 nTouched (i32; set by the kernel each step)
//   +80 row updates (u32; 1 = the optimizer visits only the touched rows)
//   +84 exact-loss trace ptr (f64 nRecord; 0 = off): L(w_t) after each recorded step
//   +88 learning-rate schedule ptr (0 = factor 1; optimizers/lr-schedule.ts)
//   +92 last schedule factor (f32)
//   +96 fused (u32; 1 = the problem kernel runs the row-local chain on each row it computes)
//   +100 class-loss trace ptr (f64 nRecord × classes; 0 = off): raw per-class loss sums
//   +104 deferred (u32; 1 = the step's loss is the exact L at the weights it starts from, so
//        L(w_t) of a recorded step t — and its class losses — come with step t + 1's pass)
//   +108 classes (i32)
//   +112 rng ptr (the generator state the problem draws from; read for exact lazy Adam's peek)
//
// Row-sparse problems (rowLen > 0) get g zero on entry and leave it zero outside the rows
// they list; after the step the loop zeroes those rows again (clearRows) — or, when the
// optimizer ran densely (its transforms may write u everywhere), all of g.
import { problemClassLoss, problemGradient, problemLoss, problemStep } from "./problems/dispatch";
import { chainCatchUpRows, chainFlush, chainHasLazy, chainPrepare, chainStep } from "./optimizers/chain";
import { lrFactor } from "./optimizers/lr-schedule";
import { clearRows } from "./sparse/scatter";

export const RUN_BYTES: usize = 116;
export const RUN_TOUCHED: usize = 64;

function countNonzero(g: usize, counts: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    store<u32>(counts + o, load<u32>(counts + o) + <u32>(load<f32>(g + o) != 0));
  }
}

/** Counts over the listed rows only: g is zero elsewhere. */
function countNonzeroRows(g: usize, counts: usize, rows: usize, nRows: i32, rowLen: i32): void {
  for (let r = 0; r < nRows; r++) {
    const off = <usize>load<i32>(rows + (<usize>r << 2)) * <usize>rowLen << 2;
    countNonzero(g + off, counts + off, rowLen);
  }
}

/** Runs up to `steps` steps; returns how many ran (fewer if the loss went NaN/Inf). */
export function runSteps(run: usize, steps: i32): i32 {
  const code = load<u32>(run, 0);
  const prob = load<usize>(run, 4);
  const chain = load<usize>(run, 8);
  const nOps = load<i32>(run, 12);
  const w = load<usize>(run, 16);
  const g = load<usize>(run, 20);
  const n = load<i32>(run, 24);
  const recordSteps = load<usize>(run, 32);
  const nRecord = load<i32>(run, 36);
  const traj = load<usize>(run, 44);
  const lossTrace = load<usize>(run, 48);
  const counts = load<usize>(run, 52);
  const rowLen = load<i32>(run, 64);
  const mark = load<usize>(run, 68);
  const rows = load<usize>(run, 72);
  const rowUpdates = load<u32>(run, 80) != 0;
  const exactTrace = load<usize>(run, 84);
  const schedule = load<usize>(run, 88);
  const fused = load<u32>(run, 96) != 0;
  const classTrace = load<usize>(run, 100);
  const deferred = load<u32>(run, 104) != 0;
  const classBytes = <usize>load<i32>(run, 108) << 3;
  const touched = rowLen > 0 ? run + RUN_TOUCHED : 0;
  const rng = load<usize>(run, 112);
  // Exact lazy Adam on touched rows: the batch's rows must be current before the gradient
  // reads them, so the batch is drawn once to learn its rows (peek), those rows are caught up,
  // and the same draws are replayed (the generator state restored) for the real gradient.
  const peek = rowUpdates && rng != 0 && chainHasLazy(chain, nOps);
  const lazy = chainHasLazy(chain, nOps);
  const rowBytes = <usize>n << 2;
  let t = load<i32>(run, 28);
  let cursor = load<i32>(run, 40);
  let pending = -1; // a recorded step whose exact loss comes with this step's pass
  let done = 0;
  while (done < steps) {
    t++;
    if (peek) {
      const r0 = v128.load(rng);
      const r1 = v128.load(rng, 16);
      problemGradient(code, prob, w, g, touched);
      const nPeek = load<i32>(run, 76);
      chainCatchUpRows(chain, nOps, w, rows, nPeek, t - 1);
      clearRows(g, rowLen, mark, rows, nPeek);
      store<i32>(run, 0, 76);
      v128.store(rng, r0);
      v128.store(rng, r1, 16);
    }
    const factor: f32 = schedule != 0 ? lrFactor(schedule, t) : 1.0;
    const classOut = pending >= 0 && classTrace != 0 ? classTrace + <usize>pending * classBytes : 0;
    let loss: f64;
    if (fused) {
      chainPrepare(chain, nOps, t, factor);
      loss = problemStep(code, prob, w, g, touched, chain, nOps, counts, classOut);
    } else if (deferred) {
      loss = problemStep(code, prob, w, g, touched, 0, 0, 0, classOut);
    } else {
      loss = problemGradient(code, prob, w, g, touched);
    }
    store<f32>(run, <f32>loss, 60);
    if (pending >= 0) {
      store<f64>(exactTrace + (<usize>pending << 3), loss);
      pending = -1;
    }
    // Diverged when the loss is NaN/Inf as recorded (f32): a loss finite only in f64 (e.g.
    // 1e60 from targets of 1e30) already means an overflowing gradient (g² = Inf in Adam's v).
    if (!isFinite(<f32>loss)) {
      store<i32>(run, t, 56);
      break;
    }
    store<f32>(run, factor, 92);
    if (!fused) {
      const nRows = load<i32>(run, 76);
      if (counts != 0) {
        if (rowLen > 0) countNonzeroRows(g, counts, rows, nRows, rowLen);
        else countNonzero(g, counts, n);
      }
      if (rowUpdates) chainStep(chain, nOps, w, g, n, rows, nRows, rowLen, t, factor);
      else chainStep(chain, nOps, w, g, n, 0, 0, 0, t, factor);
      if (rowLen > 0) {
        clearRows(g, rowLen, mark, rows, nRows);
        if (!rowUpdates) memory.fill(g, 0, rowBytes);
        store<i32>(run, 0, 76);
      }
    }
    if (cursor < nRecord && load<i32>(recordSteps + (<usize>cursor << 2)) == t) {
      if (lazy) chainFlush(chain, nOps, w, t);
      if (traj != 0) memory.copy(traj + <usize>cursor * rowBytes, w, rowBytes);
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
  store<i32>(run, t - (done < steps ? 1 : 0), 28);
  store<i32>(run, cursor, 40);
  return done;
}
