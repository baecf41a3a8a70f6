// The <zipflab-demo> workers (the module itself, loaded as a worker). A "run" message runs
// one experiment on the worker's own WASM instance and streams progress and partial results;
// a "draw" message renders a result's figure to SVG. The element keeps one worker of each
// kind, so figures are drawn while the (synchronous) run loop goes on.
import { runProblemExperiment } from "../../src/experiments/run/run.js";
import { runTokensExperiment } from "../../src/experiments/tokens/run.js";
import { loadCore } from "../../src/wasm/load.js";
import { isRegisteredCorpus, registerCorpusTypes } from "../../src/corpus/registry.js";
import { unpackBrown } from "../../src/corpus/brown-pack.js";
import { brownTypeCountsFromBytes } from "../../src/corpus/brown-bytes.js";
import { problemDefaults } from "../../src/problems/registry.js";
import { renderFigure } from "./figure.js";
import { type FromWorker, type ToWorker, resultJson } from "./protocol.js";
import { ConfigError } from "../../src/config/error.js";

const PROGRESS_EVERY_MS = 50;
/** A partial result costs a copy of the state and a drawing: at most this often. */
const PARTIAL_EVERY_MS = 250;

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

/**
 * The Brown corpus for a problem that reads it (the transformer's default): fetched once from
 * next to the module (corpus/brown.bin.gz, built by web/build.mjs), tokenized as the CLI does.
 */
async function ensureBrown(wasmUrl: URL): Promise<void> {
  if (isRegisteredCorpus("brown")) return;
  const response = await fetch(new URL("corpus/brown.bin.gz", wasmUrl));
  if (!response.ok || !response.body) throw new Error(`could not fetch the Brown corpus: HTTP ${response.status}`);
  const bytes = new Uint8Array(await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
  const files = unpackBrown(bytes);
  registerCorpusTypes("brown", brownTypeCountsFromBytes(files), { tokenizer: "brown", files: files.length });
}

async function run(scope: WorkerScope, id: number, message: Extract<ToWorker, { type: "run" }>, wasmUrl: URL): Promise<void> {
  await loadCore(wasmUrl);
  const { request } = message;
  if (request.kind === "run") {
    const corpus = request.input.config?.corpus ?? problemDefaults(request.input.problem).corpus;
    if (corpus === "brown") {
      scope.postMessage({ id, type: "progress", done: 0, total: 1 });
      await ensureBrown(wasmUrl);
    }
  }
  let lastProgress = -Infinity;
  let lastPartial = performance.now();
  const onProgress = (done: number, total: number) => {
    const now = performance.now();
    if (now - lastProgress < PROGRESS_EVERY_MS && done < total) return;
    lastProgress = now;
    scope.postMessage({ id, type: "progress", done, total });
  };
  const onPartial = (partial: () => unknown) => {
    if (performance.now() - lastPartial < PARTIAL_EVERY_MS) return;
    scope.postMessage({ id, type: "partial", json: resultJson(partial()) });
    lastPartial = performance.now();
  };
  const start = performance.now();
  // The CLI's backend (wasm), so the numbers are the CLI's.
  const result =
    request.kind === "tokens"
      ? await runTokensExperiment(request.input, { backend: "wasm", onProgress, onPartial })
      : await runProblemExperiment(request.input, { backend: "wasm", onProgress, onPartial });
  const ms = performance.now() - start;
  scope.postMessage({ id, type: "result", json: resultJson(result), ms });
}

async function draw(scope: WorkerScope, message: Extract<ToWorker, { type: "draw" }>): Promise<void> {
  const figure = await renderFigure(JSON.parse(message.json), message.view, message.scale, message.final);
  scope.postMessage({ id: message.id, type: "figure", final: message.final, figure }, figure ? [figure.bitmap] : []);
}

function describe(e: unknown): string {
  const named = e instanceof ConfigError || e instanceof RangeError;
  return named ? `zipflab: error: ${(e as Error).message}` : `zipflab: ${e instanceof Error ? e.message : String(e)}`;
}

export function startWorker(wasmUrl: URL): void {
  const scope = self as unknown as WorkerScope;
  scope.onmessage = (event) => {
    const message = event.data;
    const done = message.type === "run" ? run(scope, message.id, message, wasmUrl) : draw(scope, message);
    done.catch((e: unknown) => scope.postMessage({ id: message.id, type: "error", message: describe(e) }));
  };
  scope.postMessage({ id: 0, type: "ready" });
}
