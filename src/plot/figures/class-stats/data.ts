// From a run result with per-class statistics (the linear softmax model records the loss,
// the gradient norm ‖∇_{W_k} L‖ and the Hessian block trace tr ∇²_{W_k W_k} L of every class)
// to the points of the gradient-norm-against-Hessian-trace figure, and the steps it shows.
import { rankCorrelation } from "../../../metrics/rank-correlation.js";
import { spreadPick } from "../../common/downsample.js";
import { classGroups, groupLabels } from "../groups/data.js";
import type { ProblemRun, ProblemRunResult } from "../../../results/run.js";

/** Most points per panel: beyond this, an even spread over the frequency ranks. */
export const MAX_CLASS_POINTS = 2000;

export interface ClassPoint {
  group: string;
  rank: number;
  frequency: number;
  gradNorm: number;
  hessianTrace: number;
}

export function hasClassStats(run: ProblemRun): boolean {
  return Boolean(run.perClass?.gradNorm && run.perClass?.hessianTrace);
}

/**
 * Up to `count` steps to show, as indices into run.steps: the start, the recorded step nearest
 * a tenth of the run, and the end (fewer if the run recorded fewer distinct steps).
 */
export function pickStepIndices(steps: readonly number[], count = 3): number[] {
  if (steps.length === 0) return [];
  const last = steps.length - 1;
  const total = steps[last];
  const nearest = (t: number) => steps.reduce((best, s, j) => (Math.abs(s - t) < Math.abs(steps[best] - t) ? j : best), 0);
  const wanted =
    count <= 1
      ? [last]
      : count === 2
        ? [0, last]
        : [0, ...Array.from({ length: count - 2 }, (_, i) => nearest(total / 10 ** (count - 2 - i))), last];
  return [...new Set(wanted)].sort((a, b) => a - b);
}

/** The classes drawn: sorted most → least frequent, thinned to MAX_CLASS_POINTS. */
export function plottedClasses(result: ProblemRunResult): { index: number; rank: number; frequency: number; group: string }[] {
  const f = result.classes?.frequencies;
  const groupOf = classGroups(result);
  if (!f || !groupOf) return [];
  const labels = groupLabels(result);
  const order = f.map((_, k) => k).sort((a, b) => f[b] - f[a] || a - b);
  return spreadPick(
    order.map((index, r) => ({ index, rank: r + 1, frequency: f[index], group: labels[groupOf[index]] })),
    MAX_CLASS_POINTS,
  );
}

/** One run's points at recorded step j: classes with a positive gradient norm and Hessian trace (log–log). */
export function classPoints(run: ProblemRun, j: number, classes: ReturnType<typeof plottedClasses>): ClassPoint[] {
  const g = run.perClass?.gradNorm;
  const h = run.perClass?.hessianTrace;
  if (!g || !h) return [];
  return classes
    .map((c) => ({
      group: c.group,
      rank: c.rank,
      frequency: c.frequency,
      gradNorm: g[c.index]?.[j] ?? NaN,
      hessianTrace: h[c.index]?.[j] ?? NaN,
    }))
    .filter((p) => Number.isFinite(p.gradNorm) && Number.isFinite(p.hessianTrace) && p.gradNorm > 0 && p.hessianTrace > 0);
}

/** Spearman rank correlation of gradient norm and Hessian trace over the points (null if < 3). */
export function gradHessianCorrelation(points: readonly ClassPoint[]): number | null {
  if (points.length < 3) return null;
  const rho = rankCorrelation(
    points.map((p) => p.gradNorm),
    points.map((p) => p.hessianTrace),
  );
  return Number.isFinite(rho) ? rho : null;
}
