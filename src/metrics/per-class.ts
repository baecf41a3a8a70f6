// Parameter-level quantities averaged per class (ClassStatistics.classOfParam): the fraction
// of steps in which a class's parameters had a non-zero gradient, and an adaptive method's
// effective learning rate η·P per class (mean over the class's parameters).
import type { ClassStatistics } from "../problems/problem.js";

/** Mean of `values[i]` over the parameters i of each class. */
export function meanPerClass(stats: ClassStatistics, values: ArrayLike<number>): Float64Array {
  return meanPerClassOf(stats, values.length, (i) => values[i]);
}

/**
 * Mean of value(i) over the parameters i < n of each class (values never stored: n may be d²);
 * parameters of no class (classOfParam −1: a transformer's body) are left out.
 */
export function meanPerClassOf(stats: ClassStatistics, n: number, value: (i: number) => number): Float64Array {
  const sum = new Float64Array(stats.classes);
  const count = new Float64Array(stats.classes);
  for (let i = 0; i < n; i++) {
    const k = stats.classOfParam(i);
    if (k < 0) continue;
    sum[k] += value(i);
    count[k] += 1;
  }
  return sum.map((s, k) => (count[k] > 0 ? s / count[k] : NaN));
}

/**
 * Fraction of `steps` with a non-zero gradient, averaged over each class's parameters. Counts
 * folded by a problem's countFold F (counts[j] sums the n/F parameters i ≡ j mod F, whose
 * class depends on i mod F only): pass perCount = n/F.
 */
export function nonzeroFractionPerClass(stats: ClassStatistics, counts: ArrayLike<number>, steps: number, perCount = 1): Float64Array {
  return meanPerClass(stats, counts).map((c) => c / (perCount * Math.max(steps, 1)));
}
