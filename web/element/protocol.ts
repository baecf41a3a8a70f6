// Messages between <zipflab-demo> and its worker, and the result's JSON form.

export type FromWorker =
  | { id: number; type: "ready" }
  | { id: number; type: "progress"; done: number; total: number }
  | { id: number; type: "partial"; json: string }
  | { id: number; type: "result"; json: string; ms: number }
  | { id: number; type: "error"; message: string };

/**
 * The result exactly as `zipflab … --json` writes it (src/cli/output.ts toJson): non-finite
 * numbers become null; every finite double survives JSON text unchanged.
 */
export function resultJson(result: unknown): string {
  return JSON.stringify(result, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
