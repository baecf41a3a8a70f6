// Twin of assembly/nn/cross-entropy.ts: ℓ_p = lse(z_p) − z_{p,y}, dz_p = s·(softmax(z_p) − e_y)
// in place, Σ_p ℓ_p in f64 in row order, and the per-class sums.
import { F32, type Arith, type Vec } from "./arith.js";
import { softmaxRow } from "./softmax.js";

export function crossEntropyRows(
  z: Vec,
  zo: number,
  targets: Int32Array,
  to: number,
  P: number,
  V: number,
  scale: number,
  classLoss: Float64Array | null,
  ar: Arith = F32,
): number {
  const s = ar.r(scale);
  let total = 0;
  for (let p = 0; p < P; p++) {
    const row = zo + p * V;
    const y = targets[to + p];
    const zy = z[row + y];
    const loss = softmaxRow(z, row, z, row, V, scale, ar) - zy;
    z[row + y] = ar.r(z[row + y] - s);
    total += loss;
    if (classLoss) classLoss[y] += loss;
  }
  return total;
}
