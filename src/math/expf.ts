import { ConfigError } from "../config/error.js";
// Twin of assembly/math/expf.ts: e^x in f32 from IEEE basic operations (Cephes's reduction, a degree-4 P), every op
// rounded with Math.fround, so it returns the kernel's bits (no FMA in WebAssembly SIMD).
//   x = k·ln2 + r,  k = round(x·log₂e),  e^x = (1 + r + r²·P(r))·2^k;  x < −87 ⇒ 0.

const f32 = Math.fround;
const EXP_LO = -87;
const EXP_HI = 88;
const LOG2E = f32(1.4426950408889634);
const ROUND = 12582912; // 1.5·2²³
const C1 = 0.693359375;
const C2 = f32(-2.1219444e-4);
const P0 = f32(1.3814612983e-3);
const P1 = f32(8.3687098426e-3);
const P2 = f32(4.1668387367e-2);
const P3 = f32(1.666652069e-1);
const P4 = f32(4.9999993452e-1);

const bits = new Int32Array(1);
const value = new Float32Array(bits.buffer);

/** e^x in f32 arithmetic (IEEE: NaN gives NaN); x must be a number. */
export function expf(x: number): number {
  if (typeof x !== "number") throw new ConfigError("x", `must be a number (got ${typeof x})`);
  const xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
  const k = f32(f32(f32(xc * LOG2E) + ROUND) - ROUND);
  let r = f32(xc - f32(k * C1));
  r = f32(r - f32(k * C2));
  const z = f32(r * r);
  let p = P0;
  p = f32(f32(p * r) + P1);
  p = f32(f32(p * r) + P2);
  p = f32(f32(p * r) + P3);
  p = f32(f32(p * r) + P4);
  const y = f32(f32(f32(p * z) + r) + 1);
  if (x < EXP_LO) return 0;
  value[0] = y;
  bits[0] = (bits[0] + (k << 23)) | 0;
  return value[0];
}
