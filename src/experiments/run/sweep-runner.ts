// Sweep cells of the heavy-tailed problems (quadratic, bigram-square, bigram-softmax,
// linear-model): one optimizer per cell. A cell's fields are the problem's own (d, alpha,
// batch, …) plus optimizer, lr, steps, seed, groups, schedule, updates. The summary holds the
// exact initial and final loss, the final relative loss (where L* is known) and the final
// loss of every frequency group.
import { resolveProblemRunConfig, type ProblemRunInput } from "./config.js";
import { rarityCorrelation } from "./report.js";
import { runResolvedProblem } from "./run.js";
import { parseOptimizerSpec } from "../../optimizers/registry.js";
import { cellOf, type ProblemDeclaration } from "../../problems/declaration.js";
import type { CellRunner } from "../../sweep/cell-runner.js";
import type { CellConfig, CellSummary } from "../../tuning/cell.js";
import { ConfigError } from "../../config/error.js";

const RUN_FIELDS = ["lr", "steps", "seed", "groups", "schedule", "updates"] as const;

function runInput(entry: ProblemDeclaration, cell: CellConfig): ProblemRunInput {
  const { optimizer, ...rest } = cell;
  if (optimizer === undefined)
    throw new ConfigError("optimizer", "every cell needs an optimizer (a name such as sgd or adam, or {name, …})");
  const raw = typeof optimizer === "string" && optimizer.includes(":") ? parseOptimizerSpec(optimizer) : optimizer;
  if (raw !== null && typeof raw === "object" && "lr" in raw) {
    throw new ConfigError("optimizer.lr", "give the step size as the cell field lr (the tuning rule reads it there)");
  }
  const config: Record<string, unknown> = {};
  const input: Record<string, unknown> = { problem: entry.name, optimizers: [raw], record: "log:2", config };
  for (const [field, value] of Object.entries(rest)) {
    const option = entry.options.find((o) => cellOf(o) === field);
    if ((RUN_FIELDS as readonly string[]).includes(field)) input[field] = value;
    else if (option) config[option.field] = value;
    else throw new ConfigError(field, `unknown field for ${entry.name} (fields: ${cellFields(entry).join(", ")})`);
  }
  return input as ProblemRunInput;
}

/** The fields a cell of the problem may set: the optimizer, the run's, the problem's options. */
function cellFields(entry: ProblemDeclaration): string[] {
  return ["optimizer", ...RUN_FIELDS, ...entry.options.flatMap((o) => cellOf(o) ?? [])];
}

export function problemRunner(entry: ProblemDeclaration): CellRunner {
  return {
    summary: `${entry.summary}; fields ${cellFields(entry).join(", ")}`,
    validate(cell) {
      const input = runInput(entry, cell);
      try {
        const { config } = resolveProblemRunConfig(input, entry).config;
        // Validate without building the data where the problem can: a sweep of large cells
        // validates in milliseconds.
        if (entry.check) entry.check(config);
        else entry.create(config);
      } catch (e) {
        if (e instanceof ConfigError && e.field.startsWith("optimizers[0]")) {
          throw new ConfigError(`optimizer${e.field.slice("optimizers[0]".length)}`, e.detail);
        }
        if (e instanceof ConfigError && e.field.startsWith("problem.")) throw new ConfigError(e.field.slice(8), e.detail);
        throw e;
      }
    },
    async run(cell): Promise<CellSummary> {
      const result = await runResolvedProblem(resolveProblemRunConfig(runInput(entry, cell), entry));
      const run = result.runs[0];
      return {
        optimizer: run.optimizer,
        backend: result.backend,
        initialLoss: run.initialLoss,
        finalLoss: run.finalLoss,
        divergedAt: run.divergence?.step ?? null,
        divergence: run.divergence,
        finalRelativeLoss: run.relativeLoss?.at(-1) ?? null,
        finalGroupLoss: run.groupLoss ? run.groupLoss.map((g) => g.at(-1) ?? null) : null,
        rarityCorrelation: rarityCorrelation(run.groupLoss),
        seconds: run.seconds,
      };
    },
  };
}
