// A sweep cell as the tuning rule and the reports read it: the config the spec gave, and the
// summary its run reported.
/** A cell's config: field → value, exactly as the spec gave it (defaults not filled in). */
export type CellConfig = Record<string, unknown>;

/** What every runner reports; the tuning rule and the report read these fields. */
export interface CellSummary {
  /** Loss at the initial weights (the batch loss of step 1 for stochastic problems). */
  initialLoss: number | null;
  /** Loss at the end (null if it was NaN/Inf). */
  finalLoss: number | null;
  /** Step whose loss was NaN/Inf, or null. */
  divergedAt: number | null;
  /** Wall-clock seconds for the cell (the only field that differs between identical runs). */
  seconds: number;
  [field: string]: unknown;
}
