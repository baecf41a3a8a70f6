import { ConfigError } from "../config/error.js";
// Frequency groups (phenomenon 4): classes sorted from most to least frequent and cut so
// that each group holds about the same share of the samples; a group's loss is the
// sample-weighted mean of its classes' losses. Group 0 is the most frequent.
import { argInteger, argList, argNumbers, argObject } from "../config/args.js";

export interface FrequencyGroups {
  /** group[k]: the group of class k. */
  readonly groupOf: Int32Array;
  /** Number of non-empty groups (≤ the number asked for: one very frequent class can hold more than one share). */
  readonly count: number;
  /** Share of all samples in each group. */
  readonly share: number[];
  /** Number of classes in each group. */
  readonly classes: number[];
}

/**
 * Assigns each class to the group whose share its samples fall in: class k, preceded by a
 * cumulative share s (in frequency order) and holding share p_k, goes to ⌊(s + p_k/2)·G⌋.
 * Empty groups are dropped and the rest renumbered in order.
 */
export function groupByFrequency(frequencies: ArrayLike<number>, groups: number, field = "groups"): FrequencyGroups {
  argList("frequencies", frequencies, 1);
  const c = frequencies.length;
  if (!Number.isInteger(groups) || groups < 1 || groups > c) {
    throw new ConfigError(field, `must be an integer in [1, ${c}] (the number of classes), got ${groups}`);
  }
  let total = 0;
  for (let k = 0; k < c; k++) {
    if (!(frequencies[k] >= 0)) throw new ConfigError("frequencies", `class ${k} has frequency ${frequencies[k]}; must be ≥ 0`);
    total += frequencies[k];
  }
  if (!(total > 0)) throw new ConfigError("frequencies", "must not all be zero");
  const order = Array.from({ length: c }, (_, k) => k).sort((a, b) => frequencies[b] - frequencies[a] || a - b);
  const raw = new Int32Array(c);
  let cumulative = 0;
  for (const k of order) {
    const p = frequencies[k] / total;
    raw[k] = Math.min(groups - 1, Math.floor((cumulative + p / 2) * groups));
    cumulative += p;
  }
  const used = [...new Set(order.map((k) => raw[k]))];
  const renumber = new Map(used.map((g, i) => [g, i]));
  const groupOf = raw.map((g) => renumber.get(g)!);
  const share = new Array<number>(used.length).fill(0);
  const classes = new Array<number>(used.length).fill(0);
  for (let k = 0; k < c; k++) {
    share[groupOf[k]] += frequencies[k] / total;
    classes[groupOf[k]] += 1;
  }
  return { groupOf, count: used.length, share, classes };
}

/** Sample-weighted mean of the class losses within each group. */
export function groupLoss(groups: FrequencyGroups, frequencies: ArrayLike<number>, classLoss: ArrayLike<number>): number[] {
  const g = argObject<FrequencyGroups>("groups", groups, "frequency groups (groupByFrequency)");
  argInteger("groups.count", g.count, 1);
  argNumbers("frequencies", frequencies, { min: 0 });
  if (!g.groupOf || g.groupOf.length !== frequencies.length)
    throw new ConfigError("groups", `must group the ${frequencies.length} classes of frequencies (groupByFrequency)`);
  argList("classLoss", classLoss, frequencies.length);
  // A class's loss may be NaN or infinite (a diverged run): its group's loss is then too.
  for (let k = 0; k < frequencies.length; k++)
    if (typeof classLoss[k] !== "number") throw new ConfigError(`classLoss[${k}]`, `must be a number (got ${typeof classLoss[k]})`);
  const num = new Array<number>(groups.count).fill(0);
  const den = new Array<number>(groups.count).fill(0);
  for (let k = 0; k < frequencies.length; k++) {
    if (frequencies[k] === 0) continue;
    num[groups.groupOf[k]] += frequencies[k] * classLoss[k];
    den[groups.groupOf[k]] += frequencies[k];
  }
  return num.map((x, g) => x / den[g]);
}
