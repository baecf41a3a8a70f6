import { RNG_BLOCK } from "../../src/layout/generated.js";
import { describe, expect, it } from "vitest";
import { type LinearModelProblem } from "../../src/problems/linear-model/problem.js";
import { seedState } from "../../src/rng/seed.js";
import { Xoshiro128 } from "../../src/rng/xoshiro.js";
import type { Core } from "../../src/wasm/load.js";
import { freshCore, put, randomArray } from "../helpers/core.js";
import { ConfigError } from "../../src/config/error.js";
import { linearModelProblem, resolveLinearModelConfig } from "../../src/problems/linear-model/declaration.js";
import type { LinearModelInput } from "../../src/problems/linear-model/declaration.js";

/** L(W, b) in f64, term by term: Σ_n ω_{y_n} ℓ_n / Σ_n ω_{y_n} + λ/2 ‖W‖². */
function referenceLoss(p: LinearModelProblem, w: ArrayLike<number>): number {
  const { samples: N, classes: c, d, x, labels, classWeights } = p;
  const lambda = Math.fround(p.config.l2);
  let num = 0;
  let den = 0;
  const z = new Float64Array(c);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < c; k++) {
      let s = w[c * d + k];
      for (let j = 0; j < d; j++) s += x[n * d + j] * w[k * d + j];
      z[k] = s;
    }
    const max = Math.max(...z);
    let sum = 0;
    for (const v of z) sum += Math.exp(v - max);
    const om = classWeights[labels[n]];
    num += om * (max + Math.log(sum) - z[labels[n]]);
    den += om;
  }
  let sq = 0;
  for (let i = 0; i < c * d; i++) sq += w[i] * w[i];
  return num / den + 0.5 * lambda * sq;
}

/** The kernels on one problem at w: batch gradient and loss, exact loss, class statistics. */
function onWasm(core: Core, p: LinearModelProblem, w0: Float32Array, seed = 0) {
  const rng = core.arena.alloc(RNG_BLOCK.bytes);
  core.arena.u32(rng, 4).set(seedState(seed));
  const block = p.layout(core.arena, rng);
  const w = put(core, w0);
  const g = core.arena.allocF32(p.n);
  const out = core.arena.alloc(24 * p.classes);
  const c = p.classes;
  return {
    gradient() {
      const loss = core.exports.linearModelGradient(block, w, g);
      return { loss, g: core.arena.f32(g, p.n).slice() };
    },
    loss: () => core.exports.linearModelLoss(block, w),
    classStats() {
      const loss = core.exports.linearModelClassStats(block, w, g, out);
      const all = core.arena.f64(out, 3 * c).slice();
      return { loss, classLoss: all.subarray(0, c), gradNorm: all.subarray(c, 2 * c), hessianTrace: all.subarray(2 * c) };
    },
  };
}

