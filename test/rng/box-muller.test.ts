import { describe, expect, it } from "vitest";
import { boxMuller } from "../../src/rng/box-muller.js";
import { XoshiroLanes } from "../../src/rng/lanes.js";
import { seedLanes } from "../../src/rng/seed.js";
import { lnf } from "../../src/math/lnf.js";
import { cosf, sinf } from "../../src/math/sincosf.js";
import { freshCore } from "../helpers/core.js";

/** 8·groups normals from the twin, as fillNormalsF32 draws them: two outputs per group. */
function twinNormals(lanes: XoshiroLanes, groups: number): Float32Array {
  const out = new Float32Array(8 * groups);
  const d = new Uint32Array(8);
  for (let g = 0; g < groups; g++) {
    lanes.fill(d, 2);
    for (let j = 0; j < 4; j++) boxMuller(d[j], d[4 + j], out, 8 * g + j);
  }
  return out;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

describe("f32 ln, sin and cos from IEEE basic operations (twins of assembly/math/lnf.ts, sincosf.ts)", () => {
  it("lnf is within 2 ulp of ln on (0, 1] and beyond", () => {
    const f32 = Math.fround;
    let worst = 0;
    for (let i = 1; i <= 200_000; i++) {
      const x = f32(i % 2 ? i * 2 ** -24 : (i / 200_000) * 2 ** ((i % 40) - 20));
      const exact = Math.log(x);
      const ulp = 2 ** (Math.floor(Math.log2(Math.max(Math.abs(exact), 2 ** -126))) - 23);
      worst = Math.max(worst, Math.abs(lnf(x) - exact) / ulp);
    }
    expect(worst).toBeLessThanOrEqual(2);
    expect(lnf(1)).toBe(0);
  });

  it("sinf and cosf are within 2e-7 of sin and cos on [−π/4, π/4]", () => {
    let worst = 0;
    for (let i = -10_000; i <= 10_000; i++) {
      const a = Math.fround((i / 10_000) * (Math.PI / 4));
      worst = Math.max(worst, Math.abs(sinf(a) - Math.sin(a)), Math.abs(cosf(a) - Math.cos(a)));
    }
    expect(worst).toBeLessThan(2e-7);
  });
});

describe("Box–Muller normals in f32 (assembly/sampling/box-muller.ts, src/rng/box-muller.ts)", () => {
  it("WASM equals the twin bit for bit, 8 to 400 normals at a time", async () => {
    const c = await freshCore();
    for (const seed of [0, 9]) {
      const state = c.arena.alloc(64);
      c.arena.u32(state, 16).set(seedLanes(seed, 21));
      const scratch = c.arena.alloc(32);
      const twin = XoshiroLanes.seeded(seed, 21);
      for (const groups of [1, 2, 3, 50]) {
        const out = c.arena.alloc(32 * groups);
        c.exports.fillNormalsF32(state, out, groups, scratch);
        expect(c.arena.f32(out, 8 * groups), `seed ${seed}, ${groups} groups`).toEqual(twinNormals(twin, groups));
      }
    }
  });

  it("every quadrant and the extreme draws: θ turns by quarter turns, |z| ≤ √(48 ln 2)", () => {
    const out = new Float32Array(8);
    const top = 0xffffff00; // u1 = 1: ρ = 0
    boxMuller(top, 0, out, 0);
    expect(Math.abs(out[0])).toBe(0);
    const rhoMax = Math.sqrt(48 * Math.LN2);
    for (let q = 0; q < 8; q++) {
      const b = (q * 2 ** 29) >>> 0; // θ = q·π/4
      boxMuller(0, b, out, 0); // u1 = 2^-24: the largest ρ
      expect(out[0]).toBeCloseTo(rhoMax * Math.cos((q * Math.PI) / 4), 5);
      expect(out[4]).toBeCloseTo(rhoMax * Math.sin((q * Math.PI) / 4), 5);
    }
  });

  it("400 000 draws: mean 0, variance 1, Gaussian tail masses and CDF, z0 and z1 uncorrelated", () => {
    const n = 400_000;
    const z = twinNormals(XoshiroLanes.seeded(11, 21), n / 8);
    let sum = 0,
      sq = 0,
      beyond2 = 0,
      beyond3 = 0,
      cross = 0,
      largest = 0;
    const below = [-2, -1, -0.5, 0, 0.5, 1, 2].map((x) => ({ x, count: 0 }));
    for (let i = 0; i < n; i++) {
      const v = z[i];
      sum += v;
      sq += v * v;
      largest = Math.max(largest, Math.abs(v));
      if (Math.abs(v) > 2) beyond2++;
      if (Math.abs(v) > 3) beyond3++;
      for (const b of below) if (v < b.x) b.count++;
      if (i % 8 < 4) cross += v * z[i + 4]; // z0·z1 of one pair
    }
    expect(Math.abs(sum / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sq / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    // binomial sd: √(p(1−p)/n) ≈ 3.3e-4 at p = 0.0455, 8.2e-5 at p = 0.0027; 5 sd allowed
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(5 * 3.3e-4);
    expect(Math.abs(beyond3 / n - 0.0027)).toBeLessThan(5 * 8.2e-5);
    for (const b of below) expect(Math.abs(b.count / n - phi(b.x)), `P(Z < ${b.x})`).toBeLessThan(5 * Math.sqrt(0.25 / n));
    expect(Math.abs(cross / (n / 2))).toBeLessThan(5 / Math.sqrt(n / 2));
    expect(largest).toBeLessThanOrEqual(Math.sqrt(48 * Math.LN2) + 1e-5);
  });
});
