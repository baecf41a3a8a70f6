// Options and results shared by the WASM run loop and its twin.
import type { Transform } from "../optimizers/transform.js";

export interface RunOptions {
  steps: number;
  seed: number;
  /** Absolute steps (1-based, ascending) after which w and the batch loss are recorded. */
  recordSteps: readonly number[];
  /** Count, per parameter, the steps with a non-zero gradient. */
  countNonzero?: boolean;
  /** Called after each chunk of steps with the number done so far. */
  onProgress?: (done: number) => void;
  /** Steps per call into WASM (progress granularity). */
  chunk?: number;
}

export interface RunOutput {
  /** Steps completed (less than asked if the loss went NaN/Inf). */
  steps: number;
  /** The step whose loss was NaN/Inf, or null. */
  divergedAt: number | null;
  finalWeights: Float32Array;
  recordedSteps: number[];
  /** recordedSteps.length × n, row-major. */
  trajectory: Float32Array;
  /** Batch loss at each recorded step (computed before that step's update). */
  loss: Float32Array;
  nonzeroCounts: Uint32Array | null;
  /** Final state arrays of each transform, by transform index. */
  state: Float32Array[][];
  transforms: readonly Transform[];
}
