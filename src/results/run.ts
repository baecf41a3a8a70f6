// The `--json` result of `zipflab run` (and of a run sweep cell's experiment): one problem,
// each optimizer from the same start and seed, the loss per frequency group at the recorded
// steps. Types only: figures and reports read these, the run experiment writes them.
import type { LrSchedule } from "../optimizers/lr-schedule.js";
import type { OptimizerConfig } from "../optimizers/registry.js";
import type { Backend } from "./backend.js";
import type { ClassCoupling } from "../problems/problem.js";

/**
 * How the optimizer visits a row-sparse gradient (mini-batch bigram): "rows" = only the
 * touched rows (exact for sparse-exact chains like SGD and sign; SparseAdam semantics for
 * Adam: untouched moments do not decay), "dense" = every parameter, "auto" = rows when the
 * chain is sparse-exact or `lazy` is set. Dense-gradient problems always run dense.
 */
export type UpdateMode = "auto" | "dense" | "rows";

/** The resolved config of a run, as the result repeats it. */
export interface ProblemRunConfig {
  problem: string;
  /** The problem's own config (d, alpha, batch, …); its seed defaults to the run's. */
  config: Record<string, unknown>;
  optimizers: OptimizerConfig[];
  steps: number;
  seed: number;
  /** Which steps to record: every:K or log:N. */
  record: string;
  /** Frequency groups; null = the problem's default (10, or 11 for the linear model), at most one per class. */
  groups: number | null;
  schedule: LrSchedule;
  updates: UpdateMode;
  /** Keep per-class curves in the result (classes × recorded steps). */
  perClass: boolean;
  /** Linear model: gradient cosines and Hessian block norms at the end, one class per level. */
  coupling: boolean;
}

/** phenomenon 6: diverged = the loss went NaN/Inf, or the final loss is above 1.5× the initial. */
export interface Divergence {
  step: number;
  reason: "non-finite loss" | "final loss above 1.5× initial";
}

/** One optimizer's run. */
export interface ProblemRun {
  optimizer: OptimizerConfig;
  /** 0, then the recorded steps reached. */
  steps: number[];
  /** Exact loss L(w_t) at each step (the batch loss where the problem has no exact loss). */
  loss: (number | null)[];
  /** Loss on held-out data at each step, where the problem has some (the transformer). */
  validationLoss?: (number | null)[] | null;
  /** (L − L*)/(L₀ − L*) where L* is known. */
  relativeLoss: (number | null)[] | null;
  /** groupLoss[g][j]: loss of frequency group g (0 = most frequent) at steps[j]. */
  groupLoss: (number | null)[][] | null;
  /** Per-class curves (only with perClass): statistic → [class][step]. */
  perClass: Record<string, (number | null)[][]> | null;
  initialLoss: number | null;
  finalLoss: number | null;
  /**
   * At the end: per frequency group (sample-weighted) the fraction of steps with a non-zero
   * gradient and the effective learning rate η·P (null for non-adaptive methods); per class
   * too with perClass.
   */
  classMetrics: {
    groupNonzeroFraction: (number | null)[] | null;
    groupEffectiveLr: (number | null)[] | null;
    classNonzeroFraction: (number | null)[] | null;
    classEffectiveLr: (number | null)[] | null;
  } | null;
  /** Linear model with coupling: class interactions at the end. */
  coupling: ClassCoupling | null;
  divergence: Divergence | null;
  /** First recorded step whose loss exceeded 1.5× the initial loss in a run that did not diverge. */
  spike: { step: number; ratio: number } | null;
  rowUpdates: boolean;
  seconds: number;
}

export interface ProblemRunResult {
  experiment: "run";
  backend: Backend;
  config: ProblemRunConfig;
  optimalLoss: number | null;
  /** frequencies[k]: π_k of class k (optional: figures need it for per-class colours and the histogram). */
  classes: { count: number; classIs: string; frequencies?: number[] } | null;
  groups: { count: number; share: number[]; classes: number[]; maxFrequency: number[]; minFrequency: number[] } | null;
  runs: ProblemRun[];
}
