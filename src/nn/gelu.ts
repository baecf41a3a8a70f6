// Twin of assembly/nn/gelu.ts: GELU (GPT-2's tanh approximation) and its derivative, tanh |u|
// from e^{−2|u|}, every operation rounded as the kernel rounds it.
import { F32, type Arith, type Vec } from "./arith.js";

const C0 = Math.fround(0.7978845608028654);
const C1 = Math.fround(0.044715);
const C3 = Math.fround(0.134145);

function tanhInner(x: number, x2: number, ar: Arith): number {
  const r = ar.r;
  const u = r(C0 * r(x + r(C1 * r(x2 * x))));
  const e = ar.exp(r(Math.abs(u) * -2));
  const t = r(r(1 - e) / r(1 + e));
  return u < 0 || Object.is(u, -0) ? -t : t;
}

export function geluForward(x: Vec, xo: number, y: Vec, yo: number, n: number, ar: Arith = F32): void {
  const r = ar.r;
  for (let i = 0; i < n; i++) {
    const v = x[xo + i];
    const t = tanhInner(v, r(v * v), ar);
    y[yo + i] = r(r(0.5 * v) * r(1 + t));
  }
}

export function geluBackward(x: Vec, xo: number, dy: Vec, dyo: number, dx: Vec, dxo: number, n: number, ar: Arith = F32): void {
  const r = ar.r;
  for (let i = 0; i < n; i++) {
    const v = x[xo + i];
    const x2 = r(v * v);
    const t = tanhInner(v, x2, ar);
    const sech2 = r(1 - r(t * t));
    const du = r(C0 * r(1 + r(C3 * x2)));
    const local = r(r(0.5 * r(1 + t)) + r(r(r(0.5 * v) * sech2) * du));
    dx[dxo + i] = r(local * dy[dyo + i]);
  }
}
