// The <zipflab-demo> worker: its own WASM instance, runs one experiment per message and
// streams progress and partial results (for live curves) back to the element.
import { ConfigError } from "../../src/config/fields.js";
import { runProblemExperiment } from "../../src/experiments/run/run.js";
import { runTokensExperiment } from "../../src/experiments/tokens/run.js";
import { loadCore } from "../../src/wasm/load.js";
import type { ExperimentRequest } from "./attributes.js";
import { type FromWorker, resultJson } from "./protocol.js";

/** Partial results at most this often: each costs a copy of the state and a chart redraw. */
const PARTIAL_EVERY_MS = 250;
const PROGRESS_EVERY_MS = 50;

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<{ id: number; request: ExperimentRequest }>) => void) | null;
}

async function run(scope: WorkerScope, id: number, request: ExperimentRequest, wasmUrl: URL): Promise<void> {
  await loadCore(wasmUrl);
  let lastProgress = -Infinity;
  let lastPartial = performance.now();
  const onProgress = (done: number, total: number) => {
    const now = performance.now();
    if (now - lastProgress < PROGRESS_EVERY_MS && done < total) return;
    lastProgress = now;
    scope.postMessage({ id, type: "progress", done, total });
  };
  const onPartial = (partial: () => unknown) => {
    const now = performance.now();
    if (now - lastPartial < PARTIAL_EVERY_MS) return;
    lastPartial = now;
    scope.postMessage({ id, type: "partial", json: resultJson(partial()) });
  };
  const start = performance.now();
  // The CLI's backend (wasm), so the numbers are the CLI's.
  const result = request.kind === "tokens"
    ? await runTokensExperiment(request.input, { backend: "wasm", onProgress, onPartial })
    : await runProblemExperiment(request.input, { backend: "wasm", onProgress, onPartial });
  const ms = performance.now() - start;
  scope.postMessage({ id, type: "result", json: resultJson(result), ms });
}

export function startWorker(wasmUrl: URL): void {
  const scope = self as unknown as WorkerScope;
  scope.onmessage = (event) => {
    const { id, request } = event.data;
    run(scope, id, request, wasmUrl).catch((e: unknown) => {
      const named = e instanceof ConfigError || e instanceof RangeError;
      scope.postMessage({ id, type: "error", message: named ? `zipflab: error: ${(e as Error).message}` : `zipflab: ${String(e)}` });
    });
  };
  scope.postMessage({ id: 0, type: "ready" });
}
