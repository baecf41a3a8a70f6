// Twin of assembly/math/sincosf.ts: sin and cos in f32 on |a| ≤ π/4 (Cephes polynomials),
// every op rounded with Math.fround: the kernel's bits.

const f32 = Math.fround;
const S1 = f32(-1.6666654611e-1);
const S2 = f32(8.3321608736e-3);
const S3 = f32(-1.9515295891e-4);
const K1 = f32(4.166664568298827e-2);
const K2 = f32(-1.388731625493765e-3);
const K3 = f32(2.443315711809948e-5);

export function sinf(a: number): number {
  const z = f32(a * a);
  let p = S3;
  p = f32(f32(p * z) + S2);
  p = f32(f32(p * z) + S1);
  return f32(f32(f32(p * z) * a) + a);
}

export function cosf(a: number): number {
  const z = f32(a * a);
  let p = K3;
  p = f32(f32(p * z) + K2);
  p = f32(f32(p * z) + K1);
  return f32(f32(f32(f32(p * z) * z) - f32(z * 0.5)) + 1);
}
