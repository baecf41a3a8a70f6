// Test helpers: one WASM core per test file, and seeded random arrays.
import { instantiateCore, type Core } from "../../src/wasm/load.js";
import { Xoshiro128 } from "../../src/rng/xoshiro.js";

let core: Promise<Core> | null = null;

/** A core private to this test file (its own memory), reset before each use. */
export async function freshCore(): Promise<Core> {
  core ??= instantiateCore();
  const c = await core;
  c.arena.reset();
  return c;
}

/** n normal-ish f32 values times `scale`, with every `zeroEvery`-th entry exactly 0. */
export function randomArray(n: number, seed: number, scale = 1, zeroEvery = 0): Float32Array {
  const rng = Xoshiro128.seeded(seed, 7);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = zeroEvery > 0 && i % zeroEvery === 0 ? 0 : rng.normal() * scale;
  return out;
}

/** Copies `data` into fresh WASM memory and returns its pointer. */
export function put(c: Core, data: Float32Array): number {
  const p = c.arena.allocF32(data.length);
  c.arena.f32(p, data.length).set(data);
  return p;
}
