// Configuration of `zipflab run`: one problem, several optimizers, the same seed for all.
import { argObject } from "../../config/args.js";
import { z } from "zod";
import { ConfigError, int, parseConfig, positive } from "../../config/fields.js";
import { parseSchedule } from "../../metrics/record-steps.js";
import { checkScheduleFits, resolveLrSchedule, type LrSchedule } from "../../optimizers/lr-schedule.js";
import { resolveOptimizer, type OptimizerConfig } from "../../optimizers/registry.js";
import { problemEntry } from "../../problems/registry.js";
import { MAX_SEED } from "../../rng/seed.js";
import type { UpdateMode } from "../../run/types.js";

export interface ProblemRunConfig {
  problem: string;
  /** The problem's own config (d, alpha, batch, …); its seed defaults to the run's. */
  config: Record<string, unknown>;
  optimizers: OptimizerConfig[];
  steps: number;
  seed: number;
  record: string;
  /** Frequency groups; null = the problem's default (10, or 11 for the linear model), at most one per class. */
  groups: number | null;
  schedule: LrSchedule;
  updates: UpdateMode;
  /** Keep per-class curves in the result (classes × recorded steps). */
  perClass: boolean;
  /** Linear model: gradient cosines and Hessian block norms at the end, one class per level. */
  coupling: boolean;
}

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

const schema = z.object({
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
}).strict();

export function resolveProblemRunConfig(input: ProblemRunInput): ProblemRunConfig {
  argObject("input", input, "an object {problem, optimizers, …}");
  const entry = problemEntry(input.problem);
  const raw = parseConfig(schema, {
    config: {}, schedule: "constant", updates: "auto", perClass: false, coupling: false, ...RUN_DEFAULTS, ...input,
  });
  const optimizers = raw.optimizers.map((o, i) => resolveOptimizer(o, raw.lr, `optimizers[${i}]`));
  parseSchedule(raw.record, "record");
  // The problem's data (rankings, inputs) follow the run's seed unless the config sets its own.
  const config = "seed" in entry.defaults ? { seed: raw.seed, ...raw.config } : raw.config;
  const groups = raw.groups ?? null;
  if (raw.coupling && raw.problem !== "linear-model") {
    throw new ConfigError("coupling", `is computed for the linear model only (got problem ${raw.problem})`);
  }
  const schedule = resolveLrSchedule(raw.schedule);
  checkScheduleFits(schedule, raw.steps);
  return {
    problem: raw.problem, config, optimizers, steps: raw.steps, seed: raw.seed, record: raw.record,
    groups, schedule, updates: raw.updates, perClass: raw.perClass,
    coupling: raw.coupling,
  };
}
