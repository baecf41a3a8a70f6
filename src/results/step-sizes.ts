// The step-size figure's data: a sweep's cells scored by the tuning rule (src/tuning/
// step-size-data.ts computes it), one series per group of cells (every varying field except lr
// and seed) with its grid of step sizes, the chosen one and every cell's final loss. Types only.

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
