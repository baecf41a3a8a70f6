// Twin of assembly/math/lnf.ts: ln x in f32 (Cephes logf) from IEEE basic operations, every op
// rounded with Math.fround, so it returns the kernel's bits. For positive normal x:
//   x = m·2^e, m in [√½, √2);  f = m − 1;  ln x = f + f³·P(f) − f²/2 + e·ln2.

const f32 = Math.fround;
const SQRT_HALF = f32(Math.SQRT1_2);
const C1 = 0.693359375;
const C2 = f32(-2.1219444e-4);
const P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1,
  3.3333331174e-1,
].map(f32);

const bits = new Int32Array(1);
const value = new Float32Array(bits.buffer);

export function lnf(x: number): number {
  value[0] = x;
  const b = bits[0];
  let e = (b >>> 23) - 126;
  bits[0] = (b & 0x007fffff) | 0x3f000000;
  const m = value[0];
  let f: number;
  if (m < SQRT_HALF) {
    e -= 1;
    f = f32(f32(m + m) - 1);
  } else {
    f = f32(m - 1);
  }
  const z = f32(f * f);
  let p = P[0];
  for (let i = 1; i < P.length; i++) p = f32(f32(p * f) + P[i]);
  let y = f32(f32(p * f) * z);
  y = f32(y + f32(e * C2));
  y = f32(y + f32(z * -0.5));
  return f32(f32(f + y) + f32(e * C1));
}
