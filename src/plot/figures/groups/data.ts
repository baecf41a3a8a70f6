// From a ProblemRunResult to what the per-frequency-group figure draws: group labels, the
// class → group map, group loss curves, and the class-frequency histogram as rank segments.
import { downsampleIndices, MAX_LINE_POINTS } from "../../common/downsample.js";
import { finiteOrNull } from "../tokens/data.js";
import type { ProblemRun, ProblemRunResult } from "../../../results/run.js";

/**
 * A run result, optionally with each group's optimal loss L_g* where the caller knows it (the
 * bigram softmax model on expected counts: the conditional entropy of the group's pairs).
 */
export type GroupResult = ProblemRunResult & { groupOptimalLoss?: (number | null)[] };

/**
 * What a group curve shows. With the optimum known — per group, or L* where every class has
 * the same minimum (quadratic; bigram square loss, whose rows are permutations of one law) —
 * the group's excess loss relative to its start, from 1 to 0; otherwise the group loss itself.
 */
export type GroupValue = "relative" | "loss";

/** L_g*: the group's own optimum if given, else L* (same for every class), else null. */
export function groupOptimum(result: GroupResult, g: number): number | null {
  return result.groupOptimalLoss?.[g] ?? result.optimalLoss;
}

/** Whether the curves are measured against each group's own optimum (given with the result). */
export function perGroupOptimum(result: GroupResult): boolean {
  return Array.isArray(result.groupOptimalLoss) && result.groupOptimalLoss.some((x) => x !== null);
}

export function groupValueKind(result: GroupResult): GroupValue {
  return groupOptimum(result, 0) !== null ? "relative" : "loss";
}

export function groupAxisTitle(kind: GroupValue, perGroup = false): string {
  return kind === "relative"
    ? perGroup
      ? "excess loss (L_g − L_g*)/(L_g(0) − L_g*)"
      : "excess loss (L_g − L*)/(L_g(0) − L*)"
    : "group loss";
}

/** "G1 (1)", …, "G7 (64)": the group and how many classes it holds; G1 is the most frequent. */
export function groupLabels(result: ProblemRunResult): string[] {
  return (result.groups?.classes ?? []).map((n, g) => `G${g + 1} (${n})`);
}

export interface GroupCurveRow {
  step: number;
  group: string;
  value: number | null;
  loss: number | null;
}

/** A run's curve for group g: the group loss, or its excess over the optimum relative to step 0. */
export function groupCurve(result: GroupResult, run: ProblemRun, g: number): (number | null)[] {
  const loss = run.groupLoss?.[g] ?? [];
  const optimalLoss = groupOptimum(result, g);
  if (groupValueKind(result) === "loss" || optimalLoss === null) return loss.map(finiteOrNull);
  const start = loss[0];
  if (start === null || start === undefined || !(start - optimalLoss > 0)) return loss.map(() => null);
  // L* bounds every class from below: a value under it is f32 rounding, shown as 0. A group's
  // own optimum L_g* does not (a model can favour the group's classes at the others' expense),
  // so per-group excess keeps its sign.
  const floor = perGroupOptimum(result) ? -Infinity : 0;
  return loss.map((l) => (l === null || !Number.isFinite(l) ? null : Math.max(floor, (l - optimalLoss) / (start - optimalLoss))));
}

/** Long-format curves of every group of one run, at most maxPoints steps per group. */
export function groupCurveRows(
  result: GroupResult,
  run: ProblemRun,
  labels: readonly string[],
  maxPoints = MAX_LINE_POINTS,
): GroupCurveRow[] {
  const keep = downsampleIndices(run.steps.length, maxPoints);
  return labels.flatMap((group, g) => {
    const curve = groupCurve(result, run, g);
    return keep.map((j) => ({ step: run.steps[j], group, value: curve[j] ?? null, loss: finiteOrNull(run.groupLoss?.[g]?.[j]) }));
  });
}

/**
 * groupOf[k] for every class. Groups are contiguous in the frequency order groupByFrequency
 * uses (descending, ties by index), so the first classes[0] classes of that order are G1, and
 * so on: the run's grouping exactly, from its class counts. Null without per-class frequencies.
 */
export function classGroups(result: ProblemRunResult): Int32Array | null {
  const frequencies = result.classes?.frequencies;
  const counts = result.groups?.classes;
  if (!frequencies || !counts || counts.reduce((a, b) => a + b, 0) !== frequencies.length) return null;
  const order = frequencies.map((_, k) => k).sort((a, b) => frequencies[b] - frequencies[a] || a - b);
  const groupOf = new Int32Array(frequencies.length);
  let position = 0;
  counts.forEach((n, g) => {
    for (let i = 0; i < n; i++) groupOf[order[position++]] = g;
  });
  return groupOf;
}

export interface FrequencySegment {
  group: string;
  from: number;
  to: number;
  frequency: number;
}

/** Most segments drawn per group: a long tail of classes becomes a staircase of this many steps. */
const SEGMENTS_PER_GROUP = 40;

/**
 * The class-frequency histogram as rank segments: classes sorted most → least frequent at
 * ranks 1…c, each segment [from, to] drawn at the largest frequency in it and coloured by its
 * group. From per-class frequencies where the result has them; else one segment per group at
 * its largest frequency (results saved before frequencies were recorded).
 */
export function frequencySegments(result: ProblemRunResult, labels: readonly string[]): FrequencySegment[] {
  const groups = result.groups;
  if (!groups) return [];
  const frequencies = result.classes?.frequencies;
  const segments: FrequencySegment[] = [];
  let rank = 0;
  if (!frequencies || classGroups(result) === null) {
    groups.classes.forEach((n, g) => {
      segments.push({ group: labels[g], from: rank, to: rank + n, frequency: groups.maxFrequency[g] });
      rank += n;
    });
    return segments;
  }
  const sorted = [...frequencies].sort((a, b) => b - a);
  groups.classes.forEach((n, g) => {
    const cuts = downsampleIndices(n + 1, SEGMENTS_PER_GROUP + 1);
    for (let i = 0; i + 1 < cuts.length; i++) {
      segments.push({ group: labels[g], from: rank + cuts[i], to: rank + cuts[i + 1], frequency: sorted[rank + cuts[i]] });
    }
    rank += n;
  });
  return mergeEqual(segments.filter((s) => s.frequency > 0));
}

/** Adjacent segments of one group at the same height become one bar (no seams between classes of a level). */
function mergeEqual(segments: FrequencySegment[]): FrequencySegment[] {
  const out: FrequencySegment[] = [];
  for (const s of segments) {
    const last = out.at(-1);
    if (last && last.group === s.group && last.frequency === s.frequency && last.to === s.from) last.to = s.to;
    else out.push({ ...s });
  }
  return out;
}
