// Configuration of `zipflab run`: one problem, several optimizers, the same seed for all.
import { argObject } from "../../config/args.js";
import { z } from "zod";
import { int, positive } from "../../config/number-fields.js";
import { parseRecording } from "../../loop/record-steps.js";
import { checkScheduleFits, resolveLrSchedule } from "../../optimizers/lr-schedule.js";
import { resolveOptimizer } from "../../optimizers/registry.js";
import { PROBLEMS, problemEntry } from "../../problems/registry.js";
import type { ProblemDeclaration } from "../../problems/declaration.js";
import { MAX_SEED } from "../../rng/seed.js";
import type { ProblemRunConfig } from "../../results/run.js";
import { ConfigError, parseConfig } from "../../config/error.js";

export type ProblemRunInput = Partial<Omit<ProblemRunConfig, "optimizers" | "schedule" | "groups">> & {
  groups?: number;
  problem: string;
  optimizers?: unknown[];
  lr?: number;
  schedule?: unknown;
};

export const RUN_DEFAULTS = {
  optimizers: ["sgd", "adam", "sign"] as unknown[],
  lr: 0.01,
  steps: 300,
  seed: 0,
  record: "log:100",
};

const schema = z
  .object({
    problem: z.string(),
    config: z.record(z.string(), z.unknown()),
    optimizers: z.array(z.unknown()).min(1, "must name at least one optimizer"),
    lr: positive(),
    steps: int(1, 1_000_000_000),
    seed: int(0, MAX_SEED),
    record: z.string(),
    groups: int(1).optional(),
    schedule: z.unknown(),
    updates: z.enum(["auto", "dense", "rows"], { error: 'must be "auto", "dense" or "rows"' }),
    perClass: z.boolean(),
    coupling: z.boolean(),
  })
  .strict();

/** A resolved run: its config (as the result repeats it) and its problem's declaration. */
export interface ProblemRunSetup {
  config: ProblemRunConfig;
  entry: ProblemDeclaration;
}

/**
 * Validates a run's input (defaults filled) and resolves its problem once, for everything after;
 * a caller that has already resolved the problem passes its declaration.
 */
export function resolveProblemRunConfig(input: ProblemRunInput, entry?: ProblemDeclaration): ProblemRunSetup {
  argObject("input", input, "an object {problem, optimizers, …}");
  entry ??= problemEntry(input.problem);
  if (entry.name !== input.problem)
    throw new ConfigError("problem", `is ${JSON.stringify(input.problem)}, but the declaration given is ${entry.name}'s`);
  const raw = parseConfig(schema, {
    config: {},
    schedule: "constant",
    updates: "auto",
    perClass: false,
    coupling: false,
    ...RUN_DEFAULTS,
    ...input,
  });
  const optimizers = raw.optimizers.map((o, i) => resolveOptimizer(o, raw.lr, `optimizers[${i}]`));
  parseRecording(raw.record, "record");
  // The problem's data (rankings, inputs) follow the run's seed unless the config sets its own.
  const config = entry.options.some((o) => o.field === "seed") ? { seed: raw.seed, ...raw.config } : raw.config;
  const groups = raw.groups ?? null;
  if (raw.coupling && !entry.coupling) {
    const problems = Object.values(PROBLEMS)
      .filter((d) => d.coupling)
      .map((d) => d.name);
    throw new ConfigError("coupling", `is computed for ${problems.join(", ")} only (got problem ${raw.problem})`);
  }
  const schedule = resolveLrSchedule(raw.schedule);
  checkScheduleFits(schedule, raw.steps);
  return {
    entry,
    config: {
      problem: raw.problem,
      config,
      optimizers,
      steps: raw.steps,
      seed: raw.seed,
      record: raw.record,
      groups,
      schedule,
      updates: raw.updates,
      perClass: raw.perClass,
      coupling: raw.coupling,
    },
  };
}
