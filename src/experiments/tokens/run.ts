// The six-token experiment, read top to bottom like the paper: build the problem, run each
// optimizer on the same sample stream (same seed), and record what the report needs.
import { checkRunOptions } from "../run-options.js";
import type { OptimizerConfig } from "../../optimizers/registry.js";
import { tokensProblem } from "../../problems/tokens/problem.js";
import { effectiveLearningRate } from "../../metrics/effective-lr.js";
import { parseRecording, recordSteps } from "../../loop/record-steps.js";
import type { LoopOutput } from "../../loop/types.js";
import { defaultBackend, runEachOptimizer } from "../each-optimizer.js";
import { resolveTokensConfig, type TokensInput } from "./config.js";
import { recordedTrajectory } from "./trajectory.js";
import type { TokensConfig } from "../../results/tokens.js";
import type { Backend } from "../../results/backend.js";
import type { TokensResult, TokensRun } from "../../results/tokens.js";

export interface TokensRunOptions {
  /** Default: the WASM core where WebAssembly SIMD is available, else the plain-TS twin. */
  backend?: Backend;
  /** Progress over all optimizers: (steps done, steps total). */
  onProgress?: (done: number, total: number) => void;
  /** WASM only: after each chunk, a thunk giving the result so far (finished runs + the current one). */
  onPartial?: (partial: () => TokensResult) => void;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Recorded steps the run reached (all of them, unless it stopped early on NaN/Inf). */
function reachedRecords(recordedSteps: readonly number[], steps: number): number {
  let j = recordedSteps.length;
  while (j > 0 && recordedSteps[j - 1] > steps) j--;
  return j;
}

function summarize(config: TokensConfig, optimizer: OptimizerConfig, out: LoopOutput, seconds: number): TokensRun {
  const K = config.tokens.length;
  const final = Array.from(out.finalWeights);
  const counts = Array.from(out.nonzeroCounts ?? new Uint32Array(K));
  const records = reachedRecords(out.recordedSteps, out.steps);
  // The last step's loss when the run reached its last recorded step (null after a NaN/Inf stop).
  const lastLoss = out.loss.length > 0 && out.recordedSteps.at(-1) === out.steps ? out.loss[out.loss.length - 1] : NaN;
  return {
    optimizer,
    finalWeights: final,
    absError: final.map((w, k) => Math.abs(w - config.tokens[k].trueWeight)),
    nonzeroSteps: counts,
    nonzeroPercent: counts.map((c) => (100 * c) / Math.max(out.steps, 1)),
    effectiveLr: effectiveLearningRate(optimizer, out.transforms, out.state, out.steps, K),
    divergedAt: out.divergedAt,
    stepsRun: out.steps,
    finalLoss: finite(lastLoss),
    trajectory: recordedTrajectory(out.recordedSteps, out.trajectory, out.loss, K, records),
    seconds,
  };
}

/** The last schedule's recorded steps, kept: the run loops only read them (3000 steps: ~20 µs a call). */
let lastSchedule: { record: string; total: number; steps: readonly number[] } | null = null;

function recordedSteps(record: string, total: number): readonly number[] {
  if (lastSchedule?.record !== record || lastSchedule.total !== total) {
    lastSchedule = { record, total, steps: recordSteps(parseRecording(record), total) };
  }
  return lastSchedule.steps;
}

export async function runTokensExperiment(input: TokensInput = {}, options: TokensRunOptions = {}): Promise<TokensResult> {
  checkRunOptions(options);
  const config = resolveTokensConfig(input);
  const backend = defaultBackend(options.backend);
  const problem = tokensProblem({
    frequencies: config.tokens.map((t) => t.frequency),
    trueWeights: config.tokens.map((t) => t.trueWeight),
    noise: config.noise,
    batch: config.batch,
    // all optimizers run on the seed's one stream of batches (a paired comparison): drawn once
    shareStream: config.optimizers.length > 1 ? config.steps : 0,
  });
  const steps = recordedSteps(config.record, config.steps);
  const result = (runs: TokensRun[]): TokensResult => ({ experiment: "tokens", backend, config, runs });
  const runs = await runEachOptimizer({
    problem,
    optimizers: config.optimizers,
    backend,
    steps: config.steps,
    // views: summarize() copies what it keeps before the next run reuses the memory
    runOptions: () => ({ seed: config.seed, recordSteps: steps, countNonzero: true, chunk: 20_000, views: true }),
    summarize: (optimizer, out, seconds) => summarize(config, optimizer, out, seconds),
    onProgress: options.onProgress,
    onPartial: options.onPartial && ((partial) => options.onPartial!(() => result(partial()))),
  });
  return result(runs);
}
