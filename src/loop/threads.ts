// Threads for one big run (Node only; exported from zipflab/node): a full-batch step with a
// fused row-local chain (LoopPlan.threadRows: a problem with a `rows` kernel, the bigram softmax)
// splits its rows across worker threads on one shared WebAssembly.Memory
// (build/zipflab-shared.wasm, asconfig target "shared"); the main thread takes a share.
// Bit-identical for any thread count: each row's gradient and update are its own; the loss is
// Σ_i of the row losses in row order (summed here, as the kernel sums them); per-class losses
// go to CLASS_BLOCKS fixed row blocks' partials, added in block order; the per-class
// non-zero counts go to one u32 array per thread, added up after each call (integer sums:
// any order gives the same counts).
// Everything else falls back to the single-threaded loop (runSteps) on the same memory.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { Arena } from "../wasm/arena.js";
import type { CoreExports } from "../wasm/exports.js";
import type { Core } from "../wasm/load.js";
import { readField, writeBlock } from "../layout/block.js";
import { CLASS_BLOCKS, LOOP_BLOCK, THREAD_CHUNK_ROWS, THREAD_CONTROL_BLOCK, THREAD_JOB_BLOCK } from "../layout/generated.js";
import { layoutThreadBuffers, type ThreadBuffers } from "./thread-buffers.js";
import type { LoopPlan } from "./types.js";

const C = THREAD_CONTROL_BLOCK.fields;
const J = THREAD_JOB_BLOCK.fields;
/** Int32 index of a control word (Atomics work on indices). */
const GEN = C.generation.offset / 4,
  DONE = C.done.offset / 4,
  STOP = C.stop.offset / 4,
  NEXT = C.next.offset / 4;

