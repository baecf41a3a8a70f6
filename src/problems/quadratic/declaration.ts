// The weighted quadratic as a registered problem: its options, what it is, what it draws.
import { z } from "zod";
import { ConfigError } from "../../config/error.js";
import { num } from "../../config/number-fields.js";
import { declareProblem, fieldPath, listOptions, option, resolveOptions, type OptionsOf } from "../declaration.js";
import { alphaOption } from "../shared/options.js";
import { checkMemory, f32Arrays } from "../shared/memory.js";
import { makeQuadraticProblem, type QuadraticConfig, type QuadraticProblem } from "./problem.js";

const OPTIONS: OptionsOf<QuadraticConfig> = {
  d: option.int("d", 1000, [1], "coordinates", { control: { min: 2, max: 4000, log: true } }),
  alpha: alphaOption,
  target: option.custom(
    "target",
    "number",
    1 as number | number[],
    () => z.union([num({}), z.array(num({}))]),
    "the optimum w* (every coordinate)",
    { placeholder: "w*", control: { min: -10, max: 10 } },
  ),
  weights: option.choice("weights", ["zipf", "ones"], "zipf", "π: the Zipf law of α, or 1 for every coordinate", {
    flag: null,
    attribute: null,
  }),
};

/** A config with any options unset (they take their defaults). */
export type QuadraticInput = Partial<QuadraticConfig>;

/** The options, in order (the CLI builds a config in this order). */
const OPTION_LIST = listOptions(OPTIONS);

/** Validates a config (defaults filled); errors name the field. */
export function resolveQuadraticConfig(input: Partial<QuadraticConfig> = {}, field = "problem"): QuadraticConfig {
  const config = resolveOptions<QuadraticConfig>(OPTION_LIST, input, field);
  if (Array.isArray(config.target) && config.target.length !== config.d) {
    throw new ConfigError(fieldPath(field, "target"), `must be one number or d = ${config.d} numbers (got ${config.target.length})`);
  }
  // π, w* (problem) + w, g (run) + up to two optimizer state arrays (Adam's m, v).
  checkMemory(fieldPath(field, "d"), f32Arrays(6, config.d), `d = ${config.d}: six f32 arrays of d`);
  return config;
}

/** The problem of a config (unset options take their defaults). */
export function quadraticProblem(input: Partial<QuadraticConfig> = {}, field = "problem"): QuadraticProblem {
  return makeQuadraticProblem(resolveQuadraticConfig(input, field));
}

export const QUADRATIC = declareProblem<QuadraticProblem>({
  name: "quadratic",
  summary: "weighted quadratic Σ π_k ½(w_k − w*_k)², π_k ∝ k^(−α)",
  page: {
    title: "Weighted quadratic, weights π_k ∝ k^(−α)",
    text: "Gradient descent moves coordinate k at speed π_k, so the rare coordinates crawl; sign descent moves every coordinate at the same speed. Raise α to make the tail heavier.",
  },
  options: OPTION_LIST,
  create: (config, field) => quadraticProblem(config, field),
  // per-coordinate curves when the run keeps per-class curves
  figures: ["quadratic"],
  golden: [
    { name: "quadratic-wasm", args: ["--d", "100", "--steps", "50", "--lr", "0.5"] },
    { name: "quadratic-twin", args: ["--d", "100", "--steps", "50", "--lr", "0.5", "--backend", "twin"] },
  ],
});
