// Twin of assembly/math/softmax.ts: out = scale·softmax(z), returns logsumexp(z), with the
// kernel's bits: M = max z, e_k = expf(z_k − M) (src/math/expf.ts), S = Σ e_k in the lane
// order (lane-sum.ts), out_k = e_k · f32(scale/S), lse = M + ln S (src/math/ln.ts).
import { expf } from "./expf.js";
import { ln } from "./ln.js";
import { laneSum } from "./lane-sum.js";

const f32 = Math.fround;

/** z[zOff..zOff+len) → out[outOff..outOff+len) (may be the same place); returns lse. */
export function softmaxRow(z: Float32Array, zOff: number, out: Float32Array, outOff: number, len: number, scale: number): number {
  let M = -Infinity;
  for (let k = 0; k < len; k++) M = Math.max(M, z[zOff + k]);
  for (let k = 0; k < len; k++) out[outOff + k] = expf(f32(z[zOff + k] - M));
  const S = laneSum(len, (k) => out[outOff + k]);
  const c = f32(scale / S);
  for (let k = 0; k < len; k++) out[outOff + k] = f32(out[outOff + k] * c);
  return M + ln(S);
}
