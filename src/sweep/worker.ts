// The loop of a sweep worker thread: claims cells from the shared counter until none are left,
// runs each with its problem's runner (on this thread's own WASM instance) and posts the
// summary back. The thread's module (a RunnerTable's workerModule) calls serveCells with its table.
import { parentPort, workerData } from "node:worker_threads";
import { claimCells, type PoolMessage, type WorkerInput } from "./claim.js";
import { getRunner, type RunnerTable } from "./cell-runner.js";

export async function serveCells(table: RunnerTable): Promise<void> {
  const input = workerData as WorkerInput;
  const post = (message: PoolMessage) => parentPort!.postMessage(message);
  try {
    const runner = getRunner(table, input.problem);
    await claimCells(new Int32Array(input.counter), input.cells.length, async (position) => {
      post({ kind: "result", position, summary: await runner.run(input.cells[position]) });
    });
    post({ kind: "done" });
  } catch (e) {
    post({ kind: "error", message: (e as Error).stack ?? String(e) });
  }
}
