// sin and cos in f32 on |a| ≤ π/4 from IEEE basic operations only (Cephes sinf/cosf
// polynomials, error ≈ 1 ulp there), four lanes at a time; twin: src/math/sincosf.ts.
//   sin a = a + a·z·S(z),  cos a = 1 − z/2 + z²·C(z),  z = a², S and C of degree 2.
// Callers reduce the angle themselves (the Box–Muller sampler does it on integer turns).

const S1: f32 = -1.6666654611e-1;
const S2: f32 = 8.3321608736e-3;
const S3: f32 = -1.9515295891e-4;
const K1: f32 = 4.166664568298827e-2;
const K2: f32 = -1.388731625493765e-3;
const K3: f32 = 2.443315711809948e-5;

/** sin a in each lane, |a| ≤ π/4. */
@inline export function sinf4(a: v128): v128 {
  const z = f32x4.mul(a, a);
  let p = f32x4.splat(S3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(S2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(S1));
  return f32x4.add(f32x4.mul(f32x4.mul(p, z), a), a);
}

/** cos a in each lane, |a| ≤ π/4. */
@inline export function cosf4(a: v128): v128 {
  const z = f32x4.mul(a, a);
  let p = f32x4.splat(K3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(K2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(K1));
  return f32x4.add(f32x4.sub(f32x4.mul(f32x4.mul(p, z), z), f32x4.mul(z, f32x4.splat(0.5))), f32x4.splat(1.0));
}
