// Threads for one big run (Node only; exported from zipflab/node): a full-batch step with a
// fused row-local chain splits its rows across worker threads on one shared WebAssembly.Memory
// (build/zipflab-shared.wasm, asconfig target "shared"); the main thread takes a share.
// Bit-identical for any thread count: each row's gradient and update are its own; the loss is
// Σ_i of the row losses in row order (summed here, as the kernel sums them); per-class losses
// go to 16 fixed row blocks' partials, added in block order (CLASS_BLOCKS); the per-class
// non-zero counts go to one u32 array per thread, added up after each call (integer sums:
// any order gives the same counts).
// Everything else falls back to the single-threaded loop (runSteps) on the same memory.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { CLASS_BLOCKS } from "../problems/bigram-softmax/problem.js";
import { Arena } from "../wasm/arena.js";
import type { CoreExports } from "../wasm/exports.js";
import type { Core } from "../wasm/load.js";
import { RUN } from "./block.js";
import { readField } from "../layout/block.js";
import { BIGRAM_SOFTMAX_BLOCK } from "../layout/generated.js";

// control words (Int32): generation, workers done, stop, next block to claim; then the job (Uint32)
const GEN = 0, DONE = 1, STOP = 2, NEXT = 3;
const J_PROB = 4, J_W = 5, J_CHAIN = 6, J_NOPS = 7, J_COUNTS = 8, J_PARTIALS = 9, J_ROWLOSS = 10, J_SCRATCH = 11, J_D = 12;

