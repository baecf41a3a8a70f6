// Configuration of the six-token experiment (phenomenon 1), defaults exactly as there.
import { argObject } from "../../config/args.js";
import { z } from "zod";
import { int, nonNegative, positive, probability, num } from "../../config/number-fields.js";
import { MAX_SEED } from "../../rng/seed.js";
import { resolveOptimizer } from "../../optimizers/registry.js";
import { parseRecording } from "../../loop/record-steps.js";
import { checkTokensMemory } from "./memory.js";
import type { TokensConfig } from "../../results/tokens.js";
import { ConfigError, parseConfig } from "../../config/error.js";

export const DEFAULT_TOKENS = [
  { name: "the", frequency: 0.95, trueWeight: 1 },
  { name: "model", frequency: 0.6, trueWeight: 1 },
  { name: "embedding", frequency: 0.2, trueWeight: 1 },
  { name: "tokenization", frequency: 0.05, trueWeight: 1 },
  { name: "xenobiotic", frequency: 0.005, trueWeight: 1 },
  { name: "thalweg", frequency: 0.001, trueWeight: 1 },
] as const;

export const MAX_TOKENS = 100_000;

const schema = z
  .object({
    tokens: z
      .array(
        z
          .object({
            name: z.string().min(1, "must be a non-empty name"),
            frequency: probability(),
            trueWeight: num({}),
          })
          .strict(),
      )
      .min(1, "must list at least one token")
      .max(MAX_TOKENS, `must list at most ${MAX_TOKENS} tokens`),
    noise: nonNegative(),
    batch: int(1, 1_000_000),
    steps: int(1, 1_000_000_000),
    lr: positive(),
    seed: int(0, MAX_SEED),
    optimizers: z.array(z.unknown()).min(1, "must name at least one optimizer"),
    record: z.string(),
  })
  .strict();

export type TokensInput = Partial<z.input<typeof schema>>;

export const TOKENS_DEFAULTS = {
  tokens: DEFAULT_TOKENS.map((t) => ({ ...t })),
  noise: 0.1,
  batch: 32,
  steps: 3000,
  lr: 0.05,
  seed: 0,
  optimizers: ["sgd", "adam"] as unknown[],
  record: "every:1",
};

/** Fills defaults and validates; throws ConfigError naming the field. */
export function resolveTokensConfig(input: TokensInput = {}): TokensConfig {
  argObject("input", input, "an object of tokens options");
  // No field given: the defaults, validated on the first such call (zod and the optimizers'
  // schemas took ≈ 0.1 ms of a 3 ms experiment), handed out as a fresh copy each time.
  if (Object.keys(input).length === 0) return copyConfig((resolvedDefaults ??= resolve({})));
  return resolve(input);
}

/** TOKENS_DEFAULTS resolved (read once: later changes to that object are not seen by `{}`). */
let resolvedDefaults: TokensConfig | undefined;

/** A copy the caller may change without changing the cached defaults (every field is flat). */
function copyConfig(c: TokensConfig): TokensConfig {
  return { ...c, tokens: c.tokens.map((t) => ({ ...t })), optimizers: c.optimizers.map((o) => ({ ...o })) };
}

function resolve(input: TokensInput): TokensConfig {
  const raw = parseConfig(schema, { ...TOKENS_DEFAULTS, ...input });
  const optimizers = raw.optimizers.map((o, i) => resolveOptimizer(o, raw.lr, `optimizers[${i}]`));
  const names = new Set<string>();
  raw.tokens.forEach((t, i) => {
    if (names.has(t.name)) throw new ConfigError(`tokens[${i}].name`, `duplicate token name ${JSON.stringify(t.name)}`);
    names.add(t.name);
  });
  parseRecording(raw.record, "record");
  const config = { ...raw, optimizers };
  checkTokensMemory(config);
  return config;
}
