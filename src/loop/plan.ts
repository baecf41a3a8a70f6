// How one run goes, decided once from the problem, the chain and the options, and shared by the
// WASM loop (wasm.ts), its twin (twin.ts), the threaded loop (threads.ts) and the memory
// estimate (memory.ts): whether the optimizer visits only the touched rows, whether the chain
// runs inside the problem's pass, whether a recorded step's exact loss comes with the next
// step, and what is recorded.
import { hasLazyRows, isRowLocal, isSparseExact } from "../optimizers/chain.js";
import type { Transform } from "../optimizers/transform.js";
import type { Problem } from "../problems/problem.js";
import { ConfigError } from "../config/error.js";
import { stepsWithin } from "./record-steps.js";
import type { LoopOptions, LoopPlan } from "./types.js";

/** What a plan needs of a problem. */
type PlanProblem = Pick<Problem, "rowLen" | "fusedSteps" | "deferredRecords" | "twinLoss" | "classStats" | "threadRows">;

/** True when the optimizer should visit only the rows the gradient touched. */
function rowUpdatesOf(problem: PlanProblem, transforms: readonly Transform[], opts: LoopOptions): boolean {
  const mode = opts.updates ?? "auto";
  if (!problem.rowLen) {
    if (mode === "rows")
      throw new ConfigError(
        "updates",
        `"rows" needs row-sparse gradients: a mini-batch of bigram-square or bigram-softmax — this problem and batch have none; use auto or dense`,
      );
    return false;
  }
  if (mode !== "auto") return mode === "rows";
  return isSparseExact(transforms) || opts.lazy === true;
}

/** The plan of a run; throws ConfigError for updates "rows" without row-sparse gradients. */
export function planLoop(problem: PlanProblem, transforms: readonly Transform[], opts: LoopOptions): LoopPlan {
  const rowLen = problem.rowLen ?? 0;
  const rowUpdates = rowUpdatesOf(problem, transforms, opts);
  const exact = opts.recordExactLoss !== false && problem.twinLoss !== undefined;
  const deferred = problem.deferredRecords === true && exact;
  const classStats = opts.classStats ? (problem.classStats ?? null) : null;
  const fused = problem.fusedSteps === true && isRowLocal(transforms) && (rowLen === 0 || rowUpdates);
  const keepWeights = opts.recordWeights !== false;
  return {
    rowLen,
    rowUpdates,
    fused,
    lazyRows: hasLazyRows(transforms),
    recordSteps: stepsWithin(opts.recordSteps, opts.steps),
    exact,
    deferred,
    classStats,
    classStatsInLoop: deferred && classStats?.fromRaw !== undefined,
    keepWeights,
    // the threads split a fused full batch; one that keeps every recorded w runs on one thread
    threadRows: fused && rowLen === 0 && !keepWeights ? (problem.threadRows ?? null) : null,
  };
}
