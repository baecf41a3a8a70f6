// What the sweep engine runs: a table of cell runners, one per problem a spec can name. A
// runner validates a cell's config before anything runs (so a bad spec fails whole, with
// nothing written) and runs it to a JSON-serializable summary. The engine knows no problem:
// the table (src/experiments/sweep-runners.ts) is handed to it.
import type { CellConfig, CellSummary } from "../tuning/cell.js";
import { ConfigError } from "../config/error.js";

export interface CellRunner {
  /** One line for --help and the README. */
  summary: string;
  /** Throws ConfigError naming the field (unknown field, value out of range, …). */
  validate(cell: CellConfig): void;
  run(cell: CellConfig): Promise<CellSummary>;
}

export interface RunnerTable {
  /** Problem name → its runner. */
  runners: Readonly<Record<string, CellRunner>>;
  /**
   * The module each worker thread loads: it calls serveCells (./worker.ts) with this same
   * table, so that workers run what the main thread would.
   */
  workerModule: URL;
}

/** The runner of `problem`; ConfigError naming `field` if the table has none. */
export function getRunner(table: RunnerTable, problem: unknown, field = "problem"): CellRunner {
  if (typeof problem !== "string" || !Object.hasOwn(table.runners, problem)) {
    throw new ConfigError(field, `unknown problem ${JSON.stringify(problem)} (one of: ${Object.keys(table.runners).join(", ")})`);
  }
  return table.runners[problem];
}
