// Configuration of the scaling sweep (steps to ε against d), validated in one place; errors
// name the field and its range. The defaults are the canonical sweep of phenomenon 3.
import { z } from "zod";
import { beta, int, nonNegative, num, positive } from "../../config/number-fields.js";
import { WASM_MEMORY_LIMIT, withDefaults } from "../../problems/shared/memory.js";
import { formatBytes } from "../../wasm/arena.js";
import { reducible } from "./solve.js";
import type { ScalingMethod } from "../../results/scaling.js";
import type { ScalingConfig } from "../../results/scaling.js";
import { ConfigError, parseConfig } from "../../config/error.js";
import { bigramSquareBytes } from "../../problems/bigram-square/declaration.js";

export const SCALING_OPTIMIZERS: readonly ScalingMethod[] = ["sgd", "sign", "adam"];

/** "gd", the papers' name for full-batch gradient descent, is read as "sgd" (what it is at the full batch). */
const methodName = (x: unknown) => (x === "gd" ? "sgd" : x);

export type ScalingInput = Partial<ScalingConfig>;

export const SCALING_DEFAULTS: ScalingConfig = {
  dMin: 100,
  dMax: 1_000_000,
  points: 9,
  adamDMax: 100_000,
  alphas: [0.5, 1, 1.5],
  eps: [0.5, 0.3, 0.1],
  optimizers: ["sgd", "sign", "adam"],
  stepsMax: 100_000_000,
  lrMin: 1e-8,
  lrMax: 1e6,
  perDecade: 2,
  patience: 3,
  adamB1: 0.9,
  adamB2: 0.999,
  adamEps: 0,
  method: "auto",
  level: 0.95,
};

/** The reduced models' limit: d f64 arrays of a few kinds, and Adam's WASM memory. */
export const MAX_D = 100_000_000;

const distinct = <T extends z.ZodTypeAny>(item: T, what: string) =>
  z
    .array(item)
    .min(1, `must list at least one ${what}`)
    .refine((xs) => new Set(xs).size === xs.length, { message: `must not repeat a ${what}` });

const schema = z
  .object({
    dMin: int(2, MAX_D),
    dMax: int(2, MAX_D),
    points: int(1, 1000),
    adamDMax: int(0, MAX_D),
    alphas: distinct(num({ min: 0, max: 10 }), "value"),
    eps: distinct(num({ min: 0, max: 1, minOpen: true, maxOpen: true }), "value"),
    optimizers: distinct(z.preprocess(methodName, z.enum(["sgd", "sign", "adam"], { error: "must be sgd, sign or adam" })), "optimizer"),
    stepsMax: int(1, 2 ** 52),
    lrMin: positive(),
    lrMax: positive(),
    perDecade: int(1, 100),
    patience: int(1, 100),
    adamB1: beta(),
    adamB2: beta(),
    adamEps: nonNegative(),
    method: z.enum(["auto", "reduced", "brute"], { error: 'must be "auto", "reduced" or "brute"' }),
    level: num({ min: 0, max: 1, minOpen: true, maxOpen: true }),
  })
  .strict();

/** d values: `points` log-spaced sizes from dMin to dMax, rounded, distinct. */
export function dGrid(config: Pick<ScalingConfig, "dMin" | "dMax" | "points">): number[] {
  const { dMin, dMax, points } = config;
  if (points === 1 || dMin === dMax) return [dMin];
  const ds = Array.from({ length: points }, (_, j) => Math.round(dMin * (dMax / dMin) ** (j / (points - 1))));
  return [...new Set(ds)];
}

/** Whether an optimizer runs on the brute-force model under this config. */
export function usesBruteForce(config: ScalingConfig, optimizer: ScalingMethod): boolean {
  const adam = { b1: config.adamB1, b2: config.adamB2, eps: config.adamEps };
  return config.method === "brute" || !reducible(optimizer, adam);
}

/** The largest d an optimizer runs at. */
export function dLimit(config: ScalingConfig, optimizer: ScalingMethod): number {
  return optimizer === "adam" ? Math.min(config.dMax, config.adamDMax) : config.dMax;
}

/** Validates a config (defaults filled); throws ConfigError naming the field. */
export function resolveScalingConfig(input: ScalingInput = {}): ScalingConfig {
  const config = parseConfig(schema, withDefaults(SCALING_DEFAULTS, input, "input")) as ScalingConfig;
  if (config.dMax < config.dMin) throw new ConfigError("dMax", `must be ≥ the smallest d, ${config.dMin} (got ${config.dMax})`);
  if (config.lrMax < config.lrMin)
    throw new ConfigError("lrMax", `must be ≥ the smallest step size, ${config.lrMin} (got ${config.lrMax})`);
  for (const optimizer of config.optimizers) {
    const adam = { b1: config.adamB1, b2: config.adamB2, eps: config.adamEps };
    if (config.method === "reduced" && !reducible(optimizer, adam)) {
      throw new ConfigError(
        "method",
        `"reduced" does not cover ${optimizer} with adamEps = ${config.adamEps} > 0 (ε breaks the invariance to π_i); use "auto" or "brute"`,
      );
    }
    if (!usesBruteForce(config, optimizer)) continue;
    // The brute-force model holds W, g, the rankings and the optimizer state: d² each.
    const d = dLimit(config, optimizer);
    const bytes = bigramSquareBytes({ d, permutation: "random" }, optimizer === "adam" ? 2 : 0);
    if (bytes > WASM_MEMORY_LIMIT) {
      const field = optimizer === "adam" && config.adamDMax < config.dMax ? "adamDMax" : "dMax";
      throw new ConfigError(
        field,
        `${optimizer} runs on the brute-force d×d model here, which at d = ${d} needs ${formatBytes(bytes)} of WebAssembly memory; the limit is 4 GiB`,
      );
    }
  }
  return config;
}
