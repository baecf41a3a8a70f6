// The six-token problem as a registered problem (`zipflab run tokens`, sweeps, the library):
// which features there are, how often each is present, their true weights, the noise and the
// batch. `zipflab tokens` (src/experiments/tokens/) is the friendly command on the same
// problem, with named tokens and its own report and figure.
import { z } from "zod";
import { ConfigError } from "../../config/error.js";
import { int, nonNegative, num, probability } from "../../config/number-fields.js";
import { parseDecimal } from "../../config/parse-text.js";
import { declareProblem, fieldPath, listOptions, option, resolveOptions, type OptionsOf } from "../declaration.js";
import { tokensProblem, type TokensProblem } from "./problem.js";

export interface TokensProblemConfig {
  /** Presence probability p_k of each feature (phenomenon 1: 0.95 … 0.001). */
  frequencies: number[];
  /** True weights w*_k: one value for every feature, or one per feature. */
  target: number | number[];
  /** σ of the label noise. */
  noise: number;
  /** Samples per step. */
  batch: number;
}

export const MAX_FEATURES = 100_000;

/** A list from the command line ("0.95,0.6,0.2") or a spec (an array). */
function listOf(item: z.ZodType<number>, what: string) {
  return z.preprocess(
    (v) => {
      if (typeof v !== "string") return v;
      const parts = v.split(",").map((s) => parseDecimal(s));
      return parts.some((x) => x === null) ? v : parts;
    },
    z
      .array(item, { error: `must be a list of ${what} (comma-separated on the command line)` })
      .min(1, "must list at least one feature")
      .max(MAX_FEATURES, `must list at most ${MAX_FEATURES} features`),
  );
}

const OPTIONS: OptionsOf<TokensProblemConfig> = {
  frequencies: option.custom(
    "frequencies",
    "list",
    [0.95, 0.6, 0.2, 0.05, 0.005, 0.001],
    () => listOf(probability(), "probabilities in [0, 1]"),
    "presence probability p_k of each feature, comma-separated (as zipflab tokens --freqs)",
    { flag: "--freqs", placeholder: "p1,p2,…" },
  ),
  target: option.custom(
    "target",
    "number",
    1 as number | number[],
    () => z.union([num({}), listOf(num({}), "finite numbers")]),
    "the optimum w* (every coordinate)",
    { placeholder: "w*", control: { min: -10, max: 10 } },
  ),
  noise: option.custom("noise", "number", 0.1, () => nonNegative(), "σ of the label noise y = Σ x_k w*_k + σ·N(0,1)", {
    placeholder: "σ",
    control: { min: 0, max: 10 },
  }),
  batch: option.custom("batch", "batch", 32, () => int(1, 1_000_000), "samples per step (the six-token problem has no full batch)", {
    placeholder: "B",
    control: { min: 1, max: 4096, log: true },
  }),
};

/** A config with any options unset (they take their defaults). */
export type TokensProblemInput = Partial<Record<keyof TokensProblemConfig, unknown>>;

/** The options, in order (the CLI builds a config in this order). */
const OPTION_LIST = listOptions(OPTIONS);

/** Validates a config (defaults filled); a target list must have one weight per feature. */
export function resolveTokensProblemConfig(input: TokensProblemInput = {}, field = "problem"): TokensProblemConfig {
  if (input.batch === "full")
    throw new ConfigError(fieldPath(field, "batch"), "must be an integer in [1, 1000000] (the six-token problem has no full batch)");
  const config = resolveOptions<TokensProblemConfig>(OPTION_LIST, input, field);
  if (Array.isArray(config.target) && config.target.length !== config.frequencies.length) {
    throw new ConfigError(
      fieldPath(field, "target"),
      `must be one number or one per feature (${config.frequencies.length}; got ${config.target.length})`,
    );
  }
  return config;
}

/** The true weights as a list, one per feature. */
export function trueWeights(config: TokensProblemConfig): number[] {
  return Array.isArray(config.target) ? config.target : config.frequencies.map(() => config.target as number);
}

export const TOKENS = declareProblem<TokensProblem>({
  name: "tokens",
  summary:
    "six-token linear model: 0/1 features present with probabilities p_k, y = Σ x_k w*_k + σ·N(0,1) (`zipflab tokens` is its friendly command)",
  page: {
    title: "Six tokens, from “the” (95% of samples) to “thalweg” (0.1%)",
    text: "SGD learns the frequent tokens and stalls on the rare ones: xenobiotic ends near 0.5 and thalweg near 0.15, since their gradient is non-zero in only 15% and 3% of steps. Adam reaches 1 for all six: its effective step size lr/(√v̂+ε) grows as frequency falls (panel d).",
  },
  options: OPTION_LIST,
  create(input, field) {
    const config = resolveTokensProblemConfig(input, field);
    return tokensProblem({ frequencies: config.frequencies, trueWeights: trueWeights(config), noise: config.noise, batch: config.batch });
  },
  golden: [{ name: "tokens-run", args: ["--steps", "100"] }],
});
