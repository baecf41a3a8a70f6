// Effective learning rate of an adaptive method: η times its per-coordinate preconditioner,
// e.g. Adam's η/(√v̂ + ε). Once a weight has converged its gradients are small, v̂ is tiny
// and the effective rate is far above η — largest for the rarest features.
import { argInteger, argList, argNumber, argObject } from "../config/args.js";
import type { OptimizerConfig } from "../optimizers/registry.js";
import type { Transform } from "../optimizers/transform.js";
import { ConfigError } from "../config/error.js";

/**
 * η_t·P_i at step t from the final transform state, as a function of the parameter index i
 * (no array of n: at n = d² that would outgrow a JS array), or null if the chain has no
 * preconditioner. η_t = η·s_t is the step size the loop used at step t: `lrScale` is the
 * learning-rate schedule's factor s_t there (1 without a schedule), so a cosine decay to 0 reports 0.
 */
export function effectiveLearningRateAt(
  config: OptimizerConfig,
  transforms: readonly Transform[],
  state: Float32Array[][],
  t: number,
  lrScale = 1,
): ((i: number) => number) | null {
  argObject("config", config, "an optimizer config (resolveOptimizer)");
  argNumber("config.lr", config.lr);
  // Only the transform with a preconditioner is read (and its state arrays).
  const list = argList<Transform>("transforms", transforms);
  for (let i = 0; i < list.length; i++) {
    const tr = list[i];
    if (tr === null || typeof tr !== "object")
      throw new ConfigError(`transforms[${i}]`, "must be a transform (sgd, scaleByAdam, … or buildChain's)");
    if (tr.preconditioner !== undefined && typeof tr.preconditioner !== "function")
      throw new ConfigError(`transforms[${i}].preconditioner`, "must be a function");
  }
  argList("state", state, transforms.length);
  argInteger("t", t, 0);
  argNumber("lrScale", lrScale, 0);
  const k = transforms.findIndex((tr) => tr.preconditioner);
  if (k < 0) return null;
  if (
    !Array.isArray(state[k]) ||
    state[k].some((a) => !(a instanceof Float32Array)) ||
    state[k].length < (transforms[k].state?.length ?? 0)
  ) {
    throw new ConfigError(`state[${k}]`, `must list transform ${k}'s state arrays (Float32Array)`);
  }
  const p = transforms[k].preconditioner!(state[k], t);
  const lr = config.lr * lrScale;
  return (i) => lr * p(i);
}

/** effectiveLearningRateAt for the n parameters, as an array (small n: the tokens experiment). */
export function effectiveLearningRate(
  config: OptimizerConfig,
  transforms: readonly Transform[],
  state: Float32Array[][],
  t: number,
  n: number,
  lrScale = 1,
): number[] | null {
  argInteger("n", n, 1, 1 << 24);
  const at = effectiveLearningRateAt(config, transforms, state, t, lrScale);
  return at ? Array.from({ length: n }, (_, i) => at(i)) : null;
}
