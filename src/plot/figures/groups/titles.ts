// Titles of the per-frequency-group figure that say what the curves show, computed from them:
// how much each group's loss fell, most frequent against rarest, in the subtitle's numbers.
import type { PanelTitle } from "../../common/vega-lite.js";
import { groupCurve, groupValueKind, perGroupOptimum, type GroupResult } from "./data.js";
import { runStatus } from "../../common/run-status.js";
import { formatShort } from "../../common/scales.js";
import type { ProblemRun, ProblemRunResult } from "../../../results/run.js";

/** Relative excess losses below this are f32 rounding, drawn at the floor of a log axis. */
export const RELATIVE_FLOOR = 1e-6;
const RELATIVE_FLOOR_TEXT = formatShort(RELATIVE_FLOOR);

/** Fraction of its step-0 value a group's curve lost by the end (null without data). */
export function groupDrop(result: GroupResult, run: ProblemRun, g: number): number | null {
  const curve = groupCurve(result, run, g);
  const start = curve[0];
  const end = curve.at(-1);
  if (start === null || start === undefined || end === null || end === undefined || !(start > 0)) return null;
  return 1 - end / start;
}

const percent = (x: number) => `${Math.round(100 * x)}%`;

function fmt(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "n/a" : formatShort(x);
}

/** A group with less than this share of its starting excess loss left counts as converged. */
export const CONVERGED = 0.05;

/** A run's rarest group "lags" when it fell by less than this share of the best run's fall. */
export const LAG_SHARE = 0.5;

/**
 * "(b) GD, η = 0.1: the rarest group lags (−33% vs −99% under Adam)" when another run took the
 * rarest group at least twice as far; "(c) Adam, η = 0.001: every group falls, the rarest by 99%"
 * when it is that run; otherwise the falls of G1 and the rarest group. Numbers in the subtitle.
 */
export function groupPanelTitle(letter: string, labels: readonly string[], i: number, result: GroupResult): PanelTitle {
  const kind = groupValueKind(result);
  const run = result.runs[i];
  const head = `(${letter}) ${labels[i]}`;
  const G = run.groupLoss?.length ?? 0;
  if (G === 0) return { text: `${head}: no group losses recorded` };
  const last = G - 1;
  const first = groupCurve(result, run, 0);
  const rare = groupCurve(result, run, last);
  let subtitle =
    kind === "relative"
      ? `excess loss left at step ${run.steps.at(-1)}: G1 ${fmt(first.at(-1))}, G${G} ${fmt(rare.at(-1))} (1 = not moved)`
      : `G1: ${fmt(first[0])} → ${fmt(first.at(-1))} · G${G} (rarest): ${fmt(rare[0])} → ${fmt(rare.at(-1))}`;
  const status = runStatus(run);
  if (status.diverged) return { text: `${head}: diverged (${run.divergence?.reason} at step ${run.divergence?.step})`, subtitle };
  if (status.spikeStep !== null) subtitle += ` · loss above 1.5× its start at step ${status.spikeStep}, then fell`;
  const d0 = groupDrop(result, run, 0);
  const dr = groupDrop(result, run, last);
  if (d0 === null || dr === null || G === 1) return { text: head, subtitle };
  const signed = (d: number) => `${d >= 0 ? "−" : "+"}${percent(Math.abs(d))}`;
  // The best fall of the rarest group among the runs that did not diverge.
  const others = result.runs
    .map((r, j) => ({ j, drop: runStatus(r).diverged || (r.groupLoss?.length ?? 0) !== G ? null : groupDrop(result, r, last) }))
    .filter((x): x is { j: number; drop: number } => x.drop !== null);
  const best = others.reduce((a, b) => (b.drop > a.drop ? b : a), others[0]);
  const ends = Array.from({ length: G }, (_, g) => groupCurve(result, run, g).at(-1) ?? null);
  let text: string;
  if (kind === "relative" && ends.every((v) => v !== null && Math.abs(v) < CONVERGED)) {
    text = `${head}: every group ends with < ${percent(CONVERGED)} of its excess loss left`;
  } else if (best && best.j !== i && best.drop > 0 && dr < LAG_SHARE * best.drop) {
    text = `${head}: the rarest group lags (${signed(dr)} vs ${signed(best.drop)} under ${labels[best.j].split(",")[0]})`;
  } else if (dr >= LAG_SHARE * d0 && Array.from({ length: G }, (_, g) => groupDrop(result, run, g)).every((d) => d !== null && d > 0)) {
    text = `${head}: every group falls, the rarest by ${percent(dr)}`;
  } else {
    text = `${head}: G1 ${signed(d0)}, rarest group G${G} ${signed(dr)}`;
  }
  return { text, subtitle };
}

