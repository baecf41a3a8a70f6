// Relative loss (L(w_t) − L*)/(L(w_0) − L*): 1 at the start, 0 at the optimum. The scale on
// which SPEC item 3 counts the steps GD needs to reach ε.
import { argHas, argNumber } from "../config/args.js";
import { ConfigError } from "../config/fields.js";
import type { RunOutput } from "../run/types.js";

/** (loss − L*)/(L₀ − L*); a NaN or infinite loss (a diverged run) gives NaN or ±∞. */
export function relativeLoss(loss: number, initialLoss: number, optimalLoss: number): number {
  if (typeof loss !== "number") throw new ConfigError("loss", `must be a number (got ${typeof loss})`);
  argNumber("initialLoss", initialLoss);
  argNumber("optimalLoss", optimalLoss);
  if (!(initialLoss > optimalLoss)) throw new ConfigError("initialLoss", `must be above optimalLoss (${optimalLoss}) (got ${initialLoss})`);
  return (loss - optimalLoss) / (initialLoss - optimalLoss);
}

/** The relative exact loss at each recorded step, or null if the run did not record exact losses. */
export function relativeLossCurve(out: RunOutput, optimalLoss: number): number[] | null {
  argHas("out", out, ["steps", "recordedSteps"], "a run's output (runWasm, runTwin)");
  argNumber("optimalLoss", optimalLoss);
  if (!out.exactLoss || out.initialLoss === null) return null;
  return Array.from(out.exactLoss.subarray(0, Math.min(out.exactLoss.length, countRecorded(out))), (l) =>
    (l - optimalLoss) / (out.initialLoss! - optimalLoss));
}

/** Recorded steps actually reached (a diverged run stops early). */
function countRecorded(out: RunOutput): number {
  return out.recordedSteps.filter((s) => s <= out.steps).length;
}

/** First recorded step whose relative loss is ≤ ε, or null. */
export function stepsToReach(out: RunOutput, optimalLoss: number, epsilon: number): number | null {
  argNumber("epsilon", epsilon, 0);
  const curve = relativeLossCurve(out, optimalLoss);
  const j = curve ? curve.findIndex((r) => r <= epsilon) : -1;
  return j < 0 ? null : out.recordedSteps[j];
}
