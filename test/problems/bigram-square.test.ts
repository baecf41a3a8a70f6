import { RNG_BLOCK } from "../../src/layout/generated.js";
import { describe, expect, it } from "vitest";
import { expectSameRun } from "../helpers/same-run.js";
import { fuse } from "../../src/optimizers/chain.js";
import { resolveLrSchedule } from "../../src/optimizers/lr-schedule.js";
import { buildChain, resolveOptimizer, usesLazyUpdates } from "../../src/optimizers/registry.js";
import { type ZipfBigramSquare } from "../../src/problems/bigram-square/problem.js";
import { zipfFrequencies } from "../../src/problems/shared/zipf.js";
import { relativeLossCurve } from "../../src/metrics/relative-loss.js";
import { seedState } from "../../src/rng/seed.js";
import { runTwin } from "../../src/loop/twin.js";
import { runWasm } from "../../src/loop/wasm.js";
import { freshCore, randomArray } from "../helpers/core.js";
import { ConfigError } from "../../src/config/error.js";
import { bigramSquareProblem, resolveBigramSquareConfig } from "../../src/problems/bigram-square/declaration.js";
import type { BigramSquareInput } from "../../src/problems/bigram-square/declaration.js";

const f32 = Math.fround;
const relativeError = (x: number, ref: number) => Math.abs(x - ref) / Math.abs(ref);
const sgd = (lr: number) => fuse(buildChain(resolveOptimizer("sgd", lr)));

/**
 * The model in f64 (π from zipfFrequencies, rows permuted by the problem's rankings) and its
 * loss L(W) = Σ_i π_i Σ_k p_ik ½‖W_i − e_k‖², term by term (W_i = W[:, i] stored as row i).
 */
function f64Model(problem: ZipfBigramSquare, alpha: number) {
  const d = problem.d;
  const pi = zipfFrequencies(d, alpha);
  const p = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const classOfRank = problem.classOfRankRow(i);
    for (let r = 0; r < d; r++) p[i * d + classOfRank[r]] = pi[r];
  }
  const loss = (w: ArrayLike<number>) => {
    let total = 0;
    for (let i = 0; i < d; i++) {
      for (let k = 0; k < d; k++) {
        let sq = 0;
        for (let j = 0; j < d; j++) sq += (w[i * d + j] - (j === k ? 1 : 0)) ** 2;
        total += pi[i] * p[i * d + k] * 0.5 * sq;
      }
    }
    return total;
  };
  return { pi, p, loss };
}

