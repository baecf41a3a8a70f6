// What the scaling figure needs from a `zipflab scaling` result (src/experiments/scaling/synthetic-law.ts,
// ScalingResult), declared structurally so the figure depends on the shape of the JSON, not
// on the scaling code: each fitted series' points (d, steps to ε), its fit ln t = a + b ln d
// with a confidence interval for b, and the exponent theory predicts where it is known.
import { formatShort } from "../../common/scales.js";

export interface ScalingFitInput {
  optimizer: string;
  /** "1/pi1" (η = 1/π₁) or "tuned". */
  lrRule: string;
  /** "any", "even" or "odd" iterates. */
  parity: string;
  alpha: number;
  eps: number;
  ds: number[];
  steps: (number | null)[];
  fit: { a: number; b: number; ci: [number, number] | null; n: number } | null;
  theory: number | null;
}

export interface ScalingFigureInput {
  config: { alphas: number[]; eps: number[] };
  fits: ScalingFitInput[];
}

/** "SGD, η = 1/π₁", "sign descent, tuned, odd steps", "Adam, tuned". */
export function seriesLabel(f: Pick<ScalingFitInput, "optimizer" | "lrRule" | "parity">): string {
  const name = f.optimizer === "sgd" ? "SGD" : f.optimizer === "sign" ? "sign descent" : f.optimizer === "adam" ? "Adam" : f.optimizer;
  const rule = f.lrRule === "1/pi1" ? "η = 1/π₁" : f.lrRule;
  return [name, rule, f.parity === "any" ? null : `${f.parity} steps`].filter(Boolean).join(", ");
}

/** "b = 0.68 [0.68, 0.69]" (the fitted exponent and its interval), or "no fit". */
export function exponentText(f: ScalingFitInput): string {
  if (!f.fit) return "no fit";
  const r = (x: number) => (Math.abs(x) < 5e-3 ? 0 : x).toFixed(2);
  return f.fit.ci ? `b = ${r(f.fit.b)} [${r(f.fit.ci[0])}, ${r(f.fit.ci[1])}]` : `b = ${r(f.fit.b)}`;
}

export interface ScalingPointRow {
  series: string;
  d: number;
  steps: number;
}
export interface ScalingLineRow {
  series: string;
  d: number;
  steps: number;
  kind: "fit" | "theory";
  line: string;
}

/** The measured points of a fit (targets never reached are left out). */
export function pointRows(f: ScalingFitInput, series: string): ScalingPointRow[] {
  return f.ds.flatMap((d, j) => {
    const t = f.steps[j];
    return t === null || t === undefined || !(t > 0) ? [] : [{ series, d, steps: t }];
  });
}

/**
 * The fitted line t = e^a d^b over the fit's d range, and (with a theorySeries name) the theory
 * line d^(theory) through the fit at the geometric middle of that range (theory gives the
 * exponent, not the constant). `line` tells lines apart that share a legend entry.
 */
export function lineRows(f: ScalingFitInput, series: string, theorySeries: string): ScalingLineRow[] {
  if (!f.fit) return [];
  const ds = f.ds.filter((_, j) => f.steps[j] !== null && (f.steps[j] as number) >= 1);
  if (ds.length < 2) return [];
  const lo = Math.min(...ds);
  const hi = Math.max(...ds);
  const at = (d: number) => Math.exp(f.fit!.a + f.fit!.b * Math.log(d));
  const rows: ScalingLineRow[] = [
    { series, d: lo, steps: at(lo), kind: "fit", line: series },
    { series, d: hi, steps: at(hi), kind: "fit", line: series },
  ];
  if (f.theory !== null && theorySeries) {
    const mid = Math.sqrt(lo * hi);
    const through = (d: number) => at(mid) * (d / mid) ** f.theory!;
    const line = `${series} (theory)`;
    rows.push(
      { series: theorySeries, d: lo, steps: through(lo), kind: "theory", line },
      { series: theorySeries, d: hi, steps: through(hi), kind: "theory", line },
    );
  }
  return rows;
}

/** The ε the per-α panels show: the middle of the configured targets (0.3 of 0.5, 0.3, 0.1). */
export function panelEps(eps: readonly number[]): number {
  const sorted = [...eps].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export function theoryText(theory: number): string {
  return `theory d^${formatShort(theory)}`;
}
