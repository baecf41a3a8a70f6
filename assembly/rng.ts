// xoshiro128** (Blackman & Vigna) on four u32 words at `state` in linear memory, plus the
// samplers built on it. Only 32-bit integer ops and IEEE f64 arithmetic are used, so the
// plain-TS twin (src/rng/xoshiro.ts) produces bit-identical streams.
//
// State block (32 bytes): s0 s1 s2 s3 (u32), hasSpare (u32 at +16), pad, spare (f64 at +24)
// Seeding is done on the TS side (SplitMix64 of seed and stream, see src/rng/seed.ts).

import { ln } from "./ln";

export const RNG_BYTES: usize = 32;

@inline function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

/** Next 32 random bits. */
@inline export function nextU32(state: usize): u32 {
  let s0 = load<u32>(state, 0);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  const result = rotl(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  store<u32>(state, s0, 0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
  return result;
}

/** Uniform on [0,1) with 24 random bits, exact in f32. */
@inline export function uniformF32(state: usize): f32 {
  return <f32>(nextU32(state) >>> 8) * 5.9604644775390625e-8; // 2^-24
}

/** Uniform on [0,1) with 32 random bits, in f64. */
@inline export function uniformF64(state: usize): f64 {
  return <f64>nextU32(state) * 2.3283064365386963e-10; // 2^-32
}

/**
 * Standard normal by Marsaglia's polar method: (v1, v2) uniform in the unit disc,
 * s = v1² + v2², then v·sqrt(−2 ln s / s) are two independent N(0,1). The second value
 * is kept as a spare for the next call.
 */
export function normal(state: usize): f64 {
  if (load<u32>(state, 16) != 0) {
    store<u32>(state, 0, 16);
    return load<f64>(state, 24);
  }
  let v1: f64, v2: f64, s: f64;
  do {
    v1 = 2.0 * uniformF64(state) - 1.0;
    v2 = 2.0 * uniformF64(state) - 1.0;
    s = v1 * v1 + v2 * v2;
  } while (s >= 1.0 || s == 0.0);
  const factor = Math.sqrt(-2.0 * ln(s) / s);
  store<f64>(state, v2 * factor, 24);
  store<u32>(state, 1, 16);
  return v1 * factor;
}
