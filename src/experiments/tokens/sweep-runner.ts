// Sweep cells of the six-token experiment (phenomenon 1): one optimizer per cell. The cell's
// fields are the experiment's (tokens, noise, batch, steps, lr, seed) plus `optimizer` — a
// name, an object {name, …hyperparameters} or a spec string "adam:b1=0"; its step size is the
// cell's `lr`, so that the tuning rule finds it there.
import { resolveTokensConfig, type TokensInput } from "./config.js";
import { runTokensExperiment } from "./run.js";
import { parseOptimizerSpec } from "../../optimizers/registry.js";
import type { CellRunner } from "../../sweep/cell-runner.js";
import type { CellConfig, CellSummary } from "../../tuning/cell.js";
import { ConfigError } from "../../config/error.js";

const NOT_IN_CELLS: Record<string, string> = {
  optimizers: "a sweep cell runs one optimizer: use the field optimizer (and sweep over it)",
  record: "a sweep cell records only the losses at step 1 and at the end",
};

function optimizerInput(given: unknown): unknown {
  const raw = typeof given === "string" && given.includes(":") ? parseOptimizerSpec(given) : given;
  if (raw !== null && typeof raw === "object" && "lr" in raw) {
    throw new ConfigError("optimizer.lr", "give the step size as the cell field lr (the tuning rule reads it there)");
  }
  return raw;
}

/** The experiment input of one cell; ConfigError paths say optimizer, not optimizers[0]. */
function experimentInput(cell: CellConfig): TokensInput {
  for (const field of Object.keys(cell)) {
    if (Object.hasOwn(NOT_IN_CELLS, field)) throw new ConfigError(field, `not a sweep field: ${NOT_IN_CELLS[field]}`);
  }
  const { optimizer, ...rest } = cell;
  if (optimizer === undefined)
    throw new ConfigError("optimizer", "every cell needs an optimizer (a name such as sgd or adam, or {name, …})");
  // "log:2" records steps 1 and T: the loss at the initial weights and the final batch loss.
  const input = { ...rest, optimizers: [optimizerInput(optimizer)], record: "log:2" } as TokensInput;
  try {
    resolveTokensConfig(input);
  } catch (e) {
    if (e instanceof ConfigError && e.field.startsWith("optimizers[0]")) {
      throw new ConfigError(`optimizer${e.field.slice("optimizers[0]".length)}`, e.detail);
    }
    throw e;
  }
  return input;
}

/** Per-token values keyed by token name, so that CSV columns read finalWeights.thalweg. */
function byToken(names: string[], values: readonly number[]): Record<string, number> {
  return Object.fromEntries(names.map((name, k) => [name, values[k]]));
}

export const tokensRunner: CellRunner = {
  summary: "six-token linear regression; fields tokens, noise, batch, steps, lr, seed, optimizer",
  validate(cell) {
    experimentInput(cell);
  },
  async run(cell): Promise<CellSummary> {
    const result = await runTokensExperiment(experimentInput(cell));
    const names = result.config.tokens.map((t) => t.name);
    const run = result.runs[0];
    return {
      optimizer: run.optimizer,
      backend: result.backend,
      stepsRun: run.stepsRun,
      initialLoss: run.trajectory.loss[1] ?? null,
      finalLoss: run.finalLoss,
      divergedAt: run.divergedAt,
      finalWeights: byToken(names, run.finalWeights),
      absError: byToken(names, run.absError),
      nonzeroPercent: byToken(names, run.nonzeroPercent),
      effectiveLr: run.effectiveLr ? byToken(names, run.effectiveLr) : null,
      seconds: run.seconds,
    };
  },
};
