// The cell-runner registry: one entry per problem a sweep can name. A runner validates a
// cell's config before anything runs (so a bad spec fails whole, with nothing written) and
// runs one cell to a JSON-serializable summary. Adding a problem = one runner file + one line.
import { ConfigError } from "../config/fields.js";
import { tokensRunner } from "./runners/tokens.js";
import { problemRunner } from "./runners/problem.js";
import { PROBLEM_NAMES as RUN_PROBLEMS } from "../problems/registry.js";

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

export interface CellRunner {
  /** One line for --help and the README. */
  summary: string;
  /** Throws ConfigError naming the field (unknown field, value out of range, …). */
  validate(cell: CellConfig): void;
  run(cell: CellConfig): Promise<CellSummary>;
}

export const RUNNERS: Record<string, CellRunner> = {
  tokens: tokensRunner,
  ...Object.fromEntries(RUN_PROBLEMS.map((name) => [name, problemRunner(name)])),
};

export const PROBLEM_NAMES = Object.keys(RUNNERS);

export function getRunner(problem: unknown, field = "problem"): CellRunner {
  if (typeof problem !== "string" || !Object.hasOwn(RUNNERS, problem)) {
    throw new ConfigError(field, `unknown problem ${JSON.stringify(problem)} (one of: ${PROBLEM_NAMES.join(", ")})`);
  }
  return RUNNERS[problem];
}
