// Options and results shared by the WASM run loop and its twin.
import type { LrSchedule } from "../optimizers/lr-schedule.js";
import type { Transform } from "../optimizers/transform.js";
import type { UpdateMode } from "../results/run.js";
import type { ClassStatistics, ThreadRows } from "../problems/problem.js";

export interface LoopOptions {
  steps: number;
  seed: number;
  /** Absolute steps (1-based, ascending) after which w and the batch loss are recorded. */
  recordSteps: readonly number[];
  /** Count, per parameter, the steps with a non-zero gradient. */
  countNonzero?: boolean;
  /** Called after each chunk of steps with the number done so far. */
  onProgress?: (done: number) => void;
  /**
   * WASM loop only: called after each chunk with a thunk giving the output so far (steps =
   * steps done); the caller decides whether to pay for the copy (live curves in the browser).
   */
  onChunk?: (snapshot: () => LoopOutput) => void;
  /** Steps per call into WASM (progress granularity). */
  chunk?: number;
  /** Learning-rate schedule: a factor on every step size (default constant 1). */
  lrSchedule?: LrSchedule;
  /** Copy w at each recorded step (default true; turn off for large models). */
  recordWeights?: boolean;
  /** Record the exact loss L(w_t) at the recorded steps, where the problem has one (default true). */
  recordExactLoss?: boolean;
  /** Row-sparse problems: see UpdateMode (default "auto"). */
  updates?: UpdateMode;
  /** The optimizer's lazy flag (usesLazyUpdates): with updates "auto", visit only touched rows. */
  lazy?: boolean;
  /**
   * Record the problem's per-class statistics (Problem.classStats) at step 0 and at every
   * recorded step: the loop then stops at each recorded step for one kernel call (no JS round
   * trip per step).
   */
  classStats?: boolean;
  /**
   * Return finalWeights, nonzeroCounts, state, trajectory and loss as views into WASM memory
   * instead of copies (valid until the next run on the same core): big models need no second
   * copy in JS, and a caller that summarizes right away copies nothing twice.
   */
  views?: boolean;
  /**
   * Another implementation of the WASM step loop on the same memory (threads: src/loop/threads.ts),
   * given the loop block; `first` is true on a run's first call.
   */
  runSteps?: (loop: number, steps: number, first: boolean, plan: LoopPlan) => number;
  /** Worker threads the run uses (for the memory estimate; default 1). */
  threads?: number;
}

export interface LoopOutput {
  /** Steps completed (less than asked if the loss went NaN/Inf). */
  steps: number;
  /** The step whose loss was NaN/Inf, or null. */
  divergedAt: number | null;
  finalWeights: Float32Array;
  recordedSteps: number[];
  /** recordedSteps.length × n, row-major (empty when recordWeights is false). */
  trajectory: Float32Array;
  /** Batch loss at each recorded step (computed before that step's update). */
  loss: Float32Array;
  /** Exact loss L(w_t) after each recorded step (f64), or null (no exact loss / not asked). */
  exactLoss: Float64Array | null;
  /** Exact loss at the start, L(w_0), or null. */
  initialLoss: number | null;
  /** Whether the optimizer visited only the touched rows. */
  rowUpdates: boolean;
  nonzeroCounts: Uint32Array | null;
  /** Per-class statistics at step 0 and then at each recorded step reached (see ClassStatistics), or null. */
  classStats: Float64Array[] | null;
  /** The held-out loss (Problem.heldOut) alongside classStats, or null. */
  heldOutLoss?: number[] | null;
  /** Final state arrays of each transform, by transform index. */
  state: Float32Array[][];
  transforms: readonly Transform[];
}

/** How one run goes, decided once (plan.ts: planLoop) and shared by the WASM loop, its twin, the threads and the memory estimate. */
export interface LoopPlan {
  /** Row length of a row-sparse gradient (0: the problem writes all of g). */
  readonly rowLen: number;
  /** The optimizer visits only the rows the gradient touched (see UpdateMode). */
  readonly rowUpdates: boolean;
  /**
   * The row-local chain runs inside the problem's gradient pass (no gradient array, each row
   * updated while in cache): problems with fusedSteps, over all rows or the touched ones.
   */
  readonly fused: boolean;
  /** Exact lazy Adam: rows lag behind and are caught up before a gradient reads them. */
  readonly lazyRows: boolean;
  /** The recorded steps the run reaches, [1, steps]. */
  readonly recordSteps: readonly number[];
  /** L(w_t) is recorded at the recorded steps (the problem has an exact loss, and it is asked for). */
  readonly exact: boolean;
  /**
   * A step's loss is the exact L at the weights it starts from (a full batch), so L(w_t) of a
   * recorded step t comes with step t + 1's pass (problemClassLoss).
   */
  readonly deferred: boolean;
  /** Per-class statistics recorded at step 0 and each recorded step (null: not asked, or none). */
  readonly classStats: ClassStatistics | null;
  /** The loop records the class losses itself, from the deferred pass (no call per record). */
  readonly classStatsInLoop: boolean;
  /** w is copied at each recorded step. */
  readonly keepWeights: boolean;
  /** A fused full batch whose rows the threaded loop may split (the problem's threadRows), else null. */
  readonly threadRows: ThreadRows | null;
}
