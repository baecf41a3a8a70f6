// How runs of the heavy-tailed problems are named in figures: "GD, η = 300", "Adam, η = 0.03".
// Full-batch SGD is gradient descent, and the papers call it GD.
import type { OptimizerConfig } from "../../optimizers/registry.js";
import { optimizerDisplayName } from "../../optimizers/registry.js";
import { formatLr } from "./run-status.js";

/** "GD", "SGD + momentum", "Adam", "Adam (β₁ = 0)": the optimizer's name as the papers write it. */
export function optimizerName(optimizer: OptimizerConfig, fullBatch: boolean): string {
  const base = optimizer.name === "sgd" && fullBatch ? "GD" : optimizerDisplayName(optimizer.name);
  // Adam without its momentum (the first moment's EMA off) is a different method
  if ((optimizer.name === "adam" || optimizer.name === "adamw") && (optimizer as { b1?: unknown }).b1 === 0) return `${base} (β₁ = 0)`;
  const momentum = (optimizer as { momentum?: unknown }).momentum;
  return typeof momentum === "number" && momentum > 0 && optimizer.name !== "momentum" && optimizer.name !== "nesterov"
    ? `${base} + momentum`
    : base;
}

/** One label per run, "name, η = lr", made unique by position if two runs still share one. */
export function runLabels(optimizers: readonly OptimizerConfig[], fullBatch: boolean): string[] {
  const labels = optimizers.map((o) => `${optimizerName(o, fullBatch)}, η = ${formatLr(o.lr)}`);
  return labels.map((l, i) => (labels.filter((x) => x === l).length > 1 ? `${l} #${i + 1}` : l));
}
