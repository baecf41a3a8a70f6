// Messages between <zipflab-demo> and its worker, and the result's JSON form.
import type { ExperimentRequest } from "./attributes.js";
import type { DrawnFigure } from "./figure.js";

export type ToWorker =
  | { id: number; type: "run"; request: ExperimentRequest }
  /** Render the figure named `view` (else the first) of a result given as JSON. */
  | { id: number; type: "draw"; json: string; view: string | null; final: boolean; scale: number };

export type FromWorker =
  | { id: number; type: "ready" }
  | { id: number; type: "progress"; done: number; total: number }
  /** The result so far, while running (for a live figure). */
  | { id: number; type: "partial"; json: string }
  /** The result as `--json` writes it, and the milliseconds the experiment took (WASM loaded). */
  | { id: number; type: "result"; json: string; ms: number }
  /** A rendered figure: of the partial result while running, of the result when `final`. */
  | { id: number; type: "figure"; final: boolean; figure: DrawnFigure | null }
  | { id: number; type: "error"; message: string };

/**
 * The result exactly as `zipflab … --json` writes it (src/cli/output.ts toJson): non-finite
 * numbers become null; every finite double survives JSON text unchanged.
 */
export function resultJson(result: unknown): string {
  return JSON.stringify(result, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
