// Spearman rank correlation: +1 when y rises with x in every pair, −1 when it always falls.
// Used on (group index, group loss): +1 = the rarer the group, the higher its loss.
import { argNumbers } from "../config/args.js";
import { ConfigError } from "../config/error.js";

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let s = 0; s < order.length; ) {
    let e = s;
    while (e + 1 < order.length && order[e + 1][0] === order[s][0]) e++;
    for (let j = s; j <= e; j++) out[order[j][1]] = (s + e) / 2; // ties share the mean rank
    s = e + 1;
  }
  return out;
}

/** Spearman's ρ of two lists of finite numbers of one length ≥ 2 (0 when either is constant). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  argNumbers("x", x, { minLength: 2 });
  argNumbers("y", y, { minLength: 2 });
  if (x.length !== y.length) throw new ConfigError("y", `must have as many values as x (${x.length}) (got ${y.length})`);
  return rankCorrelation(Array.from(x), Array.from(y));
}

/** spearman without the argument checks (callers that built equal-length lists themselves). */
export function rankCorrelation(x: readonly number[], y: readonly number[]): number {
  const rx = ranks(x);
  const ry = ranks(y);
  const n = x.length;
  const mx = rx.reduce((a, b) => a + b, 0) / n;
  const my = ry.reduce((a, b) => a + b, 0) / n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}
