// Twin of assembly/sampling/box-muller.ts, one lane at a time: two N(0,1) in f32 from two u32
// draws a (for ρ) and b (for θ), bit-identical to the kernel.
//   u1 = (⌊a/2⁸⌋ + 1)·2⁻²⁴,  ρ = √(−2 ln u1);  θ = 2π·⌊b/2⁸⌋·2⁻²⁴ reduced on integers to a
//   quarter-turn count q and a in [−π/4, π/4];  z0 = ρ·cos θ,  z1 = ρ·sin θ.
import { lnf } from "../math/lnf.js";
import { cosf, sinf } from "../math/sincosf.js";

const f32 = Math.fround;
const TWO_PI_2_24 = f32((2 * Math.PI) / 16777216);

/** The pair (z0, z1) for draws a, b (u32), written to out[at] and out[at + 4]. */
export function boxMuller(a: number, b: number, out: Float32Array, at: number, stride = 4): void {
  const u1 = f32(((a >>> 8) + 1) * 5.9604644775390625e-8);
  const rho = f32(Math.sqrt(f32(lnf(u1) * -2)));
  const n = b >>> 8;
  const q = (n + (1 << 21)) >>> 22;
  const angle = f32((n - q * 4194304) * TWO_PI_2_24);
  const s = sinf(angle);
  const c = cosf(angle);
  let cosT = q & 1 ? s : c;
  let sinT = q & 1 ? c : s;
  if ((q + 1) & 2) cosT = -cosT;
  if (q & 2) sinT = -sinT;
  out[at] = f32(rho * cosT);
  out[at + stride] = f32(rho * sinT);
}
