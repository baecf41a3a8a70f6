// Runs cells on worker threads plus the main thread. Each worker is a separate JS realm with
// its own WASM instance (loadCore caches per thread); all threads claim cells from one shared
// counter (claim.ts). Summaries reach `onResult` on the main thread, in completion order.
import { Worker } from "node:worker_threads";
import { claimCells, exhaust, type PoolMessage, type WorkerInput } from "./claim.js";
import { getRunner, type RunnerTable } from "./cell-runner.js";
import type { CellConfig, CellSummary } from "../tuning/cell.js";

export interface PoolOptions {
  /** Threads in all, the main thread included (1 = no workers). */
  threads: number;
  onResult(position: number, summary: CellSummary): void;
}

/**
 * The built package runs the table's compiled worker module. Run from the TypeScript sources
 * (as under vitest) there is none: a bootstrap then loads its .ts through a transpiling module
 * hook, so tests always exercise the current sources, never a stale build.
 */
function startWorker(table: RunnerTable, input: WorkerInput): Worker {
  const fromSource = import.meta.url.endsWith(".ts");
  const script = fromSource ? new URL("./worker-from-source.mjs", import.meta.url) : table.workerModule;
  const entry = fromSource ? table.workerModule.href.replace(/\.js$/, ".ts") : undefined;
  return new Worker(script, { workerData: { ...input, entry } });
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function runPool(table: RunnerTable | null, problem: string, cells: CellConfig[], options: PoolOptions): Promise<void> {
  const total = cells.length;
  if (!table) throw new Error("runPool: a sweep re-expanded from a results file has no runners; expand its spec with a RunnerTable");
  const runner = getRunner(table, problem);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const workers = Array.from({ length: Math.max(0, Math.min(options.threads, total) - 1) }, () =>
    startWorker(table, { problem, cells, counter: counter.buffer as SharedArrayBuffer }),
  );
  let failure: unknown = null;
  const fail = (e: unknown) => {
    failure ??= e;
    exhaust(counter, total);
    for (const w of workers) void w.terminate();
  };
  const deliver = (position: number, summary: CellSummary) => {
    try {
      options.onResult(position, summary);
    } catch (e) {
      fail(e);
    }
  };

  const workersDone = workers.map(
    (worker) =>
      new Promise<void>((resolve) => {
        worker.on("message", (m: PoolMessage) => {
          if (m.kind === "result") deliver(m.position, m.summary);
          else if (m.kind === "error") fail(new Error(`a sweep worker failed: ${m.message}`));
        });
        worker.on("error", fail);
        worker.on("exit", (code) => {
          if (code !== 0 && failure === null) fail(new Error(`a sweep worker exited with code ${code}`));
          resolve();
        });
      }),
  );
  const mainDone = claimCells(counter, total, async (position) => {
    deliver(position, await runner.run(cells[position]));
    // Worker results queue up as messages while this thread computes; take them in now.
    await yieldToEventLoop();
  }).catch(fail);

  await Promise.all([mainDone, ...workersDone]);
  if (failure !== null) throw failure;
}
