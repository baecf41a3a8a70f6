import { ConfigError } from "../config/error.js";
// Seeding scheme (documented in the README): the generator's four u32 state words are the
// first two outputs of SplitMix64 started at  seed XOR (stream · 0x9E3779B97F4A7C15)
// (mod 2^64), each output split low word first. `seed` is an integer in [0, 2^53);
// `stream` separates independent generators of one run (e.g. data vs initialisation).

const MASK = (1n << 64n) - 1n;

function splitmix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return [next, z ^ (z >> 31n)];
}

export const MAX_SEED = Number.MAX_SAFE_INTEGER;

function checkSeed(seed: number, stream: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new ConfigError("seed", `must be an integer in [0, ${MAX_SEED}] (got ${String(seed)})`);
  if (!Number.isSafeInteger(stream) || stream < 0)
    throw new ConfigError("stream", `must be an integer in [0, ${MAX_SEED}] (got ${String(stream)})`);
}

/** The four xoshiro128** state words for (seed, stream). Never all zero. */
export function seedState(seed: number, stream = 0): Uint32Array {
  checkSeed(seed, stream);
  let state = (BigInt(seed) ^ (BigInt(stream) * 0x9e3779b97f4a7c15n)) & MASK;
  const words = new Uint32Array(4);
  for (let i = 0; i < 2; i++) {
    const [next, out] = splitmix64(state);
    state = next;
    words[2 * i] = Number(out & 0xffffffffn);
    words[2 * i + 1] = Number(out >> 32n);
  }
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
  return words;
}

/**
 * The states of four xoshiro128** generators run side by side (assembly/rng-lanes.ts), word-major
 * as the kernel keeps them: out[4i + j] is word i of lane j. Lane j's words are outputs 2j and
 * 2j + 1 of the same SplitMix64 sequence as seedState (so lane 0 equals seedState(seed, stream)):
 * four independent streams from one seed. No lane is all zero.
 */
export function seedLanes(seed: number, stream = 0): Uint32Array {
  checkSeed(seed, stream);
  let state = (BigInt(seed) ^ (BigInt(stream) * 0x9e3779b97f4a7c15n)) & MASK;
  const out = new Uint32Array(16);
  for (let j = 0; j < 4; j++) {
    for (let half = 0; half < 2; half++) {
      const [next, z] = splitmix64(state);
      state = next;
      out[4 * (2 * half) + j] = Number(z & 0xffffffffn);
      out[4 * (2 * half + 1) + j] = Number(z >> 32n);
    }
    if ((out[j] | out[4 + j] | out[8 + j] | out[12 + j]) === 0) out[j] = 1;
  }
  return out;
}
