import { RNG_BLOCK } from "../../src/layout/generated.js";
import { describe, expect, it } from "vitest";
import { fuse } from "../../src/optimizers/chain.js";
import { buildChain, resolveOptimizer, usesLazyUpdates } from "../../src/optimizers/registry.js";
import { corpusFromBrownText, corpusFromText } from "../../src/corpus/corpus.js";
import { runTwin } from "../../src/loop/twin.js";
import { runWasm } from "../../src/loop/wasm.js";
import { loadCorpus } from "../../src/corpus/node/load.js";
import { freshCore, randomArray } from "../helpers/core.js";
import { bigramSquareFromCounts } from "../../src/problems/bigram-square/counts.js";

const f32 = Math.fround;
const relativeError = (x: number, ref: number) => Math.abs(x - ref) / Math.abs(ref);
const TEXT = "The cat sat on the mat. The dog sat on the log! A cat and a dog; the end of the tale, the cat said.";

describe("bigram square loss on real counts", () => {
  it("the kernel equals its twin bit for bit (full batch and mini-batch) for sgd, sign, adam, lazy adam", async () => {
    const core = await freshCore();
    const counts = corpusFromText(TEXT, 11).counts; // V = 11: not a multiple of 4
    const problems = [bigramSquareFromCounts(counts), bigramSquareFromCounts(counts, { batch: 7 })];
    for (const problem of problems) {
      for (const spec of ["sgd", "sign", "adam", { name: "adam", lazy: true }]) {
        const config = resolveOptimizer(spec, 0.05);
        const opts = { steps: 40, seed: 3, recordSteps: [1, 9, 40], countNonzero: true, lazy: usesLazyUpdates(config) };
        const a = runWasm(core, problem, fuse(buildChain(config)), opts);
        const b = runTwin(problem, fuse(buildChain(config)), opts);
        const label = `${JSON.stringify(spec)} B=${problem.batch}`;
        expect(a.trajectory, label).toEqual(b.trajectory);
        expect(a.loss, label).toEqual(b.loss);
        expect(a.exactLoss, label).toEqual(b.exactLoss);
      }
    }
  });

  it("L(W) is the f64 brute force ½ Σ_pairs ‖W e_i − e_k‖² / N, and L* is its value at W_i = p(·|i)", async () => {
    const core = await freshCore();
    const counts = corpusFromText(TEXT, 9).counts;
    const problem = bigramSquareFromCounts(counts);
    const { d, rowStart, cols } = counts;
    const N = counts.counts.reduce((a, b) => a + b, 0);
    const brute = (w: ArrayLike<number>) => {
      let total = 0;
      for (let i = 0; i < d; i++) {
        for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
          let sq = 0;
          for (let k = 0; k < d; k++) sq += (w[i * d + k] - (k === cols[e] ? 1 : 0)) ** 2;
          total += counts.counts[e] * 0.5 * sq;
        }
      }
      return total / N;
    };
    const w = randomArray(d * d, 4, 0.3);
    const rng = core.arena.alloc(RNG_BLOCK.bytes);
    const prob = problem.layout(core.arena, rng);
    const wPtr = core.arena.allocF32(d * d);
    core.arena.f32(wPtr, d * d).set(w);
    const kernel = core.exports.problemLoss(problem.code, prob, wPtr);
    expect(relativeError(kernel, brute(w))).toBeLessThan(1e-6);
    expect(problem.twinLoss(w)).toBe(kernel);
    expect(relativeError(problem.optimalLoss, brute(problem.gdClosedForm(1, 1e9)))).toBeLessThan(1e-12);
  });

  it("full-batch GD on Brown counts (V = 64) follows the closed form W_ki(t) = p(k|i)(1 − (1 − ηπ_i)^t) step by step", async () => {
    const core = await freshCore();
    const { counts } = loadCorpus("brown", { vocab: 64, cache: false });
    const problem = bigramSquareFromCounts(counts);
    const d = counts.d;
    const eta = f32(1 / Math.max(...problem.inputFrequencies)); // η = 1/π₁
    const steps = [1, 2, 5, 20, 100, 300];
    const out = runWasm(core, problem, fuse(buildChain(resolveOptimizer("sgd", eta))), { steps: 300, seed: 0, recordSteps: steps });
    const excess0 = problem.gdExcessLoss(eta, 0);
    steps.forEach((t, j) => {
      const reference = problem.gdClosedForm(eta, t);
      let worst = 0;
      for (let e = 0; e < d * d; e++) worst = Math.max(worst, Math.abs(out.trajectory[j * d * d + e] - reference[e]));
      expect(worst, `t = ${t}`).toBeLessThan(2e-6);
      const excess = problem.gdExcessLoss(eta, t);
      // f32 sums resolve L − L* to ~1e-7 of L₀ − L*: compare the relative losses there.
      expect(Math.abs(out.exactLoss![j] - problem.optimalLoss - excess) / excess0, `t = ${t}`).toBeLessThan(2e-6);
    });
  });

  it("mini-batch gradients on counts are unbiased (mean over many batches ≈ π_i W_i − q_i)", async () => {
    const core = await freshCore();
    const counts = corpusFromBrownText("a/x b/x a/x c/x a/x b/x b/x a/x c/x c/x d/x a/x", 4).counts;
    const problem = bigramSquareFromCounts(counts, { batch: 3 });
    const d = counts.d;
    const { arena, exports } = core;
    const w = randomArray(d * d, 5, 0.5);
    const rng = arena.alloc(RNG_BLOCK.bytes);
    arena.u32(rng, 4).set([1, 2, 3, 4]);
    const prob = problem.layout(arena, rng);
    const wPtr = arena.allocF32(d * d);
    arena.f32(wPtr, d * d).set(w);
    const g = arena.allocF32(d * d);
    const mark = arena.alloc(d);
    const rows = arena.alloc(4 * d);
    const touched = arena.alloc(16);
    arena.u32(touched, 3).set([d, mark, rows]);
    const sum = new Float64Array(d * d);
    const trials = 20000;
    for (let b = 0; b < trials; b++) {
      exports.problemGradient(problem.code, prob, wPtr, g, touched);
      const grad = arena.f32(g, d * d);
      for (let e = 0; e < d * d; e++) sum[e] += grad[e];
      exports.clearRows(g, d, mark, rows, arena.i32(touched + 12, 1)[0]);
      arena.i32(touched + 12, 1)[0] = 0;
    }
    const full = new Float32Array(d * d);
    bigramSquareFromCounts(counts).twinGradient(w, full, null as never);
    for (let e = 0; e < d * d; e++) expect(Math.abs(sum[e] / trials - full[e])).toBeLessThan(0.02);
  });
});
