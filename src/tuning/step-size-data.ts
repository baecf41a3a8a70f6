// From sweep results to the step-size figure's data, scored by the sweep's own tuning rule
// (src/tuning/step-size-rule.ts: worst seed, a diverged run at its initial loss, ties to the smaller
// step). Node-side: the rule's module hashes cells with node:crypto; the spec builder in
// src/plot/figures/step-sizes/figure.ts takes the plain StepSizeData this returns and stays browser-safe.
import type { CellSummary } from "./cell.js";
import { diverged, score, tuneStepSizes, type CellResult } from "./step-size-rule.js";
import { canonicalJson, label } from "../io/canonical-json.js";
import { optimizerDisplayName } from "../optimizers/registry.js";
import { isFullBatch } from "../problems/shared/fields.js";
import type { StepSizeData, StepSizePoint } from "../results/step-sizes.js";

function finite(x: unknown): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

/** The final loss of the rarest group, where the runner reports group losses. */
function rarest(summary: CellSummary): number | null {
  const groups = summary.finalGroupLoss;
  return Array.isArray(groups) && groups.length > 0 ? finite(groups.at(-1)) : null;
}

/** A cell's optimizer as the figures name it: "GD", "Adam (b1=0)", "sign descent (momentum=0.9)". */
export function optimizerFieldLabel(value: unknown, fullBatch: boolean): { label: string; name: string | null } {
  const name =
    typeof value === "string"
      ? value.split(":")[0]
      : value && typeof value === "object" && typeof (value as { name?: unknown }).name === "string"
        ? (value as { name: string }).name
        : null;
  if (name === null) return { label: JSON.stringify(value), name: null };
  const base = name === "sgd" && fullBatch ? "GD" : optimizerDisplayName(name);
  const extra =
    typeof value === "string"
      ? value.split(":").slice(1).join(":")
      : Object.entries(value as Record<string, unknown>)
          .filter(([k]) => k !== "name")
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(",");
  return { label: extra ? `${base} (${extra})` : base, name };
}

export function stepSizeData(problem: string, results: readonly CellResult[]): StepSizeData {
  const tuning = tuneStepSizes(results);
  const nameOf = (cell: Record<string, unknown>): { label: string; name: string | null } => {
    const fullBatch = problem !== "tokens" && isFullBatch({ batch: cell.batch });
    const o = cell.optimizer === undefined ? null : optimizerFieldLabel(cell.optimizer, fullBatch);
    const rest = tuning.groupFields.filter((f) => f !== "optimizer").map((f) => `${f}=${label(cell[f] ?? null)}`);
    return { label: [o?.label, ...rest].filter(Boolean).join(", ") || "all cells", name: o?.name ?? null };
  };
  const same = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    tuning.groupFields.every((f) => canonicalJson(a[f] ?? null) === canonicalJson(b[f] ?? null));
  const series = tuning.groups.map((g) => {
    // A cell of the group names it (the group's fields omit an optimizer that does not vary).
    const { label: name, name: optimizer } = nameOf(results.find((r) => same(r.cell, g.fields))?.cell ?? g.fields);
    return {
      series: name,
      optimizer,
      grid: g.grid
        .filter((x) => x.lr !== null)
        .map((x) => ({ lr: x.lr as number, worst: x.worst, divergedSeeds: x.divergedSeeds, seeds: x.seeds })),
      chosenLr: g.chosen.lr,
      edge: g.edge,
    };
  });
  const points: StepSizePoint[] = results
    .filter((r) => typeof r.cell.lr === "number")
    .map((r) => ({
      series: nameOf(r.cell).label,
      lr: r.cell.lr as number,
      seed: typeof r.cell.seed === "number" ? r.cell.seed : null,
      finalLoss: finite(r.summary.finalLoss),
      initialLoss: finite(r.summary.initialLoss),
      score: score(r.summary),
      diverged: diverged(r.summary),
      rarestGroupLoss: rarest(r.summary),
    }));
  const groups = Math.max(0, ...results.map((r) => (Array.isArray(r.summary.finalGroupLoss) ? r.summary.finalGroupLoss.length : 0)));
  return { problem, groupFields: tuning.groupFields, series, points, groups };
}
