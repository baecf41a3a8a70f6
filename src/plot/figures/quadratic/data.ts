// From a weighted-quadratic run (with per-class curves) to what its figure draws: which
// coordinates get a line, each coordinate's loss relative to its start, and the final
// relative loss of every coordinate against its weight π_k.
import { downsampleIndices, MAX_LINE_POINTS } from "../../common/downsample.js";
import { formatNumber } from "../tokens/data.js";
import type { ProblemRun, ProblemRunResult } from "../../../results/run.js";

export interface PlottedCoordinate {
  /** 0-based class index (coordinate k + 1 in the paper's 1-based numbering). */
  index: number;
  frequency: number;
  /** Legend label, e.g. "k = 100 (π 0.0013)". */
  label: string;
}

/** Per-coordinate loss curves, [coordinate][step], where the run kept them. */
export function coordinateLoss(run: ProblemRun): (number | null)[][] | null {
  return run.perClass?.loss ?? null;
}

/** Coordinates 1, 2, 5, 10, 20, 50, … up to d (1-based ranks on a 1-2-5 ladder), and d itself. */
export function ladderRanks(d: number): number[] {
  const ranks: number[] = [];
  for (let decade = 1; decade <= d; decade *= 10) {
    for (const m of [1, 2, 5]) if (m * decade <= d) ranks.push(m * decade);
  }
  if (ranks.at(-1) !== d) ranks.push(d);
  // Ranks closer than a factor 1.5 to d would overprint its line.
  return ranks.filter((r, i) => r === d || d / r >= 1.5 || i === 0);
}

/** The coordinates that get a line, most to least frequent, by frequency rank. */
export function plottedCoordinates(result: ProblemRunResult): PlottedCoordinate[] {
  const f = result.classes?.frequencies;
  if (!f || f.length === 0) return [];
  const order = f.map((_, k) => k).sort((a, b) => f[b] - f[a] || a - b);
  return ladderRanks(f.length).map((rank) => {
    const index = order[rank - 1];
    return { index, frequency: f[index], label: `k = ${rank} (π ${formatNumber(f[index])})` };
  });
}

/** ℓ_k(t)/ℓ_k(0): 1 at the start, 0 at w*; null where undefined (ℓ_k(0) = 0, or non-finite). */
export function relativeCoordinateLoss(curve: readonly (number | null)[]): (number | null)[] {
  const start = curve[0];
  if (start === null || start === undefined || !(start > 0)) return curve.map(() => null);
  return curve.map((l) => (l === null || !Number.isFinite(l) ? null : l / start));
}

export interface CoordinateRow {
  step: number;
  coordinate: string;
  value: number | null;
}

export function coordinateRows(run: ProblemRun, coordinates: readonly PlottedCoordinate[], maxPoints = MAX_LINE_POINTS): CoordinateRow[] {
  const loss = coordinateLoss(run);
  if (!loss) return [];
  const keep = downsampleIndices(run.steps.length, maxPoints);
  return coordinates.flatMap((c) => {
    const rel = relativeCoordinateLoss(loss[c.index] ?? []);
    return keep.map((j) => ({ step: run.steps[j], coordinate: c.label, value: rel[j] ?? null }));
  });
}

export interface FinalRow {
  optimizer: string;
  rank: number;
  frequency: number;
  value: number | null;
}

/** Most coordinates drawn per optimizer in the final-loss panel, log-spaced over the ranks. */
const FINAL_POINTS = 200;

/** Ranks 1…d picked evenly on a log scale (a log x axis then shows them evenly). */
export function logSpacedRanks(d: number, max = FINAL_POINTS): number[] {
  if (d <= max) return Array.from({ length: d }, (_, i) => i + 1);
  const picks = Array.from({ length: max }, (_, j) => Math.round(Math.exp((j * Math.log(d)) / (max - 1))));
  return [...new Set(picks)];
}

/** Each run's final ℓ_k/ℓ_k(0) against π_k, at log-spaced frequency ranks. */
export function finalRows(result: ProblemRunResult, labels: readonly string[]): FinalRow[] {
  const f = result.classes?.frequencies;
  if (!f) return [];
  const order = f.map((_, k) => k).sort((a, b) => f[b] - f[a] || a - b);
  const ranks = logSpacedRanks(f.length);
  return result.runs.flatMap((run, i) => {
    const loss = coordinateLoss(run);
    if (!loss) return [];
    return ranks.map((rank) => {
      const k = order[rank - 1];
      const rel = relativeCoordinateLoss(loss[k] ?? []);
      return { optimizer: labels[i], rank, frequency: f[k], value: rel.at(-1) ?? null };
    });
  });
}
