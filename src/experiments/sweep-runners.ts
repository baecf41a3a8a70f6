// The cell-runner registry: one entry per problem a sweep can name. A runner validates a
// cell's config before anything runs (so a bad spec fails whole, with nothing written) and
// runs one cell to a JSON-serializable summary. Adding a problem = one runner file + one line.
import { ConfigError } from "../config/fields.js";
import { tokensRunner } from "./tokens/sweep-runner.js";
import { problemRunner } from "./run/sweep-runner.js";
import { PROBLEM_NAMES as RUN_PROBLEMS } from "../problems/registry.js";
import type { CellRunner } from "../sweep/cell-runner.js";

export type { CellRunner } from "../sweep/cell-runner.js";
export type { CellConfig, CellSummary } from "../tuning/cell.js";


export const RUNNERS: Record<string, CellRunner> = {
  tokens: tokensRunner,
  // the registered tokens problem runs as its friendly experiment here (named tokens, its summary)
  ...Object.fromEntries(RUN_PROBLEMS.filter((name) => name !== "tokens").map((name) => [name, problemRunner(name)])),
};

export const PROBLEM_NAMES = Object.keys(RUNNERS);

export function getRunner(problem: unknown, field = "problem"): CellRunner {
  if (typeof problem !== "string" || !Object.hasOwn(RUNNERS, problem)) {
    throw new ConfigError(field, `unknown problem ${JSON.stringify(problem)} (one of: ${PROBLEM_NAMES.join(", ")})`);
  }
  return RUNNERS[problem];
}
