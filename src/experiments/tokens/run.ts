// The six-token experiment, read top to bottom like the paper: build the problem, run each
// optimizer on the same sample stream (same seed), and record what the report needs.
import type { OptimizerConfig } from "../../optimizers/registry.js";
import { tokensProblem } from "../../problems/tokens/problem.js";
import { effectiveLearningRate } from "../../metrics/effective-lr.js";
import { parseSchedule, recordSteps } from "../../metrics/record-steps.js";
import type { RunOutput } from "../../run/types.js";
import { defaultBackend, runEachOptimizer, type Backend } from "../each-optimizer.js";
import { resolveTokensConfig, type TokensConfig, type TokensInput } from "./config.js";

export type { Backend } from "../each-optimizer.js";

export interface TokensRun {
  optimizer: OptimizerConfig;
  finalWeights: number[];
  absError: number[];
  /** Steps in which the token's gradient was non-zero (it appeared in the batch). */
  nonzeroSteps: number[];
  nonzeroPercent: number[];
  /** η·preconditioner at the end (η/(√v̂+ε) for Adam); null for non-adaptive methods. */
  effectiveLr: number[] | null;
  /** Step whose loss was NaN/Inf, or null. */
  divergedAt: number | null;
  stepsRun: number;
  /** Batch loss at the last step. */
  finalLoss: number | null;
  trajectory: {
    steps: number[];
    /** weights[j][k]: weight of token k after steps[j] (steps[0] = 0, the initial weights). */
    weights: number[][];
    /** Batch loss at each step (null at step 0). */
    loss: (number | null)[];
  };
  seconds: number;
}

export interface TokensResult {
  experiment: "tokens";
  backend: Backend;
  config: TokensConfig;
  runs: TokensRun[];
}

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

function summarize(config: TokensConfig, optimizer: OptimizerConfig, out: RunOutput, seconds: number): TokensRun {
  const K = config.tokens.length;
  const final = Array.from(out.finalWeights);
  const counts = Array.from(out.nonzeroCounts ?? new Uint32Array(K));
  // Plain loops, not Array.from per row: this summary used to cost half as much as the run.
  const recorded = out.recordedSteps.filter((t) => t <= out.steps).length;
  const weights: number[][] = new Array(recorded + 1);
  weights[0] = new Array(K).fill(0);
  const traj = out.trajectory;
  // Rows copied from a double-typed template: one allocation a row (V8 makes `new Array(K)` for
  // small integers and reallocates its store as doubles on the first double written).
  const template = new Array<number>(K).fill(0.5);
  for (let j = 0; j < recorded; j++) {
    const row = template.slice();
    for (let k = 0, o = j * K; k < K; k++) row[k] = traj[o + k];
    weights[j + 1] = row;
  }
  const loss: (number | null)[] = new Array(recorded + 1);
  loss[0] = null;
  for (let j = 0; j < recorded; j++) loss[j + 1] = finite(out.loss[j]);
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
    trajectory: {
      steps: [0, ...out.recordedSteps.slice(0, recorded)],
      weights,
      loss,
    },
    seconds,
  };
}

export async function runTokensExperiment(input: TokensInput = {}, options: TokensRunOptions = {}): Promise<TokensResult> {
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
  const steps = recordSteps(parseSchedule(config.record), config.steps);
  const result = (runs: TokensRun[]): TokensResult => ({ experiment: "tokens", backend, config, runs });
  const runs = await runEachOptimizer({
    problem, optimizers: config.optimizers, backend, steps: config.steps,
    // views: summarize() copies what it keeps before the next run reuses the memory
    runOptions: () => ({ seed: config.seed, recordSteps: steps, countNonzero: true, chunk: 20_000, views: true }),
    summarize: (optimizer, out, seconds) => summarize(config, optimizer, out, seconds),
    onProgress: options.onProgress,
    onPartial: options.onPartial && ((partial) => options.onPartial!(() => result(partial()))),
  });
  return result(runs);
}
