// A realistic gradient for the kernel benchmarks: N(0, 1)·1e-3 in f32, seeded, so nothing
// overflows or turns subnormal over millions of steps (Adam's v ~ g² ~ 1e-6, far above f32's
// smallest normal 1.2e-38) and every run sees the same numbers.
import { Xoshiro128 } from "../src/rng/xoshiro.js";

export const GRADIENT_SCALE = 1e-3;

export function benchGradient(n: number, seed = 1): Float32Array {
  const rng = Xoshiro128.seeded(seed, 11);
  const g = new Float32Array(n);
  for (let i = 0; i < n; i++) g[i] = rng.normal() * GRADIENT_SCALE;
  return g;
}
