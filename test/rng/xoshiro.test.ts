import { describe, expect, it } from "vitest";
import { Xoshiro128 } from "../../src/rng/xoshiro.js";
import { seedState } from "../../src/rng/seed.js";
import { ln } from "../../src/math/ln.js";
import { freshCore } from "../helpers/core.js";

describe("xoshiro128** generator", () => {
  it("matches the reference C implementation from state {1, 2, 3, 4}", () => {
    // Outputs of Blackman & Vigna's xoshiro128starstar.c, compiled and run with s = {1,2,3,4}.
    const rng = new Xoshiro128(Uint32Array.from([1, 2, 3, 4]));
    const first = Array.from({ length: 8 }, () => rng.nextU32());
    expect(first).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it("WASM and twin produce bit-identical u32, uniform and normal streams", async () => {
    const c = await freshCore();
    for (const seed of [0, 1, 42, 2 ** 40 + 3]) {
      const n = 10_001;
      const state = c.arena.alloc(32);
      const out32 = c.arena.alloc(4 * n);
      const out64 = c.arena.alloc(8 * n);
      const twin = Xoshiro128.seeded(seed);
      c.arena.u32(state, 4).set(seedState(seed));
      c.exports.fillU32(state, out32, n);
      expect(Array.from(c.arena.u32(out32, n))).toEqual(Array.from({ length: n }, () => twin.nextU32()));
      c.exports.fillUniform(state, out32, n);
      const uniforms = Float32Array.from({ length: n }, () => twin.uniformF32());
      expect(c.arena.f32(out32, n)).toEqual(uniforms);
      c.exports.fillNormal(state, out64, n);
      const normals = Float64Array.from({ length: n }, () => twin.normal());
      expect(c.arena.f64(out64, n)).toEqual(normals);
    }
  });

  it("seeding is deterministic, separates seeds and streams, and rejects bad seeds", () => {
    expect(seedState(5)).toEqual(seedState(5));
    expect(seedState(5)).not.toEqual(seedState(6));
    expect(seedState(5, 0)).not.toEqual(seedState(5, 1));
    expect(() => seedState(-1)).toThrow(/seed/);
    expect(() => seedState(1.5)).toThrow(/seed/);
  });

  it("uniforms lie in [0, 1) with mean 1/2 and variance 1/12", () => {
    const rng = Xoshiro128.seeded(3);
    const n = 200_000;
    let sum = 0,
      sq = 0,
      min = 1,
      max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniformF32();
      sum += u;
      sq += u * u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    const mean = sum / n;
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(2e-3);
  });

  it("normals have mean 0, variance 1 and the Gaussian tail mass", () => {
    const rng = Xoshiro128.seeded(11);
    const n = 200_000;
    let sum = 0,
      sq = 0,
      beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sq += z * z;
      if (Math.abs(z) > 2) beyond2++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sq / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    // P(|Z| > 2) = 0.0455; binomial sd ≈ 4.7e-4
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.0025);
  });
});

describe("ln (shared by kernel and twin)", () => {
  it("agrees with Math.log to 1e-13 relative on (0, 1] and beyond", () => {
    const rng = Xoshiro128.seeded(1);
    for (let i = 0; i < 20_000; i++) {
      const x = rng.uniformF64() * 2 ** ((i % 80) - 60) + 1e-300;
      const rel = Math.abs(ln(x) - Math.log(x)) / Math.max(Math.abs(Math.log(x)), 1e-300);
      expect(rel).toBeLessThan(1e-13);
    }
    expect(ln(1)).toBe(0);
  });

  it("WASM ln equals the twin bit for bit", async () => {
    const c = await freshCore();
    const rng = Xoshiro128.seeded(2);
    for (let i = 0; i < 5000; i++) {
      const x = rng.uniformF64() + 2.3283064365386963e-10;
      expect(c.exports.ln(x)).toBe(ln(x));
    }
  });
});
