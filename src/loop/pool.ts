// A core whose kernels may split work across threads (Node only; exported from zipflab/node):
// build/zipflab-shared.wasm on one shared WebAssembly.Memory, with `threads − 1` worker
// threads each running the same module on it. A kernel hands the pool a job with
// parallelFor (assembly/parallel.ts); the calling thread takes a share and waits for the
// rest, all inside WebAssembly (atomic wait/notify on the pool's control block). The run
// loop itself (runSteps) is unchanged, and a kernel that combines its tasks' results in task
// order gives the same bits for any thread count (the transformer does).
import { Worker } from "node:worker_threads";
import { POOL_BLOCK } from "../layout/generated.js";
import { Arena, align } from "../wasm/arena.js";
import type { CoreExports } from "../wasm/exports.js";
import type { Core } from "../wasm/load.js";
import { sharedBytes } from "./threads.js";

const F = POOL_BLOCK.fields;
const word = (field: keyof typeof F, control: number) => (control + F[field].offset) >> 2;

// A worker: the module on the shared memory, then the pool's loop until it is stopped. A trap
// marks the pool failed and counts the worker done, so that the caller's wait ends.
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const { module, memory, control, index, words } = workerData;
const abort = () => { throw new Error("zipflab-shared.wasm aborted"); };
const ex = new WebAssembly.Instance(module, { env: { memory, abort } }).exports;
parentPort.postMessage("ready");
try {
  ex.poolWorker(control, index);
} catch (e) {
  const c = new Int32Array(memory.buffer);
  Atomics.store(c, words.failed, 1);
  Atomics.add(c, words.done, 1);
  Atomics.notify(c, words.done);
  Atomics.notify(c, words.turn);
  parentPort.postMessage(String(e && e.stack || e));
}
`;

export interface PoolCore extends Core {
  /** Threads a parallel kernel runs on (the calling thread and the workers). */
  readonly threads: number;
  /** Stops the workers (after a failure too); the core must not be used afterwards. */
  close(): Promise<void>;
}

/** A core with a pool of `threads` threads (threads − 1 workers; 1: no worker, the same core on shared memory). */
export async function poolCore(threads: number): Promise<PoolCore> {
  const T = Math.max(1, Math.floor(threads));
  const module = new WebAssembly.Module(new Uint8Array(sharedBytes()));
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true });
  const abort = () => {
    throw new Error("zipflab-shared.wasm aborted");
  };
  const exports = new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as CoreExports;
  // the control block sits below the arena, which every run resets
  const control = align(exports.heapBase(), 16);
  const arena = new Arena(memory, control + POOL_BLOCK.bytes);
  arena.kernels = exports;
  const c = new Int32Array(memory.buffer);
  Atomics.store(c, word("workers", control), T - 1);
  const words = { failed: word("failed", control), done: word("done", control), turn: word("turn", control) };
  const failures: string[] = [];
  const exited: Promise<unknown>[] = [];
  const workers = await Promise.all(
    Array.from(
      { length: T - 1 },
      (_, j) =>
        new Promise<Worker>((resolve, reject) => {
          const worker = new Worker(WORKER, { eval: true, workerData: { module, memory, control, index: j + 1, words } });
          exited.push(new Promise((done) => worker.once("exit", done)));
          worker.once("message", () => {
            worker.on("message", (m: string) => failures.push(m));
            resolve(worker);
          });
          worker.once("error", reject);
        }),
    ),
  );
  exports.poolAttach(control);
  let closed = false;
  return {
    exports,
    arena,
    threads: T,
    async close() {
      if (closed) return;
      closed = true;
      // release any thread waiting for a turn (a task that trapped never passes it), then stop
      Atomics.store(c, words.failed, 1);
      Atomics.notify(c, words.turn);
      Atomics.store(c, word("stop", control), 1);
      Atomics.add(c, word("generation", control), 1);
      Atomics.notify(c, word("generation", control));
      await Promise.all(exited);
      void workers;
      if (failures.length > 0) throw new Error(`a pool worker failed: ${failures[0]}`);
    },
  };
}
