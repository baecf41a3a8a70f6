import type { ProblemRun } from "../../results/run.js";
// Whether a run diverged, by phenomenon 6's rule (the run experiment applies it: NaN/Inf, or a
// final loss above 1.5× the initial one), and the step of a spike above that bound in a run
// that came back down — figures say "spiked" for those.

export interface RunStatus {
  diverged: boolean;
  /** Step at which a run that did not diverge first exceeded the bound, else null. */
  spikeStep: number | null;
}

export function runStatus(run: ProblemRun): RunStatus {
  if (run.divergence) return { diverged: true, spikeStep: null };
  return { diverged: false, spikeStep: run.spike?.step ?? null };
}

/** A step size as the figures print it: three significant digits, no trailing zeros (316, 0.0316). */
export function formatLr(lr: number): string {
  return Number.isFinite(lr) ? String(Number(lr.toPrecision(3))) : String(lr);
}
