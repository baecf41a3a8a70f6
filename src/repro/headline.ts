// Headline sentences computed from results, shared by the reproductions' READMEs.
import { groupCurve, groupValueKind, type GroupResult } from "../plot/figures/groups/data.js";
import { runLabels } from "../plot/common/run-labels.js";
import { isFullBatch } from "../problems/shared/fields.js";
import { formatLr, runStatus } from "../plot/common/run-status.js";
import { formatShort } from "../plot/common/scales.js";
import type { ChosenStepSize } from "./tune-and-run.js";

const fmt = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "n/a" : formatShort(x, 3));

/** Per run: the most frequent and the rarest group from step 0 to the end, and the change of the rarest. */
export function groupHeadlines(result: GroupResult): string[] {
  const kind = groupValueKind(result);
  const labels = runLabels(
    result.runs.map((r) => r.optimizer),
    isFullBatch(result.config.config),
  );
  const G = result.groups?.count ?? 0;
  if (G === 0) return [];
  const what =
    kind === "loss"
      ? "loss"
      : result.groupOptimalLoss
        ? "excess loss over the group's optimum (relative to step 0)"
        : "excess loss (relative to step 0)";
  return result.runs.map((run, i) => {
    const first = groupCurve(result, run, 0);
    const rare = groupCurve(result, run, G - 1);
    const r0 = rare[0];
    const r1 = rare.at(-1);
    // Relative values are already fractions of the start; a percentage of a loss helps only for raw losses.
    const change =
      kind === "loss" && r0 && r1 !== null && r1 !== undefined
        ? ` (${r1 <= r0 ? "−" : "+"}${Math.round((100 * Math.abs(r0 - r1)) / r0)}%)`
        : "";
    const status = runStatus(run);
    const flag = status.diverged
      ? " — diverged"
      : status.spikeStep !== null
        ? ` — loss above 1.5× its start at step ${status.spikeStep}, then fell`
        : "";
    return (
      `**${labels[i]}**: ${what} of G1 (most frequent) ${fmt(first[0])} → ${fmt(first.at(-1))}; ` +
      `of G${G} (rarest) ${fmt(r0)} → ${fmt(r1)}${change}; total loss ${fmt(run.initialLoss)} → ${fmt(run.finalLoss)}${flag}.`
    );
  });
}

/** "GD 0.1, Adam 0.01 (largest of its grid), sign 0.0003". */
export function chosenText(chosen: readonly ChosenStepSize[], names: Record<string, string>): string {
  return chosen
    .map((c) => `${names[c.optimizer] ?? c.optimizer} ${formatLr(c.lr)}${c.edge ? ` (the ${c.edge} of its grid)` : ""}`)
    .join(", ");
}

/** Grids as "GD {0.01 … 1} (5 values)". */
export function gridText(grids: readonly { optimizer: string; lrs: number[] }[], names: Record<string, string>): string {
  return grids
    .map((g) => `${names[g.optimizer] ?? g.optimizer} ${g.lrs.length === 1 ? formatLr(g.lrs[0]) : `{${g.lrs.map(formatLr).join(", ")}}`}`)
    .join("; ");
}

export const FULL_BATCH_NAMES: Record<string, string> = { sgd: "GD", adam: "Adam", sign: "sign descent" };