// The worker: instantiate the module on the shared memory, then run its blocks per generation.
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const { module, memory, control, index } = workerData;
const abort = () => { throw new Error("zipflab-shared.wasm aborted"); };
const ex = new WebAssembly.Instance(module, { env: { memory, abort } }).exports;
const c = new Int32Array(control);
const u = new Uint32Array(control);
let gen = 0;
parentPort.postMessage("ready");
for (;;) {
  Atomics.wait(c, ${GEN}, gen);
  gen = Atomics.load(c, ${GEN});
  if (Atomics.load(c, ${STOP}) === 1) break;
  const d = u[${J_D}], partials = u[${J_PARTIALS}];
  for (let b = Atomics.add(c, ${NEXT}, 1); b < ${CLASS_BLOCKS}; b = Atomics.add(c, ${NEXT}, 1)) {
    const i0 = Math.floor((b * d) / ${CLASS_BLOCKS}), i1 = Math.floor(((b + 1) * d) / ${CLASS_BLOCKS});
    const partial = partials ? partials + 8 * d * b : 0;
    if (partial) new Float64Array(memory.buffer, partial, d).fill(0);
    const counts = u[${J_COUNTS}] ? u[${J_COUNTS}] + 4 * d * index : 0;
    ex.bigramSoftmaxRows(u[${J_PROB}], u[${J_W}], 0, i0, i1, u[${J_SCRATCH}] + 8 * d * index, u[${J_CHAIN}], u[${J_NOPS}], counts, partial, u[${J_ROWLOSS}]);
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
  /** The run loop for runWasm's `runSteps` option: threaded where it can be (first: a new run's first call). */
  runSteps(run: number, steps: number, first: boolean): number;
  close(): Promise<void>;
}

/** A core on shared memory with `threads − 1` workers (the main thread is the last share). */
export async function threadedCore(threads: number): Promise<ThreadedCore> {
  const T = Math.max(1, Math.min(Math.floor(threads), CLASS_BLOCKS));
  const module = new WebAssembly.Module(new Uint8Array(sharedBytes()));
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
  const abort = () => { throw new Error("zipflab-shared.wasm aborted"); };
  const exports = new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as CoreExports;
  const arena = new Arena(memory, exports.heapBase());
  arena.kernels = exports;
  const control = new SharedArrayBuffer(64);
  const c = new Int32Array(control);
  const u = new Uint32Array(control);
  const workers = await Promise.all(Array.from({ length: T - 1 }, (_, j) => new Promise<Worker>((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { module, memory, control, index: j } });
    worker.once("message", () => resolve(worker));
    worker.once("error", reject);
  })));
  let threadedSteps = 0;
  let buffers: { d: number; rowLoss: number; scratch: number; partials: number; counts: number } | null = null;

  /** One full-batch step over all rows, split by blocks; returns Σ row losses in row order. */
  function step(prob: number, w: number, chain: number, nOps: number, counting: boolean, classOut: number, d: number): number {
    const { rowLoss, scratch, partials, counts } = buffers!;
    const job = [prob, w, chain, nOps, counting ? counts : 0, classOut ? partials : 0, rowLoss, scratch, d];
    job.forEach((v, j) => { u[J_PROB + j] = v; });
    Atomics.store(c, DONE, 0);
    Atomics.store(c, NEXT, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    // Blocks are claimed one at a time (an atomic counter), not dealt out in equal shares: on
    // this VM one core can run 20% slower than the other for a while, and the faster thread
    // then takes more blocks. Which thread runs a block does not change its bits.
    const me = T - 1;
    for (let b = Atomics.add(c, NEXT, 1); b < CLASS_BLOCKS; b = Atomics.add(c, NEXT, 1)) {
      const i0 = Math.floor((b * d) / CLASS_BLOCKS), i1 = Math.floor(((b + 1) * d) / CLASS_BLOCKS);
      const partial = classOut ? partials + 8 * d * b : 0;
      if (partial) new Float64Array(memory.buffer, partial, d).fill(0);
      exports.bigramSoftmaxRows(prob, w, 0, i0, i1, scratch + 8 * d * me, chain, nOps, counting ? counts + 4 * d * me : 0, partial, rowLoss);
    }
    for (let done = Atomics.load(c, DONE); done < T - 1; done = Atomics.load(c, DONE)) Atomics.wait(c, DONE, done);
    const losses = new Float64Array(memory.buffer, rowLoss, d);
    let loss = 0;
    for (let i = 0; i < d; i++) loss += losses[i];
    if (classOut) for (let b = 0; b < CLASS_BLOCKS; b++) exports.addClassPartial(classOut, partials + 8 * d * b, d);
    return loss;
  }

  // Twin of assembly/loop.ts for a fused full batch (the only case threaded here).
  function runSteps(run: number, steps: number, first: boolean): number {
    let v = new DataView(memory.buffer);
    const at = (f: keyof typeof RUN) => v.getUint32(run + RUN[f], true);
    const fused = at("fused") !== 0 && at("rowLen") === 0 && at("trajectory") === 0;
    if (T === 1 || !fused) return exports.runSteps(run, steps);
    const [code, prob, chain, nOps, w, counts, schedule] = (["code", "problem", "chain", "nOps", "w", "counts", "lrSchedule"] as const).map(at);
    const [recordSteps, nRecord, lossTrace, exactTrace, classTrace, classes] = (["recordSteps", "nRecord", "lossTrace", "exactLossTrace", "classTrace", "classes"] as const).map(at);
    const deferred = at("deferred") !== 0;
    const d = readField(v, prob, BIGRAM_SOFTMAX_BLOCK, "d");
    if (first || !buffers) {
      // after the run's own layout (runWasm resets the arena for each run)
      buffers = { d, rowLoss: arena.alloc(8 * d), scratch: arena.alloc(8 * d * T), partials: arena.alloc(8 * d * CLASS_BLOCKS), counts: arena.alloc(4 * d * T) };
      v = new DataView(memory.buffer);
    }
    new Uint32Array(memory.buffer, buffers.counts, d * T).fill(0);
    let t = v.getInt32(run + RUN.t, true);
    let cursor = v.getInt32(run + RUN.cursor, true);
    let pending = -1;
    let done = 0;
    while (done < steps) {
      t++;
      const factor = schedule !== 0 ? exports.lrFactor(schedule, t) : 1;
      exports.chainPrepare(chain, nOps, t, factor);
      const classOut = pending >= 0 && classTrace !== 0 ? classTrace + pending * classes * 8 : 0;
      const loss = step(prob, w, chain, nOps, counts !== 0, classOut, d);
      v = new DataView(memory.buffer);
      if (pending >= 0) {
        v.setFloat64(exactTrace + 8 * pending, loss, true);
        pending = -1;
      }
      // Diverged as the one-thread loop judges it: NaN/Inf as recorded (f32).
      if (!Number.isFinite(Math.fround(loss))) {
        v.setInt32(run + RUN.divergedAt, t, true);
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
      // the threads' per-class counts (countFold = d) into the run's
      const total = new Uint32Array(memory.buffer, counts, d);
      const parts = new Uint32Array(memory.buffer, buffers.counts, d * T);
      for (let j = 0; j < T; j++) for (let k = 0; k < d; k++) total[k] += parts[j * d + k];
    }
    v = new DataView(memory.buffer);
    v.setInt32(run + RUN.t, t - (done < steps ? 1 : 0), true);
    v.setInt32(run + RUN.cursor, cursor, true);
    return done;
  }

  return {
    exports, arena, threads: T, runSteps,
    get threadedSteps() { return threadedSteps; },
    async close() {
      Atomics.store(c, STOP, 1);
      Atomics.add(c, GEN, 1);
      Atomics.notify(c, GEN);
      await Promise.all(workers.map((wk) => new Promise((resolve) => wk.once("exit", resolve))));
    },
  };
}
