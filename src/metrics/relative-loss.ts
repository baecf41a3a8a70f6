// Relative loss (L(w_t) − L*)/(L(w_0) − L*): 1 at the start, 0 at the optimum. The scale on
// which phenomenon 3 counts the steps GD needs to reach ε.
import { argHas, argNumber } from "../config/args.js";
import { ConfigError } from "../config/error.js";

/** What the curves below read of a run (the step loop's output has these fields). */
export interface ExactLossTrace {
  /** Steps completed. */
  steps: number;
  /** Steps after which the loss was recorded (ascending). */
  recordedSteps: readonly number[];
  /** L(w_t) after each recorded step, or null. */
  exactLoss: Float64Array | null;
  /** L(w_0), or null. */
  initialLoss: number | null;
}

/** (loss − L*)/(L₀ − L*); a NaN or infinite loss (a diverged run) gives NaN or ±∞. */
export function relativeLoss(loss: number, initialLoss: number, optimalLoss: number): number {
  if (typeof loss !== "number") throw new ConfigError("loss", `must be a number (got ${typeof loss})`);
  argNumber("initialLoss", initialLoss);
  argNumber("optimalLoss", optimalLoss);
  if (!(initialLoss > optimalLoss)) throw new ConfigError("initialLoss", `must be above optimalLoss (${optimalLoss}) (got ${initialLoss})`);
  return (loss - optimalLoss) / (initialLoss - optimalLoss);
}

/** The relative exact loss at each recorded step, or null if the run did not record exact losses. */
export function relativeLossCurve(out: ExactLossTrace, optimalLoss: number): number[] | null {
  argHas("out", out, ["steps", "recordedSteps"], "a run's output (runWasm, runTwin)");
  argNumber("optimalLoss", optimalLoss);
  if (!out.exactLoss || out.initialLoss === null) return null;
  return Array.from(
    out.exactLoss.subarray(0, Math.min(out.exactLoss.length, countRecorded(out))),
    (l) => (l - optimalLoss) / (out.initialLoss! - optimalLoss),
  );
}

/** Recorded steps actually reached (a diverged run stops early). */
function countRecorded(out: ExactLossTrace): number {
  return out.recordedSteps.filter((s) => s <= out.steps).length;
}

/** First recorded step whose relative loss is ≤ ε, or null. */
export function stepsToReach(out: ExactLossTrace, optimalLoss: number, epsilon: number): number | null {
  argNumber("epsilon", epsilon, 0);
  const curve = relativeLossCurve(out, optimalLoss);
  const j = curve ? curve.findIndex((r) => r <= epsilon) : -1;
  return j < 0 ? null : out.recordedSteps[j];
}
