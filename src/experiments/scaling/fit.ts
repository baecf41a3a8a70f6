// The scaling exponent: least squares on log t = a + b·log d, with a t-based confidence
// interval for the slope b:
//   b = Sxy/Sxx,  a = ȳ − b x̄,  s² = Σ (y − a − bx)²/(n − 2),  SE(b) = s/√Sxx,
//   b ± t_{n−2, (1+level)/2} · SE(b).
// Natural logs; the slope is the same in any base.
import { argList, argNumber, argNumbers } from "../../config/args.js";
import { studentTQuantile } from "../../math/student-t.js";
import type { PowerLawFit } from "../../results/scaling.js";
import { ConfigError } from "../../config/error.js";

/** Fits t ≈ e^a d^b over the pairs (d, t) with t non-null and ≥ 1; null with fewer than 2. */
export function fitPowerLaw(ds: readonly number[], ts: readonly (number | null)[], level = 0.95): PowerLawFit | null {
  argNumbers("ds", ds, { min: 0, open: true });
  argList("ts", ts);
  if (ts.length !== ds.length) throw new ConfigError("ts", `must have as many entries as ds (${ds.length}) (got ${ts.length})`);
  ts.forEach((t, j) => {
    if (t !== null && !(typeof t === "number" && t >= 0 && t <= Number.MAX_VALUE))
      throw new ConfigError(`ts[${j}]`, `must be a number ≥ 0 or null (got ${String(t)})`);
  });
  argNumber("level", level, Number.MIN_VALUE, 1 - Number.EPSILON);
  const x: number[] = [];
  const y: number[] = [];
  ds.forEach((d, j) => {
    const t = ts[j];
    if (t !== null && t >= 1) {
      x.push(Math.log(d));
      y.push(Math.log(t));
    }
  });
  const n = x.length;
  if (n < 2) return null;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let j = 0; j < n; j++) {
    sxx += (x[j] - mx) ** 2;
    sxy += (x[j] - mx) * (y[j] - my);
  }
  if (sxx === 0) return null;
  const b = sxy / sxx;
  const a = my - b * mx;
  if (n < 3) return { n, a, b, stderr: null, ci: null, level };
  let ssr = 0;
  for (let j = 0; j < n; j++) ssr += (y[j] - a - b * x[j]) ** 2;
  const stderr = Math.sqrt(ssr / (n - 2) / sxx);
  const half = studentTQuantile((1 + level) / 2, n - 2) * stderr;
  return { n, a, b, stderr, ci: [b - half, b + half], level };
}
