// Configuration of the paper's linear softmax problem (SPEC item 4a), validated in one place;
// errors name the field and its range. Sizes beyond wasm32 memory fail here, with the size.
import { argInteger, argObject } from "../../config/args.js";
import { z } from "zod";
import { ConfigError, int, nonNegative, parseConfig } from "../../config/fields.js";
import { MAX_SEED } from "../../rng/seed.js";
import { checkMemory, withDefaults } from "../shared/memory.js";
import { batchField, reweightField } from "../shared/fields.js";

export interface LinearSoftmaxConfig {
  /** m frequency levels: level i holds 2^i classes of 2^(m−i) samples; c = 2^m − 1, N = m·2^m. */
  levels: number;
  /** Input dimension. */
  d: number;
  /** x_n i.i.d. uniform on [0,1) (the paper) or standard normal, independent of the label. */
  inputs: "uniform" | "gaussian";
  /** W, b = 0, or PyTorch's nn.Linear default U(−1/√d, 1/√d). */
  init: "zero" | "pytorch";
  /** Per-class loss weight ω_k: 1, 1/π_k or 1/√π_k (L = Σ ω_{y_n} ℓ_n / Σ ω_{y_n}). */
  reweight: "none" | "inverse" | "inverse-sqrt";
  /** λ of λ/2‖W‖² (the bias is not regularized). */
  l2: number;
  /** Distinct samples per step, or "full". */
  batch: number | "full";
  /** Seed of the inputs and the initialization (the run's seed drives batch sampling). */
  seed: number;
}

export type LinearSoftmaxInput = Partial<LinearSoftmaxConfig>;

export const LINEAR_SOFTMAX_DEFAULTS: LinearSoftmaxConfig = {
  levels: 7, d: 1024, inputs: "uniform", init: "pytorch", reweight: "none", l2: 0, batch: "full", seed: 0,
};

/** Keeps N = m·2^m below 2³¹. */
export const MAX_LEVELS = 26;

const schema = z.object({
  levels: int(1, MAX_LEVELS),
  d: int(1),
  inputs: z.enum(["uniform", "gaussian"], { error: 'must be "uniform" or "gaussian"' }),
  init: z.enum(["zero", "pytorch"], { error: 'must be "zero" or "pytorch"' }),
  reweight: reweightField(),
  l2: nonNegative(),
  batch: batchField(),
  seed: int(0, MAX_SEED),
}).strict();

/** c = 2^m − 1 classes, N = m·2^m samples. */
export const linearSoftmaxSizes = (m: number) => (argInteger("levels", m, 1, MAX_LEVELS), { classes: 2 ** m - 1, samples: m * 2 ** m });

/**
 * Bytes of WASM memory a run needs: X (4·N·d), the logit scratch (4·N·c), four i32/f32 arrays
 * over the samples, ω, class counts and an 8c scratch (40·c), and the c·(d+1) parameters times
 * (w, g and `stateArrays` optimizer states).
 */
export function linearSoftmaxBytes(config: LinearSoftmaxConfig, stateArrays = 0): number {
  const c0 = argObject<LinearSoftmaxConfig>("config", config, "a linear-model config");
  argInteger("config.levels", c0.levels, 1, MAX_LEVELS);
  argInteger("config.d", c0.d, 1);
  argInteger("stateArrays", stateArrays, 0, 64);
  const { classes: c, samples: N } = linearSoftmaxSizes(config.levels);
  return 4 * N * config.d + 4 * N * c + 16 * N + 40 * c + 4 * c * (config.d + 1) * (2 + stateArrays);
}

/** Validates a config (defaults filled). */
export function resolveLinearSoftmaxConfig(input: LinearSoftmaxInput = {}, field = "problem"): LinearSoftmaxConfig {
  const config = parseConfig(schema, withDefaults(LINEAR_SOFTMAX_DEFAULTS, input, field), field) as LinearSoftmaxConfig;
  const prefix = field ? `${field}.` : "";
  const { classes: c, samples: N } = linearSoftmaxSizes(config.levels);
  if (config.batch !== "full" && config.batch > N) {
    throw new ConfigError(`${prefix}batch`, `must be at most the number of samples N = ${N} (got ${config.batch})`);
  }
  checkMemory(`${prefix}levels`, linearSoftmaxBytes(config),
    `levels = ${config.levels}, d = ${config.d}: X is N × d = ${N} × ${config.d} f32, W is c × (d + 1) = ${c} × ${config.d + 1}`);
  return config;
}
