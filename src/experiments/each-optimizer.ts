// The loop every experiment shares: one problem, each optimizer from the same start and seed,
// on the WASM core (or the plain-TS twin), timed and summarized one after the other. An
// experiment says what to record (runOptions) and what to keep of each run (summarize).
import { fuse } from "../optimizers/chain.js";
import { buildChain, type OptimizerConfig } from "../optimizers/registry.js";
import type { Transform } from "../optimizers/transform.js";
import type { Problem } from "../problems/problem.js";
import { runTwin } from "../loop/twin.js";
import type { LoopOptions, LoopOutput } from "../loop/types.js";
import { runWasm } from "../loop/wasm.js";
import { loadCore, simdSupported, type Core } from "../wasm/load.js";
import type { Backend } from "../results/backend.js";

export interface EachOptimizer<R> {
  problem: Problem;
  optimizers: readonly OptimizerConfig[];
  /** The optimizers' chains, if the caller built them already (e.g. for a memory check). */
  chains?: readonly (readonly Transform[])[];
  /** Default: the WASM core where WebAssembly SIMD is available, else the plain-TS twin. */
  backend?: Backend;
  /** A core to run on (e.g. a threaded one); default: the shared single-threaded core. */
  core?: Core;
  steps: number;
  /** What to record, for optimizer i (steps, progress and chunk callbacks are filled in here). */
  runOptions(i: number, optimizer: OptimizerConfig): Omit<LoopOptions, "steps" | "onProgress" | "onChunk">;
  /** What to keep of one run: finished (seconds: its wall time), or partial (seconds 0, final false). */
  summarize(optimizer: OptimizerConfig, out: LoopOutput, seconds: number, final: boolean): R;
  /** Progress over all optimizers: (steps done, steps total). */
  onProgress?: (done: number, total: number) => void;
  /** WASM only: after each chunk, the runs so far (the finished ones and the current one). */
  onPartial?: (runs: () => R[]) => void;
}

/** The backend a run takes when none is asked for. */
export function defaultBackend(backend?: Backend): Backend {
  return backend ?? (simdSupported() ? "wasm" : "twin");
}

/** Runs each optimizer in turn; returns their summaries in order. */
export async function runEachOptimizer<R>(job: EachOptimizer<R>): Promise<R[]> {
  const backend = defaultBackend(job.backend);
  const core = backend === "wasm" ? (job.core ?? (await loadCore())) : null;
  const total = job.steps * job.optimizers.length;
  const runs: R[] = [];
  for (const [i, optimizer] of job.optimizers.entries()) {
    const transforms = job.chains?.[i] ?? fuse(buildChain(optimizer));
    const opts: LoopOptions = {
      ...job.runOptions(i, optimizer),
      steps: job.steps,
      onProgress: (done: number) => job.onProgress?.(i * job.steps + done, total),
      onChunk:
        job.onPartial && ((snapshot: () => LoopOutput) => job.onPartial!(() => [...runs, job.summarize(optimizer, snapshot(), 0, false)])),
    };
    const start = performance.now();
    const out = core ? runWasm(core, job.problem, transforms, opts) : runTwin(job.problem, transforms, opts);
    runs.push(job.summarize(optimizer, out, (performance.now() - start) / 1000, true));
  }
  return runs;
}
