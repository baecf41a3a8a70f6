// Standard normals by the Box–Muller transform in f32, four pairs at a time and without
// branches (twin: src/rng/box-muller.ts, the same f32 operations one lane at a time):
//   u1 = (⌊a/2⁸⌋ + 1)·2⁻²⁴ in (0, 1],  u2 = ⌊b/2⁸⌋·2⁻²⁴ in [0, 1)   (a, b: u32 draws)
//   ρ = √(−2 ln u1),  θ = 2π·u2,  z0 = ρ·cos θ,  z1 = ρ·sin θ   (two independent N(0,1))
// θ is reduced on integers: with n = ⌊b/2⁸⌋, the quadrant q = round(n/2²²) (0..4) and the
// rest f = n − q·2²² in [−2²¹, 2²¹), exactly; a = f·(2π/2²⁴) lies in [−π/4, π/4], where the
// sin/cos polynomials are accurate, and cos θ, sin θ are (cos a, sin a) turned by q quarter
// turns (swap for odd q, sign flips) — integer and sign-bit operations only.
// u1 ≥ 2⁻²⁴ bounds |z| by √(2·24·ln 2) ≈ 5.77: the tail past 5.77σ (probability 8e−9) is lost.
import { lnf4 } from "../math/lnf";
import { cosf4, sinf4 } from "../math/sincosf";

const TWO_PI_2_24: f32 = <f32>(6.283185307179586 / 16777216.0); // 2π/2²⁴, the f64 rounded to f32

/** From draws a (for ρ) and b (for θ), four lanes each: z0 to out, z1 to out + 16. */
@inline export function boxMuller4(a: v128, b: v128, out: usize): void {
  const u1 = f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(i32x4.shr_u(a, 8), i32x4.splat(1))), f32x4.splat(5.9604644775390625e-8));
  const rho = f32x4.sqrt(f32x4.mul(lnf4(u1), f32x4.splat(-2.0)));
  const n = i32x4.shr_u(b, 8);
  const q = i32x4.shr_u(i32x4.add(n, i32x4.splat(1 << 21)), 22);
  const angle = f32x4.mul(f32x4.convert_i32x4_s(i32x4.sub(n, i32x4.shl(q, 22))), f32x4.splat(TWO_PI_2_24));
  const s = sinf4(angle);
  const c = cosf4(angle);
  const odd = i32x4.ne(v128.and(q, i32x4.splat(1)), i32x4.splat(0));
  // cos θ < 0 in quadrants 1, 2 and sin θ < 0 in 2, 3: bit 1 of q + 1, of q, moved to the sign
  const cosSign = i32x4.shl(v128.and(i32x4.add(q, i32x4.splat(1)), i32x4.splat(2)), 30);
  const sinSign = i32x4.shl(v128.and(q, i32x4.splat(2)), 30);
  const cosT = v128.xor(v128.bitselect(s, c, odd), cosSign);
  const sinT = v128.xor(v128.bitselect(c, s, odd), sinSign);
  v128.store(out, f32x4.mul(rho, cosT));
  v128.store(out, f32x4.mul(rho, sinT), 16);
}
