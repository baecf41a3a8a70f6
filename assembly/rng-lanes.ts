// Four xoshiro128** generators side by side, one per i32x4 lane (Blackman & Vigna's step,
// as in rng.ts, on four independent states at once). Twin: src/rng/lanes.ts.
//
// State block (64 bytes), word-major: s0 of lanes 0..3, then s1, s2, s3 (u32 each); lane j's
// words are seeded from SplitMix64 by the TS side (src/rng/seed.ts seedLanes).
// Output i of the block is four u32, one per lane: lane j's i-th draw. A consumer that reads
// them in (output, lane) order therefore sees the four streams interleaved.

export const LANES_BYTES: usize = 64;

/**
 * Writes `count` outputs (16 bytes each, lane j of output i at out + 16·i + 4·j) and advances
 * the state. The state lives in locals for the whole loop: one xoshiro step is ~14 SIMD ops
 * on a ~4-op dependency chain, so the four lanes cost about what one scalar draw did.
 */
export function fillLanes(state: usize, out: usize, count: i32): void {
  let s0 = v128.load(state, 0);
  let s1 = v128.load(state, 16);
  let s2 = v128.load(state, 32);
  let s3 = v128.load(state, 48);
  for (let i = 0; i < count; i++) {
    const x = i32x4.mul(s1, i32x4.splat(5)); // result = rotl(s1·5, 7)·9
    v128.store(out + (<usize>i << 4), i32x4.mul(v128.or(i32x4.shl(x, 7), i32x4.shr_u(x, 25)), i32x4.splat(9)));
    const t = i32x4.shl(s1, 9);
    s2 = v128.xor(s2, s0);
    s3 = v128.xor(s3, s1);
    s1 = v128.xor(s1, s2);
    s0 = v128.xor(s0, s3);
    s2 = v128.xor(s2, t);
    s3 = v128.or(i32x4.shl(s3, 11), i32x4.shr_u(s3, 21));
  }
  v128.store(state, s0, 0);
  v128.store(state, s1, 16);
  v128.store(state, s2, 32);
  v128.store(state, s3, 48);
}
