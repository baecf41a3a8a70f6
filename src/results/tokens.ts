// The `--json` result of `zipflab tokens` (the six-token experiment, phenomenon 1): per optimizer the
// final weights and errors, how often each token's gradient was non-zero, the effective
// learning rates and the recorded trajectory. Types only.
import type { OptimizerConfig } from "../optimizers/registry.js";
import type { Backend } from "./backend.js";

/** The resolved config, as the result repeats it. */
export interface TokensConfig {
  tokens: { name: string; frequency: number; trueWeight: number }[];
  noise: number;
  batch: number;
  steps: number;
  lr: number;
  seed: number;
  optimizers: OptimizerConfig[];
  record: string;
}

/** Steps, weights and batch losses at the recorded steps. */
export interface TokensTrajectory {
  /** 0 (the initial weights), then the recorded steps. */
  steps: number[];
  /** weights[j][k]: weight of token k after steps[j] (weights[0] = the initial weights, all 0). */
  weights: number[][];
  /** Batch loss at each step (null at step 0, and where it was NaN/Inf). */
  loss: (number | null)[];
}

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
  /** Steps, weights and batch losses (src/experiments/tokens/trajectory.ts builds the rows on first read). */
  trajectory: TokensTrajectory;
  seconds: number;
}

export interface TokensResult {
  experiment: "tokens";
  backend: Backend;
  config: TokensConfig;
  runs: TokensRun[];
}
