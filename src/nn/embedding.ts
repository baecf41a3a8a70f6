// Twin of assembly/nn/embedding.ts: x_p = E[tok_p] + Π[p mod T]; backward dΠ by positions and
// the sparse scatter-add into the rows of the tokens present (src/sparse/scatter.ts's order).
import { F32, type Arith, type Vec } from "./arith.js";

export function embeddingForward(
  tokens: Int32Array,
  to: number,
  E: Vec,
  eo: number,
  Pi: Vec,
  pio: number,
  x: Vec,
  xo: number,
  P: number,
  T: number,
  D: number,
  ar: Arith = F32,
): void {
  const r = ar.r;
  for (let p = 0; p < P; p++) {
    const e = eo + tokens[to + p] * D,
      pi = pio + (p % T) * D,
      out = xo + p * D;
    for (let k = 0; k < D; k++) x[out + k] = r(E[e + k] + Pi[pi + k]);
  }
}

/** dΠ += Σ_windows dx; dE[tok_p] += dx_p over the rows present, listed in touched on first touch. Returns the new count. */
export function embeddingBackward(
  tokens: Int32Array,
  to: number,
  dx: Vec,
  dxo: number,
  dE: Vec,
  deo: number,
  dPi: Vec,
  dpo: number,
  P: number,
  T: number,
  D: number,
  mark: Uint8Array,
  touched: Int32Array,
  nTouched: number,
  ar: Arith = F32,
): number {
  const r = ar.r;
  for (let p = 0; p < P; p++) {
    const g = dxo + p * D,
      out = dpo + (p % T) * D;
    for (let k = 0; k < D; k++) dPi[out + k] = r(dPi[out + k] + dx[g + k]);
  }
  for (let p = 0; p < P; p++) {
    const row = tokens[to + p];
    if (mark[row] === 0) {
      mark[row] = 1;
      touched[nTouched++] = row;
    }
    const dst = deo + row * D,
      g = dxo + p * D;
    for (let k = 0; k < D; k++) dE[dst + k] = r(dE[dst + k] + r(1 * dx[g + k]));
  }
  return nTouched;
}
