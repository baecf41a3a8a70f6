// How the step-size figure shows a final loss: as it is, or — where the optimum is known — as
// the excess over the optimum relative to the start, (L − L*)/(L₀ − L*): a total loss such as
// the bigram square loss's is mostly the irreducible L*, and raw values would all look alike.
import { perGroupOptimum, groupOptimum, type GroupResult } from "../groups/data.js";
import { type ValueScale, valueScale } from "../../common/scales.js";

/** Relative excess losses below this are f32 rounding, drawn at the floor of a log axis. */
export const MEASURE_FLOOR = 1e-6;

export interface Measure {
  /** The optimum the loss is measured against, or null to show the loss itself. */
  optimum: number | null;
  /** A true lower bound (L*), so a value below it is rounding: shown as 0 on a log axis. */
  bound: boolean;
  /** Axis title. */
  title: string;
}

/** L* of the total loss: known outright, or the share-weighted mean of the groups' optima. */
export function totalOptimum(curves: GroupResult | null | undefined): number | null {
  if (!curves) return null;
  if (curves.optimalLoss !== null) return curves.optimalLoss;
  const share = curves.groups?.share;
  const opt = curves.groupOptimalLoss;
  if (!share || !opt || opt.length !== share.length || opt.some((x) => x === null)) return null;
  return share.reduce((a, s, g) => a + s * (opt[g] as number), 0);
}

export function totalMeasure(curves: GroupResult | null | undefined): Measure {
  const optimum = totalOptimum(curves);
  return optimum === null ? { optimum, bound: false, title: "final loss" } : { optimum, bound: true, title: "final (L − L*)/(L₀ − L*)" };
}

/** The rarest group against its own optimum (which bounds it only where it is L*). */
export function rarestMeasure(curves: GroupResult | null | undefined, groups: number): Measure {
  const optimum = curves ? groupOptimum(curves, groups - 1) : null;
  if (optimum === null) return { optimum, bound: false, title: `final loss of G${groups} (rarest)` };
  const own = perGroupOptimum(curves!);
  const star = own ? "L_g*" : "L*";
  return { optimum, bound: !own, title: `G${groups} (rarest): final (L_g − ${star})/(L_g(0) − ${star})` };
}

export function measured(value: number | null, start: number | null, m: Measure): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (m.optimum === null || start === null || !(start - m.optimum > 0)) return value;
  const r = (value - m.optimum) / (start - m.optimum);
  return m.bound ? Math.max(0, r) : r;
}

/** A log axis with a floor for bounded relative values; linear for raw or signed ones; never far above `top`. */
export function measureScale(values: readonly (number | null)[], m: Measure, top: number): ValueScale {
  if (m.optimum !== null && m.bound) return valueScale(values, { floor: MEASURE_FLOOR, cap: top, pad: true });
  return valueScale(values, { zero: false, pad: true, cap: top, linear: m.optimum !== null });
}
