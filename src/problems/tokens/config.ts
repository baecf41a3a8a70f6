// The six-token problem as a registered problem (`zipflab run tokens`, the registry's other
// entry points): which features there are, how often each is present, their true weights, the
// noise and the batch. `zipflab tokens` (src/experiments/tokens/) is the friendly command on the
// same problem, with named tokens and its own report and figure.
import { z } from "zod";
import { ConfigError, int, nonNegative, num, parseConfig, parseDecimal, probability } from "../../config/fields.js";
import { withDefaults } from "../shared/memory.js";

export interface TokensProblemConfig {
  /** Presence probability p_k of each feature (SPEC item 1: 0.95 … 0.001). */
  frequencies: number[];
  /** True weights w*_k: one value for every feature, or one per feature. */
  target: number | number[];
  /** σ of the label noise. */
  noise: number;
  /** Samples per step. */
  batch: number;
}

export type TokensProblemInput = Partial<Record<keyof TokensProblemConfig, unknown>>;

export const TOKENS_PROBLEM_DEFAULTS: TokensProblemConfig = {
  frequencies: [0.95, 0.6, 0.2, 0.05, 0.005, 0.001], target: 1, noise: 0.1, batch: 32,
};

export const MAX_FEATURES = 100_000;

/** A list from the command line ("0.95,0.6,0.2") or a spec (an array). */
function listOf(item: z.ZodType<number>, what: string) {
  return z.preprocess((v) => {
    if (typeof v !== "string") return v;
    const parts = v.split(",").map((s) => parseDecimal(s));
    return parts.some((x) => x === null) ? v : parts;
  }, z.array(item, { error: `must be a list of ${what} (comma-separated on the command line)` })
    .min(1, "must list at least one feature").max(MAX_FEATURES, `must list at most ${MAX_FEATURES} features`));
}

const schema = z.object({
  frequencies: listOf(probability(), "probabilities in [0, 1]"),
  target: z.union([num({}), listOf(num({}), "finite numbers")]),
  noise: nonNegative(),
  batch: int(1, 1_000_000),
}).strict();

/** Validates a config (defaults filled); a target list must have one weight per feature. */
export function resolveTokensProblemConfig(input: TokensProblemInput = {}, field = "problem"): TokensProblemConfig {
  if (input.batch === "full") throw new ConfigError(`${field}.batch`, "must be an integer in [1, 1000000] (the six-token problem has no full batch)");
  const config = parseConfig(schema, withDefaults(TOKENS_PROBLEM_DEFAULTS as unknown as Record<string, unknown>, input, field), field) as TokensProblemConfig;
  if (Array.isArray(config.target) && config.target.length !== config.frequencies.length) {
    throw new ConfigError(`${field}.target`, `must be one number or one per feature (${config.frequencies.length}; got ${config.target.length})`);
  }
  return config;
}

/** The true weights as a list, one per feature. */
export function trueWeights(config: TokensProblemConfig): number[] {
  return Array.isArray(config.target) ? config.target : config.frequencies.map(() => config.target as number);
}