// The worker: instantiate the module on the shared memory, then run its blocks per generation
// (the job block at `job`, written by the main thread through writeBlock).
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const { module, memory, control, job, index } = workerData;
const abort = () => { throw new Error("zipflab-shared.wasm aborted"); };
const ex = new WebAssembly.Instance(module, { env: { memory, abort } }).exports;
const c = new Int32Array(control);
let gen = 0;
parentPort.postMessage("ready");
for (;;) {
  Atomics.wait(c, ${GEN}, gen);
  gen = Atomics.load(c, ${GEN});
  if (Atomics.load(c, ${STOP}) === 1) break;
  const v = new DataView(job);
  const u = (f) => v.getUint32(f, true);
  const rows = u(${J.rows.offset}), classes = u(${J.classes.offset}), partials = u(${J.partials.offset}), blocks = u(${J.blocks.offset});
  for (let b = Atomics.add(c, ${NEXT}, 1); b < blocks; b = Atomics.add(c, ${NEXT}, 1)) {
    const i0 = partials ? Math.floor((b * rows) / ${CLASS_BLOCKS}) : b * ${THREAD_CHUNK_ROWS};
    const i1 = partials ? Math.floor(((b + 1) * rows) / ${CLASS_BLOCKS}) : Math.min(rows, (b + 1) * ${THREAD_CHUNK_ROWS});
    const partial = partials ? partials + 8 * classes * b : 0;
    if (partial) new Float64Array(memory.buffer, partial, classes).fill(0);
    const counts = u(${J.nonzeroCounts.offset}) ? u(${J.nonzeroCounts.offset}) + 4 * u(${J.countLen.offset}) * index : 0;
    ex.problemRows(u(${J.code.offset}), u(${J.problem.offset}), u(${J.w.offset}), 0, i0, i1, u(${J.scratch.offset}) + u(${J.scratchBytes.offset}) * index,
      u(${J.chain.offset}), u(${J.nOps.offset}), counts, partial, u(${J.rowLoss.offset}));
  }
  Atomics.add(c, ${DONE}, 1);
  Atomics.notify(c, ${DONE});
}
`;

/** The bytes of build/zipflab-shared.wasm (the core built for shared memory and atomics). */
export function sharedBytes(): Uint8Array {
  for (const rel of ["../../build/zipflab-shared.wasm", "../../../build/zipflab-shared.wasm"]) {
    try {
      return readFileSync(fileURLToPath(new URL(rel, import.meta.url)));
    } catch {
      // try the next depth (sources vs dist)
    }
  }
  throw new Error("zipflab-shared.wasm not found; run `npm run build:wasm`");
}

export interface ThreadedCore extends Core {
  readonly threads: number;
  /** Steps run split across the threads so far (the rest ran the single-threaded loop). */
  readonly threadedSteps: number;
  /** The step loop for runWasm's `runSteps` option: threaded where the plan allows (first: a new run's first call). */
  runSteps(loop: number, steps: number, first: boolean, plan: LoopPlan): number;
  close(): Promise<void>;
}

/** A core on shared memory with `threads − 1` workers (the main thread is the last share). */
export async function threadedCore(threads: number): Promise<ThreadedCore> {
  const T = Math.max(1, Math.min(Math.floor(threads), CLASS_BLOCKS));
  const module = new WebAssembly.Module(new Uint8Array(sharedBytes()));
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
  const abort = () => {
    throw new Error("zipflab-shared.wasm aborted");
  };
  const exports = new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as CoreExports;
  const arena = new Arena(memory, exports.heapBase());
  arena.kernels = exports;
  const control = new SharedArrayBuffer(THREAD_CONTROL_BLOCK.bytes);
  const c = new Int32Array(control);
  const job = new SharedArrayBuffer(THREAD_JOB_BLOCK.bytes);
  const jobView = new DataView(job);
  const workers = await Promise.all(
    Array.from(
      { length: T - 1 },
      (_, j) =>
        new Promise<Worker>((resolve, reject) => {
          const worker = new Worker(WORKER, { eval: true, workerData: { module, memory, control, job, index: j } });
          worker.once("message", () => resolve(worker));
          worker.once("error", reject);
        }),
    ),
  );
  let threadedSteps = 0;
  let buffers: ThreadBuffers | null = null;

  /**
   * One full-batch step over all rows, split by blocks: the CLASS_BLOCKS class blocks when class
   * losses are recorded (their partials are added in block order), else chunks of
   * THREAD_CHUNK_ROWS rows. Returns Σ row losses in row order.
   */
  function step(values: Parameters<typeof writeBlock<keyof typeof THREAD_JOB_BLOCK.fields>>[3]): number {
    writeBlock(jobView, 0, THREAD_JOB_BLOCK, values);
    const { rows, classes, partials, rowLoss, blocks } = values;
    Atomics.store(c, DONE, 0);
    Atomics.store(c, NEXT, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    // Blocks are claimed one at a time (an atomic counter), not dealt out in equal shares: on
    // this VM one core can run 20% slower than the other for a while, and the faster thread
    // then takes more blocks. Which thread runs a block does not change its bits.
    const me = T - 1;
    for (let b = Atomics.add(c, NEXT, 1); b < blocks; b = Atomics.add(c, NEXT, 1)) {
      const i0 = partials ? Math.floor((b * rows) / CLASS_BLOCKS) : b * THREAD_CHUNK_ROWS;
      const i1 = partials ? Math.floor(((b + 1) * rows) / CLASS_BLOCKS) : Math.min(rows, (b + 1) * THREAD_CHUNK_ROWS);
      const partial = partials ? partials + 8 * classes * b : 0;
      if (partial) new Float64Array(memory.buffer, partial, classes).fill(0);
      exports.problemRows(
        values.code,
        values.problem,
        values.w,
        0,
        i0,
        i1,
        values.scratch + values.scratchBytes * me,
        values.chain,
        values.nOps,
        values.nonzeroCounts ? values.nonzeroCounts + 4 * values.countLen * me : 0,
        partial,
        rowLoss,
      );
    }
    for (let done = Atomics.load(c, DONE); done < T - 1; done = Atomics.load(c, DONE)) Atomics.wait(c, DONE, done);
    const losses = new Float64Array(memory.buffer, rowLoss, rows);
    let loss = 0;
    for (let i = 0; i < rows; i++) loss += losses[i];
    return loss;
  }

  // Twin of assembly/loop.ts for a fused full batch (the only case threaded here).
  function runSteps(loop: number, steps: number, first: boolean, plan: LoopPlan): number {
    const rows = plan.threadRows;
    if (T === 1 || rows === null) return exports.runSteps(loop, steps);
    let v = new DataView(memory.buffer);
    const field = (f: keyof typeof LOOP_BLOCK.fields) => readField(v, loop, LOOP_BLOCK, f);
    const [code, prob, chain, nOps, w, counts, schedule, countFold] = (
      ["code", "problem", "chain", "nOps", "w", "nonzeroCounts", "lrSchedule", "countFold"] as const
    ).map(field);
    const [recordSteps, nRecord, lossTrace, exactTrace, classTrace, classes] = (
      ["recordSteps", "nRecord", "lossTrace", "exactLossTrace", "classTrace", "classes"] as const
    ).map(field);
    const deferred = field("deferred") !== 0;
    const countLen = countFold || rows.rows;
    if (first || !buffers) {
      // after the run's own layout (runWasm resets the arena for each run)
      buffers = layoutThreadBuffers(arena, rows, countLen, T);
      v = new DataView(memory.buffer);
    }
    const b = buffers;
    new Uint32Array(memory.buffer, b.counts, countLen * T).fill(0);
    let t = field("t");
    let cursor = field("cursor");
    let pending = -1;
    let done = 0;
    while (done < steps) {
      t++;
      const factor = schedule !== 0 ? exports.lrFactor(schedule, t) : 1;
      exports.chainPrepare(chain, nOps, t, factor);
      const classOut = pending >= 0 && classTrace !== 0 ? classTrace + pending * classes * 8 : 0;
      const loss = step({
        code,
        problem: prob,
        w,
        chain,
        nOps,
        nonzeroCounts: counts !== 0 ? b.counts : 0,
        partials: classOut ? b.partials : 0,
        rowLoss: b.rowLoss,
        scratch: b.scratch,
        rows: rows.rows,
        classes: rows.classes,
        countLen,
        scratchBytes: rows.scratchBytes,
        blocks: classOut ? CLASS_BLOCKS : Math.ceil(rows.rows / THREAD_CHUNK_ROWS),
      });
      if (classOut)
        for (let k = 0; k < CLASS_BLOCKS; k++) exports.addClassPartial(classOut, b.partials + 8 * rows.classes * k, rows.classes);
      v = new DataView(memory.buffer);
      if (pending >= 0) {
        v.setFloat64(exactTrace + 8 * pending, loss, true);
        pending = -1;
      }
      // Diverged as the one-thread loop judges it: NaN/Inf as recorded (f32).
      if (!Number.isFinite(Math.fround(loss))) {
        v.setInt32(loop + LOOP_BLOCK.fields.divergedAt.offset, t, true);
        break;
      }
      if (cursor < nRecord && v.getInt32(recordSteps + 4 * cursor, true) === t) {
        v.setFloat32(lossTrace + 4 * cursor, loss, true);
        if (exactTrace !== 0) {
          if (deferred) pending = cursor;
          else v.setFloat64(exactTrace + 8 * cursor, exports.problemLoss(code, prob, w), true);
        }
        cursor++;
      }
      done++;
      threadedSteps++;
    }
    if (pending >= 0) {
      const out = classTrace !== 0 ? classTrace + pending * classes * 8 : 0;
      const exact = out !== 0 ? exports.problemClassLoss(code, prob, w, out) : exports.problemLoss(code, prob, w);
      new DataView(memory.buffer).setFloat64(exactTrace + 8 * pending, exact, true);
    }
    if (counts !== 0) {
      // the threads' per-class counts into the run's
      const total = new Uint32Array(memory.buffer, counts, countLen);
      const parts = new Uint32Array(memory.buffer, b.counts, countLen * T);
      for (let j = 0; j < T; j++) for (let k = 0; k < countLen; k++) total[k] += parts[j * countLen + k];
    }
    v = new DataView(memory.buffer);
    v.setInt32(loop + LOOP_BLOCK.fields.t.offset, t - (done < steps ? 1 : 0), true);
    v.setInt32(loop + LOOP_BLOCK.fields.cursor.offset, cursor, true);
    return done;
  }

  return {
    exports,
    arena,
    threads: T,
    runSteps,
    get threadedSteps() {
      return threadedSteps;
    },
    async close() {
      Atomics.store(c, STOP, 1);
      Atomics.add(c, GEN, 1);
      Atomics.notify(c, GEN);
      await Promise.all(workers.map((wk) => new Promise((resolve) => wk.once("exit", resolve))));
    },
  };
}
