// Effective learning rate of an adaptive method: η times its per-coordinate preconditioner,
// e.g. Adam's η/(√v̂ + ε). Once a weight has converged its gradients are small, v̂ is tiny
// and the effective rate is far above η — largest for the rarest features.
import type { OptimizerConfig } from "../optimizers/registry.js";
import type { Transform } from "../optimizers/transform.js";

/** η·P_i at step t from the final transform state, or null if the chain has no preconditioner. */
export function effectiveLearningRate(config: OptimizerConfig, transforms: readonly Transform[],
  state: Float32Array[][], t: number, n: number): number[] | null {
  const k = transforms.findIndex((tr) => tr.preconditioner);
  if (k < 0) return null;
  const p = transforms[k].preconditioner!(state[k], t);
  return Array.from({ length: n }, (_, i) => config.lr * p(i));
}
