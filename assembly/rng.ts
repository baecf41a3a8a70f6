// xoshiro128** (Blackman & Vigna) on four u32 words at `state` in linear memory, plus the
// samplers built on it. Only 32-bit integer ops and IEEE f64 arithmetic are used, so the
// plain-TS twin (src/rng/xoshiro.ts) produces bit-identical streams.
//
// State block: `rng` in src/layout/blocks.mjs (s0 s1 s2 s3, hasSpare, spare).
// Seeding is done on the TS side (SplitMix64 of seed and stream, see src/rng/seed.ts).

import { ln } from "./math/ln";
import { RNG_HAS_SPARE, RNG_S0, RNG_S1, RNG_S2, RNG_S3, RNG_SPARE } from "./layout";

export { RNG_BYTES } from "./layout";

@inline function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

/** Next 32 random bits. */
@inline export function nextU32(state: usize): u32 {
  let s0 = load<u32>(state, RNG_S0);
  let s1 = load<u32>(state, RNG_S1);
  let s2 = load<u32>(state, RNG_S2);
  let s3 = load<u32>(state, RNG_S3);
  const result = rotl(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  store<u32>(state, s0, RNG_S0);
  store<u32>(state, s1, RNG_S1);
  store<u32>(state, s2, RNG_S2);
  store<u32>(state, s3, RNG_S3);
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
  if (load<u32>(state, RNG_HAS_SPARE) != 0) {
    store<u32>(state, 0, RNG_HAS_SPARE);
    return load<f64>(state, RNG_SPARE);
  }
  let v1: f64, v2: f64, s: f64;
  do {
    v1 = 2.0 * uniformF64(state) - 1.0;
    v2 = 2.0 * uniformF64(state) - 1.0;
    s = v1 * v1 + v2 * v2;
  } while (s >= 1.0 || s == 0.0);
  const factor = Math.sqrt(-2.0 * ln(s) / s);
  store<f64>(state, v2 * factor, RNG_SPARE);
  store<u32>(state, 1, RNG_HAS_SPARE);
  return v1 * factor;
}

/**
 * Batch form of the two samplers above: `records` records in stream order, each `k`
 * uniformF32 draws followed by one normal() — the same draws, in the same order, giving the
 * same bits (and leaving the same state block) as those calls. Feature-major output, so that
 * a kernel can take four records per SIMD lane group: uniform j of record r goes to
 * uniforms + 4·(j·stride + r) (stride ≥ records), the normal of record r to normals + 8·r.
 *
 * Why a batch form: with the generator state in locals rather than loaded and stored on every
 * draw, xoshiro runs ~1.4× faster; and the polar method's ln, sqrt and divisions, done after
 * all the draws (scalePolarPairs), run two pairs per f64x2 without branches.
 */
export function drawRecords(state: usize, k: i32, records: i32, uniforms: usize, stride: i32,
  normals: usize): void {
  let s0 = load<u32>(state, RNG_S0);
  let s1 = load<u32>(state, RNG_S1);
  let s2 = load<u32>(state, RNG_S2);
  let s3 = load<u32>(state, RNG_S3);
  // Record r starts a new pair when (r + first) is even, else it takes the pending spare.
  const first = <i32>load<u32>(state, RNG_HAS_SPARE);
  let lastV2: f64 = 0.0; // v2 of a pair whose second value is left for the next batch
  const column = <usize>stride << 2;
  for (let r = 0; r < records; r++) {
    let u = uniforms + (<usize>r << 2);
    for (let j = 0; j < k; j++) {
      // One xoshiro128** step (nextU32) with its xor sequence solved for the new words.
      const x = rotl(s1 * 5, 7) * 9;
      const t = s1 << 9;
      const n0 = s0 ^ s1 ^ s3;
      const n1 = s0 ^ s1 ^ s2;
      s2 = s0 ^ s2 ^ t;
      s3 = rotl(s1 ^ s3, 11);
      s0 = n0;
      s1 = n1;
      store<f32>(u, <f32>(x >>> 8) * 5.9604644775390625e-8);
      u += column;
    }
    if (((r + first) & 1) != 0) continue;
    // The polar method's draws and rejections; the accepted (v1, v2) wait in normals.
    let v1: f64, v2: f64, s: f64;
    do {
      let x = rotl(s1 * 5, 7) * 9;
      let t = s1 << 9;
      let n0 = s0 ^ s1 ^ s3;
      let n1 = s0 ^ s1 ^ s2;
      s2 = s0 ^ s2 ^ t;
      s3 = rotl(s1 ^ s3, 11);
      s0 = n0;
      s1 = n1;
      v1 = 2.0 * (<f64>x * 2.3283064365386963e-10) - 1.0;
      x = rotl(s1 * 5, 7) * 9;
      t = s1 << 9;
      n0 = s0 ^ s1 ^ s3;
      n1 = s0 ^ s1 ^ s2;
      s2 = s0 ^ s2 ^ t;
      s3 = rotl(s1 ^ s3, 11);
      s0 = n0;
      s1 = n1;
      v2 = 2.0 * (<f64>x * 2.3283064365386963e-10) - 1.0;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1.0 || s == 0.0);
    store<f64>(normals + (<usize>r << 3), v1);
    if (r + 1 < records) store<f64>(normals + (<usize>(r + 1) << 3), v2);
    else lastV2 = v2;
  }
  store<u32>(state, s0, RNG_S0);
  store<u32>(state, s1, RNG_S1);
  store<u32>(state, s2, RNG_S2);
  store<u32>(state, s3, RNG_S3);
  if (records == 0) return;
  if (first != 0) {
    store<f64>(normals, load<f64>(state, RNG_SPARE));
    store<u32>(state, 0, RNG_HAS_SPARE);
  }
  scalePolarPairs(state, normals, first, records, lastV2);
}

/**
 * Turns the accepted polar pairs (v1, v2) at normals[r], normals[r+1] for r = first,
 * first + 2, … into normal() values: each times sqrt(−2 ln s / s), s recomputed from v1 and
 * v2 by the same operations. A last pair cut by the end of the batch (its v2 in lastV2)
 * leaves its second value as the spare. As normal() does, the state keeps the last pair's
 * second value at +24 whether or not it was used.
 */
function scalePolarPairs(state: usize, normals: usize, first: i32, records: i32, lastV2: f64): void {
  let r = first;
  for (; r + 3 < records; r += 4) {
    const p = normals + (<usize>r << 3);
    const a = v128.load(p);     // v1, v2 of one pair
    const b = v128.load(p, 16); // v1, v2 of the next
    const v1 = v128.shuffle<f64>(a, b, 0, 2);
    const v2 = v128.shuffle<f64>(a, b, 1, 3);
    const f = polarFactor2(f64x2.add(f64x2.mul(v1, v1), f64x2.mul(v2, v2)));
    const z1 = f64x2.mul(v1, f);
    const z2 = f64x2.mul(v2, f);
    v128.store(p, v128.shuffle<f64>(z1, z2, 0, 2));
    v128.store(p, v128.shuffle<f64>(z1, z2, 1, 3), 16);
    store<f64>(state, f64x2.extract_lane(z2, 1), RNG_SPARE);
  }
  for (; r < records; r += 2) {
    const p = normals + (<usize>r << 3);
    const v1 = load<f64>(p);
    const whole = r + 1 < records;
    const v2 = whole ? load<f64>(p, 8) : lastV2;
    const s = v1 * v1 + v2 * v2;
    const factor = Math.sqrt(-2.0 * ln(s) / s);
    store<f64>(p, v1 * factor);
    if (whole) store<f64>(p, v2 * factor, 8);
    store<f64>(state, v2 * factor, RNG_SPARE);
    store<u32>(state, whole ? 0 : 1, RNG_HAS_SPARE);
  }
}

/** sqrt(−2 ln s / s) on two lanes: ln.ts's operations lane by lane, without its branch. */
@inline function polarFactor2(s: v128): v128 {
  let e = i64x2.sub(v128.and(i64x2.shr_u(s, 52), i64x2.splat(0x7ff)), i64x2.splat(1023));
  let m = v128.or(v128.and(s, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(m, f64x2.splat(1.4142135623730951)); // m > √2: halve m, e + 1
  m = v128.bitselect(f64x2.mul(m, f64x2.splat(0.5)), m, big);
  e = i64x2.sub(e, big);
  const t = f64x2.div(f64x2.sub(m, f64x2.splat(1.0)), f64x2.add(m, f64x2.splat(1.0)));
  const t2 = f64x2.mul(t, t);
  let q = f64x2.splat(1.0 / 15.0);
  q = f64x2.add(f64x2.mul(q, t2), f64x2.splat(1.0 / 13.0));
  q = f64x2.add(f64x2.mul(q, t2), f64x2.splat(1.0 / 11.0));
  q = f64x2.add(f64x2.mul(q, t2), f64x2.splat(1.0 / 9.0));
  q = f64x2.add(f64x2.mul(q, t2), f64x2.splat(1.0 / 7.0));
  q = f64x2.add(f64x2.mul(q, t2), f64x2.splat(1.0 / 5.0));
  q = f64x2.add(f64x2.mul(q, t2), f64x2.splat(1.0 / 3.0));
  q = f64x2.add(f64x2.mul(q, t2), f64x2.splat(1.0));
  const ef = f64x2.convert_low_i32x4_s(v128.shuffle<i32>(e, e, 0, 2, 0, 2));
  const lnS = f64x2.add(f64x2.mul(ef, f64x2.splat(0.6931471805599453)),
    f64x2.mul(f64x2.mul(f64x2.splat(2.0), t), q));
  return f64x2.sqrt(f64x2.div(f64x2.mul(f64x2.splat(-2.0), lnS), s));
}
