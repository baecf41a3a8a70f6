// A sweep worker thread: claims cells from the shared counter until none are left, runs each
// with its problem's runner (on this thread's own WASM instance) and posts the summary back.
import { parentPort, workerData } from "node:worker_threads";
import { claimCells, type PoolMessage, type WorkerInput } from "./claim.js";
import { getRunner } from "../experiments/sweep-runners.js";
// Problems on a corpus (brown, files) need the Node corpus loader in the worker too.
import "../corpus/node/load.js";

const input = workerData as WorkerInput;
const runner = getRunner(input.problem);
const post = (message: PoolMessage) => parentPort!.postMessage(message);

try {
  await claimCells(new Int32Array(input.counter), input.cells.length, async (position) => {
    post({ kind: "result", position, summary: await runner.run(input.cells[position]) });
  });
  post({ kind: "done" });
} catch (e) {
  post({ kind: "error", message: (e as Error).stack ?? String(e) });
}
