import { describe, expect, it } from "vitest";
import { presenceThresholds, TokenSampler } from "../../src/problems/tokens/sampling.js";
import { tokensBlockSamples } from "../../src/problems/tokens/problem.js";
import { XoshiroLanes } from "../../src/rng/lanes.js";
import { seedLanes } from "../../src/rng/seed.js";
import { runTokensExperiment } from "../../src/experiments/tokens/run.js";
import { freshCore } from "../helpers/core.js";

const f32 = Math.fround;

/** K features with probabilities spread over (0, 1] (some exactly 0 and 1) and weights ±. */
function features(K: number): { p: Float32Array; w: Float32Array } {
  const p = Float32Array.from({ length: K }, (_, k) => (k % 7 === 5 ? 0 : k % 7 === 6 ? 1 : 0.9 ** (k + 1)));
  const w = Float32Array.from({ length: K }, (_, k) => (k % 3 === 0 ? -1 : 1) * (1 + k / 10));
  return { p, w };
}

describe("six-token samples (assembly/problems/tokens/sampling.ts, src/problems/tokens/sampling.ts)", () => {
  it("WASM equals the twin bit for bit: masks and targets, K around the 32-bit mask word, 1–3 and 20 groups", async () => {
    const c = await freshCore();
    for (const K of [1, 6, 31, 32, 33, 70]) {
      const { p, w } = features(K);
      const words = Math.ceil(K / 32);
      const thr = c.arena.alloc(4 * K);
      c.arena.i32(thr, K).set(presenceThresholds(p));
      const wt = c.arena.allocF32(K);
      c.arena.f32(wt, K).set(w);
      const lanes = c.arena.alloc(64);
      c.arena.u32(lanes, 16).set(seedLanes(K, 21));
      const twin = XoshiroLanes.seeded(K, 21);
      const sampler = new TokenSampler(presenceThresholds(p), w, f32(0.25));
      for (const groups of [1, 2, 3, 20]) {
        const stride = 8 * groups + 8; // a stream's row is longer than the samples drawn into it
        const draws = c.arena.alloc(16 * (2 * K + 2) * groups);
        const masks = c.arena.alloc(4 * words * stride);
        const targets = c.arena.allocF32(stride);
        const normals = c.arena.alloc(32);
        c.exports.drawTokenSamples(lanes, K, groups, f32(0.25), thr, wt, draws, masks, stride, targets, normals);
        const m = new Int32Array(words * stride);
        const t = new Float32Array(stride);
        sampler.draw(twin, groups, m, stride, t);
        for (let word = 0; word < words; word++) {
          expect(c.arena.i32(masks + 4 * word * stride, 8 * groups), `K ${K}, ${groups} groups, word ${word}`).toEqual(
            m.subarray(word * stride, word * stride + 8 * groups),
          );
        }
        expect(c.arena.f32(targets, 8 * groups), `K ${K}, ${groups} groups`).toEqual(t.subarray(0, 8 * groups));
      }
    }
  });

  it("feature k is present with probability p_k (exactly u < p_k) and targets have mean Σ p·w*, variance Σ p(1−p)w*² + σ²", () => {
    const p = Float32Array.from([0.95, 0.6, 0.2, 0.05, 0.005, 0.001]);
    expect(presenceThresholds(p)).toEqual(Int32Array.from(p, (pk) => Math.ceil(pk * 2 ** 24)));
    const w = Float32Array.from([1, 1, 1, 1, 1, 1]);
    const sigma = f32(0.1);
    const sampler = new TokenSampler(presenceThresholds(p), w, sigma);
    const groups = 25_000; // 200 000 samples
    const n = 8 * groups;
    const masks = new Int32Array(n);
    const targets = new Float32Array(n);
    sampler.draw(XoshiroLanes.seeded(1, 21), groups, masks, n, targets);
    for (let k = 0; k < 6; k++) {
      let count = 0;
      for (let b = 0; b < n; b++) count += (masks[b] >>> k) & 1;
      const sd = Math.sqrt((p[k] * (1 - p[k])) / n);
      expect(Math.abs(count / n - p[k]), `feature ${k}`).toBeLessThan(5 * sd);
    }
    let sum = 0,
      sq = 0;
    for (let b = 0; b < n; b++) {
      sum += targets[b];
      sq += targets[b] ** 2;
    }
    const mean = sum / n;
    const variance = sq / n - mean * mean;
    const expectedVar = Array.from(p).reduce((s, pk) => s + pk * (1 - pk), 0) + sigma * sigma;
    expect(Math.abs(mean - Array.from(p).reduce((s, pk) => s + pk, 0))).toBeLessThan(5 * Math.sqrt(expectedVar / n));
    expect(Math.abs(variance / expectedVar - 1)).toBeLessThan(0.02);
  });

  it("blocks hold whole groups of eight samples (or the whole batch)", () => {
    for (const [K, B] of [
      [6, 32],
      [6, 5],
      [6, 5000],
      [100, 1000],
      [100_000, 3],
    ]) {
      const R = tokensBlockSamples(K, B);
      expect(R === B || R % 8 === 0, `K ${K}, B ${B}`).toBe(true);
      expect(R).toBeGreaterThanOrEqual(Math.min(B, 8));
    }
  });
});

describe("six-token runs: WASM ≡ twin at batch sizes around the SIMD width and past one mask word", () => {
  it("bit-identical trajectories, losses and counts, with the shared stream (recorded, replayed)", async () => {
    const wide = Array.from({ length: 40 }, (_, k) => ({ name: `t${k}`, frequency: 0.8 ** k, trueWeight: 1 }));
    const cases: { batch: number; steps: number; tokens?: typeof wide }[] = [
      ...[1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33].map((batch) => ({ batch, steps: 60 })),
      { batch: 12, steps: 40, tokens: wide },
      { batch: 11, steps: 40, tokens: wide.slice(0, 8) }, // the largest K with a subset-sum table
      { batch: 11, steps: 40, tokens: wide.slice(0, 9) }, // the smallest without
      { batch: 3000, steps: 3 }, // several blocks of samples per step
    ];
    for (const input of cases) {
      const full = { ...input, seed: input.batch, optimizers: ["sgd", "adam"] };
      const wasm = await runTokensExperiment(full, { backend: "wasm" });
      const twin = await runTokensExperiment(full, { backend: "twin" });
      for (let i = 0; i < 2; i++) {
        const label = `batch ${input.batch}, K ${input.tokens?.length ?? 6}, ${wasm.runs[i].optimizer.name}`;
        expect(wasm.runs[i].trajectory, label).toEqual(twin.runs[i].trajectory);
        expect(wasm.runs[i].nonzeroSteps, label).toEqual(twin.runs[i].nonzeroSteps);
      }
    }
  });
});
