// Whether a run diverged, by SPEC item 6's rule: its loss became NaN/Inf, or its final loss
// is above 1.5× the initial one. The run experiment also flags a loss above that bound at any
// recorded step; a run that came back down after such a spike did not diverge, and figures
// say "spiked" instead — which steps get recorded must not decide what a figure claims.
import type { ProblemRun } from "../experiments/run/run.js";
import { exceedsDivergenceBound } from "../metrics/divergence.js";

export interface RunStatus {
  diverged: boolean;
  /** Step at which a run that did not diverge first exceeded the bound, else null. */
  spikeStep: number | null;
}

export function runStatus(run: ProblemRun): RunStatus {
  const d = run.divergence;
  if (!d) return { diverged: false, spikeStep: null };
  if (d.reason === "non-finite loss") return { diverged: true, spikeStep: null };
  const final = run.finalLoss;
  const initial = run.initialLoss;
  const diverged = final === null || !Number.isFinite(final) || (initial !== null && exceedsDivergenceBound(final, initial));
  return { diverged, spikeStep: diverged ? null : d.step };
}

/** A step size as the figures print it: three significant digits, no trailing zeros (316, 0.0316). */
export function formatLr(lr: number): string {
  return Number.isFinite(lr) ? String(Number(lr.toPrecision(3))) : String(lr);
}
