// Twin of assembly/nn/layernorm.ts: LayerNorm forward and backward over rows of length D, sums
// in the kernel's f64 lane order, every other operation rounded as the kernel rounds it.
import { F32, laneSum, type Arith, type Vec } from "./arith.js";

export const LN_EPS = Math.fround(1e-5);

export function layerNormForward(
  x: Vec,
  xo: number,
  y: Vec,
  yo: number,
  mean: Vec,
  rstd: Vec,
  so: number,
  w: Vec,
  wo: number,
  b: Vec,
  bo: number,
  P: number,
  D: number,
  ar: Arith = F32,
): void {
  const r = ar.r;
  for (let p = 0; p < P; p++) {
    const xr = xo + p * D,
      yr = yo + p * D;
    const m = r(laneSum(D, (k) => x[xr + k]) / D);
    const v = r(
      laneSum(D, (k) => {
        const d = r(x[xr + k] - m);
        return r(d * d);
      }) / D,
    );
    const rs = r(1 / r(Math.sqrt(r(v + LN_EPS))));
    mean[so + p] = m;
    rstd[so + p] = rs;
    for (let k = 0; k < D; k++) {
      const xh = r(r(x[xr + k] - m) * rs);
      y[yr + k] = r(r(xh * w[wo + k]) + b[bo + k]);
    }
  }
}

export function layerNormBackward(
  dy: Vec,
  go: number,
  x: Vec,
  xo: number,
  mean: Vec,
  rstd: Vec,
  so: number,
  w: Vec,
  wo: number,
  dx: Vec,
  dxo: number,
  dw: Vec,
  dwo: number,
  db: Vec,
  dbo: number,
  P: number,
  D: number,
  ar: Arith = F32,
): void {
  const r = ar.r;
  for (let p = 0; p < P; p++) {
    const xr = xo + p * D,
      gr = go + p * D,
      dr = dxo + p * D;
    const m = mean[so + p],
      rs = rstd[so + p];
    const xhat = (k: number) => r(r(x[xr + k] - m) * rs);
    const n = (k: number) => r(w[wo + k] * dy[gr + k]);
    const s1 = laneSum(D, n);
    const s2 = laneSum(D, (k) => r(n(k) * xhat(k)));
    for (let k = 0; k < D; k++) {
      dw[dwo + k] = r(dw[dwo + k] + r(xhat(k) * dy[gr + k]));
      db[dbo + k] = r(db[dbo + k] + dy[gr + k]);
    }
    const a = r(s1 / D),
      c = r(s2 / D);
    for (let k = 0; k < D; k++) {
      dx[dr + k] = r(dx[dr + k] + r(r(r(n(k) - a) - r(xhat(k) * c)) * rs));
    }
  }
}
