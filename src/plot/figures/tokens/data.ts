// From a TokensResult to the flat rows the four panels draw: which runs and which tokens
// appear, trajectories thinned to a few hundred points, non-finite numbers made null
// (JSON has no NaN; Vega-Lite drops nulls from continuous scales).
import { downsampleIndices, MAX_LINE_POINTS, spreadPick } from "../../common/downsample.js";
import type { TokensResult, TokensRun } from "../../../results/tokens.js";
import { optimizerDisplayName } from "../../../optimizers/registry.js";

/** Beyond this many tokens a legend and a line per token stop being readable. */
export const MAX_PLOTTED_TOKENS = 12;

export interface PlottedToken {
  /** Position in config.tokens and in every per-token array of a run. */
  index: number;
  name: string;
  frequency: number;
  trueWeight: number;
  /** Legend label, e.g. "thalweg (0.001)". */
  label: string;
}

export interface TrajectoryRow {
  step: number;
  token: string;
  weight: number | null;
}
export interface ErrorRow {
  token: string;
  optimizer: string;
  error: number | null;
  shown: number | null;
}
export interface EffectiveLrRow {
  token: string;
  name: string;
  frequency: number;
  effectiveLr: number;
}

export function finiteOrNull(x: number | null | undefined): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

/** 0.95 → "0.95", 0.001 → "0.001", 1e-7 → "1e-7": two significant digits, no trailing zeros. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(2)));
}

/**
 * Tokens sorted from most to least frequent (ties keep config order); with more than
 * MAX_PLOTTED_TOKENS, an even spread over the ranks that keeps the most frequent and the rarest.
 */
export function plottedTokens(result: TokensResult, max = MAX_PLOTTED_TOKENS): PlottedToken[] {
  const sorted = result.config.tokens
    .map((t, index) => ({
      index,
      name: t.name,
      frequency: t.frequency,
      trueWeight: t.trueWeight,
      label: `${t.name} (${formatNumber(t.frequency)})`,
    }))
    .sort((a, b) => b.frequency - a.frequency || a.index - b.index);
  return spreadPick(sorted, max);
}

/** Panel (a)'s run: the one named sgd, else the first without a preconditioner, else the first. */
export function pickPlainRun(runs: readonly TokensRun[]): TokensRun | null {
  return runs.find((r) => r.optimizer.name === "sgd") ?? runs.find((r) => r.effectiveLr === null) ?? runs[0] ?? null;
}

/** Panels (c, d)'s run: the one named adam with an effective lr, else the first adaptive run. */
export function pickAdaptiveRun(runs: readonly TokensRun[]): TokensRun | null {
  return runs.find((r) => r.optimizer.name === "adam" && r.effectiveLr !== null) ?? runs.find((r) => r.effectiveLr !== null) ?? null;
}

/** Display names of the runs ("SGD", "Adam"), made unique by step size, then position, if names repeat. */
export function runLabels(runs: readonly TokensRun[]): string[] {
  const count = (xs: string[], x: string) => xs.filter((y) => y === x).length;
  const names = runs.map((r) => optimizerDisplayName(r.optimizer.name));
  const withLr = names.map((n, i) => (count(names, n) > 1 ? `${n} η=${formatNumber(runs[i].optimizer.lr)}` : n));
  return withLr.map((n, i) => (count(withLr, n) > 1 ? `${n} #${i + 1}` : n));
}

/** Long-format weights of the plotted tokens, at most maxPoints steps per token. */
export function trajectoryRows(run: TokensRun, tokens: readonly PlottedToken[], maxPoints = MAX_LINE_POINTS): TrajectoryRow[] {
  const { steps, weights } = run.trajectory;
  const rows: TrajectoryRow[] = [];
  const keep = downsampleIndices(Math.min(steps.length, weights.length), maxPoints);
  for (const t of tokens) {
    for (const j of keep) rows.push({ step: steps[j], token: t.label, weight: finiteOrNull(weights[j][t.index]) });
  }
  return rows;
}

/**
 * Final |w − w*| per plotted token and run. `shown` is what a log axis can draw: the error
 * raised to `floor` (zero has no logarithm); the tooltip keeps the true value.
 */
export function errorRows(
  runs: readonly TokensRun[],
  labels: readonly string[],
  tokens: readonly PlottedToken[],
  floor: number,
): ErrorRow[] {
  return runs.flatMap((r, i) =>
    tokens.map((t) => {
      const error = finiteOrNull(r.absError[t.index]);
      return { token: t.name, optimizer: labels[i], error, shown: error === null ? null : Math.max(error, floor) };
    }),
  );
}

/** Effective learning rate against frequency; only points a log–log plot can place (both > 0). */
export function effectiveLrRows(run: TokensRun, tokens: readonly PlottedToken[]): EffectiveLrRow[] {
  const lr = run.effectiveLr ?? [];
  return tokens
    .map((t) => ({ token: t.label, name: t.name, frequency: t.frequency, effectiveLr: lr[t.index] }))
    .filter((row) => row.frequency > 0 && Number.isFinite(row.effectiveLr) && row.effectiveLr > 0);
}
