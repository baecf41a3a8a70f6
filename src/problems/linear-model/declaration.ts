// The paper's linear softmax model as a registered problem: its options, what it is, its groups
// (one per level) and --coupling.
import { argInteger, argObject } from "../../config/args.js";
import { ConfigError } from "../../config/error.js";
import { declareProblem, fieldPath, listOptions, option, resolveOptions, type OptionsOf } from "../declaration.js";
import { checkMemory } from "../shared/memory.js";
import { dataSeedOption, l2Option, reweightOption } from "../shared/options.js";
import { classCoupling, classPerLevel } from "./coupling.js";
import { linearModelSizes, makeLinearModelProblem, type LinearModelConfig, type LinearModelProblem } from "./problem.js";

/** Keeps N = m·2^m below 2³¹. */
export const MAX_LEVELS = 26;

const OPTIONS: OptionsOf<LinearModelConfig> = {
  d: option.int("d", 1024, [1], "input dimension", { control: { min: 2, max: 4000, log: true } }),
  batch: option.batch("batch", "full", undefined, 'samples per step, or "full" for the full batch (exact expectation)', {
    placeholder: "B",
    control: { min: 1, max: 4096, log: true },
  }),
  levels: option.int("levels", 7, [1, MAX_LEVELS], "m levels of 2^i classes × 2^(m−i) samples", {
    placeholder: "m",
    control: { min: 1, max: 14 },
  }),
  inputs: option.choice("inputs", ["uniform", "gaussian"], "uniform", "input distribution", { placeholder: "kind" }),
  init: option.choice("init", ["zero", "pytorch"], "pytorch", "initial weights", { placeholder: "kind" }),
  reweight: reweightOption,
  l2: l2Option("L2 regularization λ/2‖W‖² (full batch)"),
  seed: dataSeedOption,
};

/** A config with any options unset (they take their defaults). */
export type LinearModelInput = Partial<LinearModelConfig>;

/** The options, in order (the CLI builds a config in this order). */
const OPTION_LIST = listOptions(OPTIONS);

/**
 * Bytes of WASM memory a run needs: X (4·N·d), the logit scratch (4·N·c), four i32/f32 arrays
 * over the samples, ω, class counts and an 8c scratch (40·c), and the c·(d+1) parameters times
 * (w, g and `stateArrays` optimizer states).
 */
export function linearModelBytes(config: LinearModelConfig, stateArrays = 0): number {
  const c0 = argObject<LinearModelConfig>("config", config, "a linear-model config");
  argInteger("config.levels", c0.levels, 1, MAX_LEVELS);
  argInteger("config.d", c0.d, 1);
  argInteger("stateArrays", stateArrays, 0, 64);
  const { classes: c, samples: N } = linearModelSizes(config.levels);
  return 4 * N * config.d + 4 * N * c + 16 * N + 40 * c + 4 * c * (config.d + 1) * (2 + stateArrays);
}

/** Validates a config (defaults filled); errors name the field. */
export function resolveLinearModelConfig(input: Partial<LinearModelConfig> = {}, field = "problem"): LinearModelConfig {
  const config = resolveOptions<LinearModelConfig>(OPTION_LIST, input, field);
  const { classes: c, samples: N } = linearModelSizes(config.levels);
  if (config.batch !== "full" && config.batch > N) {
    throw new ConfigError(fieldPath(field, "batch"), `must be at most the number of samples N = ${N} (got ${config.batch})`);
  }
  checkMemory(
    fieldPath(field, "levels"),
    linearModelBytes(config),
    `levels = ${config.levels}, d = ${config.d}: X is N × d = ${N} × ${config.d} f32, W is c × (d + 1) = ${c} × ${config.d + 1}`,
  );
  return config;
}

/** The problem of a config (unset options take their defaults). */
export function linearModelProblem(input: Partial<LinearModelConfig> = {}, field = "problem"): LinearModelProblem {
  return makeLinearModelProblem(resolveLinearModelConfig(input, field));
}

export const LINEAR_MODEL = declareProblem<LinearModelProblem>({
  name: "linear-model",
  summary: "the paper's linear softmax model: m levels of 2^i classes × 2^(m−i) samples, uniform inputs",
  page: {
    title: "The paper's linear softmax model: levels of 2^i classes",
    text: "Each level holds the same number of samples, so rare classes are many. GD leaves the rare levels near their initial loss; Adam and sign descent bring all levels down.",
  },
  preset: { levels: "6", d: "128" },
  options: OPTION_LIST,
  check: (config, field) => void resolveLinearModelConfig(config, field),
  create: (config, field) => linearModelProblem(config, field),
  // one group per level: 11 at the paper's m = 11
  groups: (config) => Number(config.levels ?? OPTIONS.levels.default),
  sizeOption: "levels",
  coupling: (problem, w) => classCoupling(problem, w, classPerLevel(problem)),
  golden: [
    { name: "linear-model", args: ["--levels", "4", "--d", "32", "--steps", "40", "--lr", "0.1", "--coupling"] },
    {
      name: "linear-model-twin",
      args: ["--levels", "4", "--d", "32", "--batch", "8", "--steps", "40", "--lr", "0.1", "--backend", "twin"],
    },
  ],
});
