// The problems a sweep can name, for the sweep engine (src/sweep/): every registered problem
// runs as one `zipflab run` cell; the six-token problem as its friendly experiment (named
// tokens, its summary).
import { tokensRunner } from "./tokens/sweep-runner.js";
import { problemRunner } from "./run/sweep-runner.js";
import { PROBLEMS } from "../problems/registry.js";
import type { CellRunner, RunnerTable } from "../sweep/cell-runner.js";

const runners: Record<string, CellRunner> = {
  tokens: tokensRunner,
  ...Object.fromEntries(
    Object.values(PROBLEMS)
      .filter((d) => d.name !== "tokens")
      .map((d) => [d.name, problemRunner(d)]),
  ),
};

export const SWEEP_RUNNERS: RunnerTable = { runners, workerModule: new URL("./sweep-worker.js", import.meta.url) };
