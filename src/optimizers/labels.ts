// Names for runs in text output: the optimizer's name, and where two runs share a name, the
// settings that tell them apart in spec syntax — "sign" and "sign:momentum=0.9", "sgd:lr=0.1"
// and "sgd:lr=1" — so that every column header and note says which run it is.
import type { OptimizerConfig } from "./registry.js";

function valueText(v: unknown): string {
  return typeof v === "number" ? String(Number(v.toPrecision(6))) : String(v);
}

/** One distinct label per optimizer (identical configs get "#i" by position). */
export function optimizerLabels(optimizers: readonly OptimizerConfig[]): string[] {
  const labels = optimizers.map((o) => {
    const twins = optimizers.filter((x) => x.name === o.name);
    if (twins.length === 1) return o.name;
    const keys = Object.keys(o).filter((k) => k !== "name" && new Set(twins.map((x) => valueText(x[k]))).size > 1);
    return keys.length ? `${o.name}:${keys.map((k) => `${k}=${valueText(o[k])}`).join(",")}` : o.name;
  });
  return labels.map((l, i) => (labels.filter((x) => x === l).length > 1 ? `${l} #${i + 1}` : l));
}
