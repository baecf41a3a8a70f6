// The runner of one problem's cells: validates a cell before anything runs (so a bad spec
// fails whole, with nothing written) and runs it to a JSON-serializable summary.
import type { CellConfig, CellSummary } from "../tuning/cell.js";

export interface CellRunner {
  /** One line for --help and the README. */
  summary: string;
  /** Throws ConfigError naming the field (unknown field, value out of range, …). */
  validate(cell: CellConfig): void;
  run(cell: CellConfig): Promise<CellSummary>;
}
