import { describe, expect, it } from "vitest";
import { XoshiroLanes } from "../../src/rng/lanes.js";
import { Xoshiro128 } from "../../src/rng/xoshiro.js";
import { seedLanes, seedState } from "../../src/rng/seed.js";
import { freshCore } from "../helpers/core.js";

/** Lane j's four state words, as a scalar generator takes them. */
const laneWords = (s: Uint32Array, j: number) => Uint32Array.of(s[j], s[4 + j], s[8 + j], s[12 + j]);

describe("four-lane xoshiro128** (assembly/rng-lanes.ts, src/rng/lanes.ts)", () => {
  it("each lane is the scalar xoshiro128** on its own state, seeded from one SplitMix64 sequence", () => {
    const words = seedLanes(17, 21);
    expect(laneWords(words, 0)).toEqual(seedState(17, 21)); // lane 0 = the scalar seeding
    const lanes = new XoshiroLanes(words);
    const out = new Uint32Array(4 * 1000);
    lanes.fill(out, 1000);
    for (let j = 0; j < 4; j++) {
      const scalar = new Xoshiro128(laneWords(words, j));
      for (let i = 0; i < 1000; i++) expect(out[4 * i + j]).toBe(scalar.nextU32());
    }
    expect(new Set(Array.from({ length: 4 }, (_, j) => laneWords(words, j).join())).size).toBe(4);
    expect(seedLanes(17, 21)).toEqual(words);
    expect(seedLanes(18, 21)).not.toEqual(words);
    expect(() => seedLanes(-1)).toThrow(/seed/);
  });

  it("WASM and twin give bit-identical outputs for counts around the SIMD width, in pieces or at once", async () => {
    const c = await freshCore();
    for (const seed of [0, 5, 2 ** 40 + 3]) {
      const state = c.arena.alloc(64);
      c.arena.u32(state, 16).set(seedLanes(seed, 21));
      const twin = XoshiroLanes.seeded(seed, 21);
      for (const count of [1, 2, 3, 4, 5, 7, 8, 9, 100]) {
        const out = c.arena.alloc(16 * count);
        c.exports.fillLanesU32(state, out, count);
        const expected = new Uint32Array(4 * count);
        twin.fill(expected, count);
        expect(c.arena.u32(out, 4 * count), `seed ${seed}, count ${count}`).toEqual(expected);
      }
      expect(c.arena.u32(state, 16)).toEqual(twin.state);
    }
  });

  it("24-bit uniforms from every lane: mean 1/2, variance 1/12, no correlation between lanes", () => {
    const n = 100_000;
    const out = new Uint32Array(4 * n);
    XoshiroLanes.seeded(3, 21).fill(out, n);
    const u = (i: number, j: number) => (out[4 * i + j] >>> 8) * 2 ** -24;
    for (let j = 0; j < 4; j++) {
      let sum = 0,
        sq = 0;
      for (let i = 0; i < n; i++) {
        sum += u(i, j);
        sq += u(i, j) ** 2;
      }
      const mean = sum / n;
      expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
      expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(3e-3);
      // correlation with the next lane and with the lane's own next draw: sd 1/√n ≈ 0.003
      let cross = 0,
        lag = 0;
      for (let i = 0; i < n - 1; i++) {
        cross += (u(i, j) - 0.5) * (u(i, (j + 1) % 4) - 0.5);
        lag += (u(i, j) - 0.5) * (u(i + 1, j) - 0.5);
      }
      expect(Math.abs((12 * cross) / n)).toBeLessThan(5 / Math.sqrt(n));
      expect(Math.abs((12 * lag) / n)).toBeLessThan(5 / Math.sqrt(n));
    }
  });
});
