// The problems a sweep can name, for the sweep engine (src/sweep/): every registered problem
// runs as one `zipflab run` cell; the six-token problem as its friendly experiment (named
// tokens, its summary).
import { tokensRunner } from "./tokens/sweep-runner.js";
import { problemRunner } from "./run/sweep-runner.js";
import { PROBLEM_NAMES } from "../problems/registry.js";
import type { CellRunner, RunnerTable } from "../sweep/cell-runner.js";

const runners: Record<string, CellRunner> = {
  tokens: tokensRunner,
  ...Object.fromEntries(PROBLEM_NAMES.filter((name) => name !== "tokens").map((name) => [name, problemRunner(name)])),
};

export const SWEEP_RUNNERS: RunnerTable = { runners, workerModule: new URL("./sweep-worker.js", import.meta.url) };