/** A class above one share is a group by itself (the unknown class of a corpus): say which, and why fewer groups. */
function singleClassGroups(result: ProblemRunResult): string[] | null {
  const g = result.groups;
  const asked = result.config.groups ?? 10;
  if (!g || g.count >= asked) return null;
  const single = g.classes.flatMap((n, j) => (n === 1 && g.share[j] > 1 / asked ? [j] : []));
  if (single.length === 0) return null;
  const corpus = result.config.config.corpus;
  const names = single.map(
    (j) =>
      `G${j + 1}${corpus && j === 0 && result.classes?.frequencies?.indexOf(g.maxFrequency[0]) === Number(result.config.config.vocab) - 1 ? " (the unknown class)" : ""}`,
  );
  return [`${names.join(", ")}: one class above 1/${asked} of the samples, a group by itself (its shares merged: ${g.count} groups)`];
}

/** The histogram panel: what the groups are. */
export function histogramTitle(result: ProblemRunResult): PanelTitle {
  const g = result.groups;
  const classIs = result.classes?.classIs ?? "class";
  if (!g) return { text: "(a) Class frequencies" };
  const n = (k: number) => `${k} ${k === 1 ? classIs : `${classIs}s`}`;
  return {
    text: `(a) ${g.count} frequency groups of ~${percent(1 / g.count)} of the samples each`,
    subtitle: [
      `G1 holds ${n(g.classes[0])} (${percent(g.share[0])}), G${g.count} holds ${n(g.classes.at(-1)!)} (${percent(g.share.at(-1)!)})`,
      `${classIs} frequencies from ${fmt(g.maxFrequency[0])} down to ${fmt(g.minFrequency.at(-1))}`,
      ...(singleClassGroups(result) ?? []),
    ],
  };
}

/** A problem config as "d 500, alpha 1, …" (the data seed only where it differs from the run's). */
export function problemSettings(config: Record<string, unknown>, seed: number): string {
  // an empty text (no checkpoint file) says nothing
  return Object.entries(config)
    .filter(([k, v]) => !(k === "seed" && v === seed) && v !== "")
    .map(([k, v]) => `${k} ${Array.isArray(v) ? `[${v.length} values]` : String(v)}`)
    .join(", ");
}

/** The figure's title: problem, settings, steps, seed, and where each run left the rarest group. */
export function groupFigureTitle(result: GroupResult, labels: readonly string[]): PanelTitle {
  const kind = groupValueKind(result);
  const c = result.config;
  const settings = problemSettings(c.config, c.seed);
  const G = result.groups?.count ?? 0;
  const subtitle = [`${settings ? `${settings} · ` : ""}${c.steps} steps · seed ${c.seed} · ${result.backend}`];
  if (perGroupOptimum(result)) {
    subtitle.push(
      "L_g*: the group's optimal loss (the conditional entropy of its pairs); 1 = not moved from the start, 0 = at the optimum",
    );
  } else if (kind === "relative")
    subtitle.push(`excess loss relative to step 0; below ${RELATIVE_FLOOR_TEXT} (f32 rounding) drawn at ${RELATIVE_FLOOR_TEXT}`);
  if (G > 1 && result.runs.length > 0) {
    const ends = result.runs.map((r, i) => `${labels[i].split(",")[0]} ${fmt(groupCurve(result, r, G - 1).at(-1))}`);
    const start = groupCurve(result, result.runs[0], G - 1)[0];
    subtitle.push(`rarest group G${G} at step ${c.steps}: ${ends.join(", ")} (from ${fmt(start)})`);
  }
  return {
    text: `${c.problem}: ${kind === "loss" ? "loss" : result.groupOptimalLoss ? "excess loss over each group's optimum" : "excess loss"} per frequency group, most frequent (light) to rarest (dark)`,
    subtitle,
  };
}
