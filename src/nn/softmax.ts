// The softmax row of the attention and cross-entropy twins: in f32 the shared twin
// (src/math/softmax.ts, the kernel's bits); in f64 the same formula in doubles.
import { softmaxRow as softmaxRowF32 } from "../math/softmax.js";
import type { Arith, Vec } from "./arith.js";

/** out = scale·softmax(z) over len entries (max subtracted); returns logsumexp(z). */
export function softmaxRow(z: Vec, zo: number, out: Vec, oo: number, len: number, scale: number, ar: Arith): number {
  if (ar.name === "f32") return softmaxRowF32(z as Float32Array, zo, out as Float32Array, oo, len, scale);
  let M = -Infinity;
  for (let k = 0; k < len; k++) M = Math.max(M, z[zo + k]);
  let S = 0;
  for (let k = 0; k < len; k++) S += out[oo + k] = Math.exp(z[zo + k] - M);
  for (let k = 0; k < len; k++) out[oo + k] *= scale / S;
  return M + Math.log(S);
}