describe("linear bigram model, square loss", () => {
  it("GD on the bigram square loss follows W_ki(t) = π_{k|i}(1 − (1 − ηπ_i)^t), and so does its relative loss", async () => {
    const core = await freshCore();
    const d = 30; // not a multiple of 4
    const problem = bigramSquareProblem({ d, alpha: 1, seed: 4 });
    const pi = problem.frequencies;
    const eta = f32(1 / pi[0]); // phenomenon 3's step size
    const steps = [1, 2, 5, 10, 20, 50, 100, 200];
    const out = runWasm(core, problem, sgd(eta), { steps: 200, seed: 0, recordSteps: steps });
    // L − L* = ½ Σ_i π_i (1 − ηπ_i)^{2t} ‖p_i‖², and ‖p_i‖² is the same for every row.
    let excess0 = 0;
    for (let i = 0; i < d; i++) excess0 += pi[i];
    const relative = relativeLossCurve(out, problem.optimalLoss)!;
    steps.forEach((t, j) => {
      const reference = problem.gdClosedForm(eta, t);
      for (let e = 0; e < d * d; e++) {
        expect(relativeError(out.trajectory[j * d * d + e], reference[e])).toBeLessThan(1e-5);
      }
      let excess = 0;
      for (let i = 0; i < d; i++) excess += pi[i] * (1 - eta * pi[i]) ** (2 * t);
      // Below ~1e-6 (here t = 200: 3e-8) f32 W resolves the residual W − p only to ε·p, so
      // the relative loss of the f32 iterates (even summed in f64) leaves the f64 curve.
      if (excess / excess0 >= 1e-6) expect(relativeError(relative[j], excess / excess0)).toBeLessThan(1e-5);
    });
  });

  it("L* = ½ Σ_i π_i (1 − Σ_k π_{k|i}²) is the f64 brute-force loss at W* = the conditional probabilities, and its minimum", async () => {
    const core = await freshCore();
    for (const permutation of ["random", "identity"] as const) {
      const alpha = 0.8;
      const problem = bigramSquareProblem({ d: 5, alpha, permutation, seed: 2 });
      const d = problem.d;
      const model = f64Model(problem, alpha);
      expect(relativeError(problem.optimalLoss, model.loss(model.p))).toBeLessThan(1e-14);
      for (let trial = 0; trial < 5; trial++) {
        const nudge = randomArray(d * d, trial, 0.01);
        expect(model.loss(model.p.map((x, e) => x + nudge[e]))).toBeGreaterThan(problem.optimalLoss);
      }
      // The kernel's exact loss at an arbitrary W: the brute force up to π rounded to f32.
      const rng = core.arena.alloc(RNG_BLOCK.bytes);
      const prob = problem.layout(core.arena, rng);
      const w = randomArray(d * d, 11, 0.3);
      const wPtr = core.arena.allocF32(d * d);
      core.arena.f32(wPtr, d * d).set(w);
      const kernelLoss = core.exports.problemLoss(problem.code, prob, wPtr);
      expect(relativeError(kernelLoss, model.loss(w))).toBeLessThan(1e-6);
      expect(problem.twinLoss(w)).toBe(kernelLoss);
    }
  });

  it("mini-batch gradients are unbiased: their mean over many batches tends to π_i(W_ki − π_{k|i}) within 5σ", async () => {
    const core = await freshCore();
    const d = 6;
    const B = 4;
    const N = 40_000;
    const problem = bigramSquareProblem({ d, alpha: 1, batch: B, seed: 3 });
    const { arena, exports } = core;
    const w = randomArray(d * d, 5, 0.5);
    const rng = arena.alloc(RNG_BLOCK.bytes);
    arena.u32(rng, 4).set(seedState(9));
    const prob = problem.layout(arena, rng);
    const wPtr = arena.allocF32(d * d);
    arena.f32(wPtr, d * d).set(w);
    const g = arena.allocF32(d * d);
    const mark = arena.alloc(d);
    const rows = arena.alloc(4 * d);
    const touched = arena.alloc(16); // touched-row block: rowLen, mark, rows, count
    arena.u32(touched, 3).set([d, mark, rows]);
    const sum = new Float64Array(d * d);
    for (let b = 0; b < N; b++) {
      exports.problemGradient(problem.code, prob, wPtr, g, touched);
      const grad = arena.f32(g, d * d);
      for (let e = 0; e < d * d; e++) sum[e] += grad[e];
      exports.clearRows(g, d, mark, rows, arena.i32(touched + 12, 1)[0]);
      arena.i32(touched + 12, 1)[0] = 0;
    }
    const expected = problem.expectedGradient(w);
    for (let i = 0; i < d; i++) {
      const p = problem.conditional(i);
      const pi = problem.frequencies[i];
      for (let k = 0; k < d; k++) {
        // One sample's contribution X = [i_b = i](W_ki − [k_b = k]): E X² − (E X)² over N·B samples.
        const x = w[i * d + k];
        const variance = pi * ((x - 1) ** 2 * p[k] + x * x * (1 - p[k])) - expected[i * d + k] ** 2;
        const sigma = Math.sqrt(variance / (N * B));
        expect(Math.abs(sum[i * d + k] / N - expected[i * d + k])).toBeLessThan(5 * sigma + 1e-6);
      }
    }
  });

  it("the kernel equals its twin bit for bit (full batch and mini-batch, d = 7 and 10), for sgd, sign, adam, lazy adam, …", async () => {
    const core = await freshCore();
    const problems = [
      bigramSquareProblem({ d: 7, alpha: 1, seed: 1 }),
      bigramSquareProblem({ d: 8, alpha: 1.5, permutation: "identity" }),
      bigramSquareProblem({ d: 7, alpha: 1, batch: 5, seed: 1 }),
      bigramSquareProblem({ d: 10, alpha: 0.7, batch: 16, permutation: "identity" }),
    ];
    const optimizers = ["sgd", "sign", "adam", { name: "adam", lazy: true }, "normalized", "momentum", "signum"];
    for (const problem of problems) {
      for (const spec of optimizers) {
        const config = resolveOptimizer(spec, 0.05);
        const transforms = fuse(buildChain(config));
        const opts = {
          steps: 60,
          seed: 7,
          recordSteps: [1, 13, 60],
          countNonzero: true,
          lazy: usesLazyUpdates(config),
          lrSchedule: resolveLrSchedule("cosine:warmup=5,final=0.1"),
        };
        const a = runWasm(core, problem, transforms, opts);
        const b = runTwin(problem, transforms, opts);
        const label = `${JSON.stringify(spec)} d=${problem.d} B=${problem.batch}`;
        expect(a.rowUpdates, label).toBe(b.rowUpdates);
        expectSameRun(a, b, label);
      }
    }
  });

  it("on a mini-batch, visiting only the touched rows equals the dense step for SGD and sign (same seed → same W)", async () => {
    const core = await freshCore();
    const problem = bigramSquareProblem({ d: 9, alpha: 1, batch: 8, seed: 5 });
    for (const name of ["sgd", "sign", "normalized"]) {
      const transforms = fuse(buildChain(resolveOptimizer(name, 0.02)));
      const opts = { steps: 300, seed: 11, recordSteps: [300], countNonzero: true };
      const rows = runWasm(core, problem, transforms, { ...opts, updates: "rows" });
      const dense = runWasm(core, problem, transforms, { ...opts, updates: "dense" });
      expect(rows.rowUpdates).toBe(true);
      expect(dense.rowUpdates).toBe(false);
      expect(rows.finalWeights, name).toEqual(dense.finalWeights);
      expect(rows.exactLoss, name).toEqual(dense.exactLoss);
      expect(rows.nonzeroCounts, name).toEqual(dense.nonzeroCounts);
    }
  });

  it("lazy Adam (SparseAdam) differs from exact Adam, whose moments decay on untouched rows too", async () => {
    const core = await freshCore();
    const problem = bigramSquareProblem({ d: 9, alpha: 1.2, batch: 4, seed: 5 });
    const opts = { steps: 50, seed: 11, recordSteps: [50] };
    const lazyConfig = resolveOptimizer({ name: "adam", lazy: true }, 0.01);
    const lazy = runWasm(core, problem, fuse(buildChain(lazyConfig)), { ...opts, lazy: usesLazyUpdates(lazyConfig) });
    const exact = runWasm(core, problem, fuse(buildChain(resolveOptimizer("adam", 0.01))), opts);
    expect(lazy.rowUpdates).toBe(true);
    expect(exact.rowUpdates).toBe(false);
    expect(lazy.finalWeights).not.toEqual(exact.finalWeights);
  });

  it("bad configs are config errors naming the field; a d too large for WASM memory says how much it needs", () => {
    const error = (input: BigramSquareInput | Record<string, unknown>) => {
      try {
        resolveBigramSquareConfig(input as BigramSquareInput);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return e as ConfigError;
      }
      throw new Error("no error");
    };
    expect(error({ alpha: -1 }).field).toBe("problem.alpha");
    expect(error({ d: 0 }).field).toBe("problem.d");
    expect(error({ batch: 0 }).field).toBe("problem.batch");
    expect(error({ batch: "half" as never }).field).toBe("problem.batch");
    expect(error({ permutation: "sorted" as never }).field).toBe("problem.permutation");
    expect(error({ steps: 3 }).field).toBe("problem.steps");
    // W and g (4·d² bytes each) and the rankings (2·d²) at d = 30000: 9·10⁹ bytes ≈ 8.38 GiB.
    const big = error({ d: 30_000 });
    expect(big.field).toBe("problem.d");
    expect(big.message).toMatch(/needs 8\.38 GiB/);
    // Identity rankings need 20% less, still too much.
    expect(error({ d: 30_000, permutation: "identity" }).message).toMatch(/needs 6\.71 GiB/);
    expect(() => resolveBigramSquareConfig({ d: 20_000, batch: 64 })).not.toThrow();
  });
});