const configError = (input: LinearModelInput) => {
  try {
    resolveLinearModelConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
};

describe("the paper's linear softmax model", () => {
  it("level i holds 2^i classes of 2^(m−i) samples: c = 2^m − 1, N = m·2^m, every level the same number of samples", () => {
    for (const m of [1, 2, 3, 5, 7]) {
      const p = linearModelProblem({ levels: m, d: 3 });
      expect(p.classes).toBe(2 ** m - 1);
      expect(p.samples).toBe(m * 2 ** m);
      const perLevel = new Array(m).fill(0);
      const classesPerLevel = new Array(m).fill(0);
      const seen = new Int32Array(p.classes);
      for (const y of p.labels) seen[y]++;
      for (let k = 0; k < p.classes; k++) {
        expect(seen[k]).toBe(p.classCounts[k]);
        expect(p.classCounts[k]).toBe(2 ** (m - p.classLevel[k]));
        perLevel[p.classLevel[k]] += p.classCounts[k];
        classesPerLevel[p.classLevel[k]]++;
        // π_k ∝ 1/k up to a factor 2: (k+1)·π_k·N/2^m ∈ [1, 2)
        const scaled = ((k + 1) * p.classFrequencies[k] * p.samples) / 2 ** m;
        expect(scaled).toBeGreaterThanOrEqual(1);
        expect(scaled).toBeLessThan(2);
      }
      expect(perLevel).toEqual(new Array(m).fill(2 ** m));
      expect(classesPerLevel).toEqual(Array.from({ length: m }, (_, i) => 2 ** i));
    }
  });

  it("inputs are i.i.d. uniform on [0,1) (or standard normal) from the problem seed, and PyTorch's init is U(±1/√d)", () => {
    const u = linearModelProblem({ levels: 6, d: 50 });
    expect(u.x.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = u.x.reduce((a, b) => a + b, 0) / u.x.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / u.x.length));
    expect(linearModelProblem({ levels: 6, d: 50 }).x).toEqual(u.x);
    expect(linearModelProblem({ levels: 6, d: 50, seed: 1 }).x).not.toEqual(u.x);
    const g = linearModelProblem({ levels: 6, d: 50, inputs: "gaussian" }).x;
    const gMean = g.reduce((a, b) => a + b, 0) / g.length;
    const gVar = g.reduce((a, b) => a + b * b, 0) / g.length;
    expect(Math.abs(gMean)).toBeLessThan(5 / Math.sqrt(g.length));
    expect(Math.abs(gVar - 1)).toBeLessThan(0.05);

    expect(
      linearModelProblem({ levels: 3, d: 16, init: "zero" })
        .initialWeights()
        .every((v) => v === 0),
    ).toBe(true);
    const w = linearModelProblem({ levels: 5, d: 16, init: "pytorch" }).initialWeights();
    expect(w.length).toBe(31 * 17);
    expect(w.every((v) => Math.abs(v) <= 0.25)).toBe(true);
    expect(Math.max(...w)).toBeGreaterThan(0.24);
  });

  it("the gradient matches central finite differences of the f64 loss (plain, 1/π weights + L2, Gaussian inputs, mini-batch of all samples)", async () => {
    const cases: LinearModelInput[] = [
      { levels: 3, d: 5 },
      { levels: 3, d: 6, reweight: "inverse", l2: 0.1, init: "pytorch" },
      { levels: 3, d: 7, reweight: "inverse-sqrt", inputs: "gaussian", seed: 3 },
      { levels: 2, d: 3, batch: 8 }, // batch = N: the full batch, asked for by size
    ];
    for (const input of cases) {
      const core = await freshCore();
      const p = linearModelProblem(input);
      const w = randomArray(p.n, 11, 0.7);
      const { loss, g } = onWasm(core, p, w).gradient();
      const theta = Float64Array.from(w);
      expect(Math.abs(loss - referenceLoss(p, theta))).toBeLessThan(1e-6 * loss);
      const h = 1e-5;
      for (let i = 0; i < p.n; i++) {
        theta[i] = w[i] + h;
        const up = referenceLoss(p, theta);
        theta[i] = w[i] - h;
        const down = referenceLoss(p, theta);
        theta[i] = w[i];
        const fd = (up - down) / (2 * h);
        // f32 logits and accumulation over N ≤ 24 samples: observed ≤ 5e-8; 10× margin.
        expect(Math.abs(g[i] - fd)).toBeLessThan(5e-7 + 1e-6 * Math.abs(fd));
      }
    }
  });

  it("the WASM kernels return the twin's bits: gradients over mini-batch steps, exact loss, class statistics (d not a multiple of 4)", async () => {
    for (const input of [
      { levels: 4, d: 13, init: "pytorch", batch: 9, reweight: "inverse", l2: 0.01 },
      { levels: 5, d: 22, init: "pytorch", inputs: "gaussian" },
      { levels: 3, d: 2, batch: 5 },
    ] as LinearModelInput[]) {
      const core = await freshCore();
      const p = linearModelProblem(input);
      const w = p.initialWeights();
      const k = onWasm(core, p, w, 7);
      const rng = Xoshiro128.seeded(7);
      for (let t = 0; t < 4; t++) {
        const { loss, g } = k.gradient();
        const tg = new Float32Array(p.n);
        expect(loss).toBe(p.twinGradient(w, tg, rng));
        expect(g).toEqual(tg);
      }
      expect(k.loss()).toBe(p.twinLoss(w));
      const stats = k.classStats();
      const twin = p.twinClassStats(w, new Float32Array(p.n));
      expect(stats.loss).toBe(twin.loss);
      expect(stats.classLoss).toEqual(twin.classLoss);
      expect(stats.gradNorm).toEqual(twin.gradNorm);
      expect(stats.hessianTrace).toEqual(twin.hessianTrace);
    }
  });

  it("mini-batches are B distinct samples whose gradient is unbiased for the full gradient", async () => {
    const core = await freshCore();
    const full = linearModelProblem({ levels: 3, d: 5 });
    const batch = linearModelProblem({ levels: 3, d: 5, batch: 6 });
    const w = randomArray(full.n, 2, 0.5);
    const exact = onWasm(core, full, w).gradient().g;
    const k = onWasm(core, batch, w, 1);
    const T = 4000;
    const sum = new Float64Array(full.n);
    const sumSq = new Float64Array(full.n);
    for (let t = 0; t < T; t++) {
      const { g } = k.gradient();
      for (let i = 0; i < full.n; i++) {
        sum[i] += g[i];
        sumSq[i] += g[i] * g[i];
      }
    }
    for (let i = 0; i < full.n; i++) {
      const mean = sum[i] / T;
      const sd = Math.sqrt(Math.max(sumSq[i] / T - mean * mean, 0) / T);
      expect(Math.abs(mean - exact[i])).toBeLessThan(5 * sd + 1e-6);
    }
    // The exact loss is over all samples, whatever the batch.
    expect(k.loss()).toBe(onWasm(core, full, w).loss());
  });

  it("per-class statistics: ℓ_k is class k's mean loss, ‖∇_{W_k}L‖ the row norm, tr H_kk = Σ_n p_nk(1−p_nk)‖x_n‖²/N (second differences)", async () => {
    const core = await freshCore();
    const p = linearModelProblem({ levels: 3, d: 6, init: "pytorch", l2: 0.05 });
    const w = randomArray(p.n, 4, 0.8);
    const k = onWasm(core, p, w);
    const { g } = k.gradient();
    const stats = k.classStats();
    const { samples: N, classes: c, d, x, labels } = p;
    const theta = Float64Array.from(w);
    const h = 1e-3;
    const L0 = referenceLoss(p, theta);
    for (let cls = 0; cls < c; cls++) {
      // ℓ_k from the f64 loss of each sample alone
      let sumLoss = 0;
      for (let n = 0; n < N; n++) {
        if (labels[n] !== cls) continue;
        const z = Array.from({ length: c }, (_, kk) => {
          let s = theta[c * d + kk];
          for (let j = 0; j < d; j++) s += x[n * d + j] * theta[kk * d + j];
          return s;
        });
        const max = Math.max(...z);
        sumLoss += max + Math.log(z.reduce((a, v) => a + Math.exp(v - max), 0)) - z[cls];
      }
      expect(Math.abs(stats.classLoss[cls] - sumLoss / p.classCounts[cls])).toBeLessThan(1e-6);
      let norm = 0;
      for (let j = 0; j < d; j++) norm += g[cls * d + j] ** 2;
      expect(Math.abs(stats.gradNorm[cls] - Math.sqrt(norm))).toBeLessThan(1e-6);
      // tr of the W_k block = Σ_j ∂²L/∂W_kj², by second differences of the f64 loss
      let trace = 0;
      for (let j = 0; j < d; j++) {
        const i = cls * d + j;
        theta[i] = w[i] + h;
        const up = referenceLoss(p, theta);
        theta[i] = w[i] - h;
        const down = referenceLoss(p, theta);
        theta[i] = w[i];
        trace += (up - 2 * L0 + down) / (h * h);
      }
      expect(Math.abs(stats.hessianTrace[cls] - trace)).toBeLessThan(1e-6 * Math.max(1, trace));
    }
  });

  it("bad configs are ConfigErrors naming the field; a size beyond 4 GiB says how much it needs", () => {
    expect(configError({ d: 0 }).field).toBe("problem.d");
    expect(configError({ levels: 0 }).field).toBe("problem.levels");
    expect(configError({ l2: -1 }).field).toBe("problem.l2");
    expect(configError({ reweight: "square" as never }).field).toBe("problem.reweight");
    expect(configError({ inputs: "bernoulli" as never }).field).toBe("problem.inputs");
    const batch = configError({ levels: 3, batch: 25 });
    expect(batch.field).toBe("problem.batch");
    expect(batch.message).toContain("N = 24");
    expect(configError({ batch: 0 }).field).toBe("problem.batch");
    // The paper's m = 11 with d ≈ N: X alone is N·d·4 bytes = 2.1 GB, plus W, g and scratch;
    // d = 50 000 needs well over 4 GiB.
    const big = configError({ levels: 11, d: 50_000 });
    expect(big.field).toBe("problem.levels");
    expect(big.message).toMatch(/needs \d+\.\d\d GiB/);
    expect(() => resolveLinearModelConfig({ levels: 11, d: 1024 })).not.toThrow();
  });
});
