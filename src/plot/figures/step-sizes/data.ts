// What the step-size figure draws from a sweep, already scored by the sweep's tuning rule:
// one series per group of cells (every varying field except lr and seed), its grid of step
// sizes with the rule's score, the chosen one, and every cell's final loss. Plain data, so the
// spec builder stays pure; stepSizeData (tuning.ts) fills it from a results file.
import { optimizerDisplayName } from "../../common/names.js";

export interface StepSizePoint {
  series: string;
  lr: number;
  seed: number | null;
  finalLoss: number | null;
  initialLoss: number | null;
  /** What the rule compares: the final loss, or the initial loss for a diverged run. */
  score: number;
  diverged: boolean;
  /** Final loss of the rarest frequency group (problems with groups), else null. */
  rarestGroupLoss: number | null;
}

export interface StepSizeSeries {
  series: string;
  /** Registry name of the optimizer (for its colour), or null if the series has none. */
  optimizer: string | null;
  grid: { lr: number; worst: number; divergedSeeds: number; seeds: number }[];
  chosenLr: number | null;
  edge: "smallest" | "largest" | null;
}

export interface StepSizeData {
  problem: string;
  /** The fields that tell series apart (e.g. ["optimizer"]). */
  groupFields: string[];
  series: StepSizeSeries[];
  points: StepSizePoint[];
  /** Number of frequency groups in the summaries (0 without groups). */
  groups: number;
}

/** A cell's optimizer as the figures name it: "GD", "Adam (b1=0)", "sign descent (momentum=0.9)". */
export function optimizerFieldLabel(value: unknown, fullBatch: boolean): { label: string; name: string | null } {
  const name = typeof value === "string" ? value.split(":")[0]
    : value && typeof value === "object" && typeof (value as { name?: unknown }).name === "string" ? (value as { name: string }).name : null;
  if (name === null) return { label: JSON.stringify(value), name: null };
  const base = name === "sgd" && fullBatch ? "GD" : optimizerDisplayName(name);
  const extra = typeof value === "string" ? value.split(":").slice(1).join(":")
    : Object.entries(value as Record<string, unknown>).filter(([k]) => k !== "name").map(([k, v]) => `${k}=${String(v)}`).join(",");
  return { label: extra ? `${base} (${extra})` : base, name };
}
