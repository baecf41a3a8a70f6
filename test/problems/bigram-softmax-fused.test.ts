// The fused bigram softmax kernel (gradient + row-local optimizer in one row pass, expected
// counts on the fly, recorded losses from the next pass) returns the twin's bits — the twin
// computes the whole gradient, then the chain, then a separate loss pass — at lengths around
// the SIMD width and the 64-entry sum blocks.
import { describe, expect, it } from "vitest";
import { expectSameRun } from "../helpers/same-run.js";
import { fuse } from "../../src/optimizers/chain.js";
import { buildChain, resolveOptimizer, usesLazyUpdates } from "../../src/optimizers/registry.js";
import { runTwin } from "../../src/loop/twin.js";
import { runWasm } from "../../src/loop/wasm.js";
import { freshCore } from "../helpers/core.js";
import { resolveBigramSoftmaxConfig } from "../../src/problems/bigram-softmax/declaration.js";
import { makeBigramSoftmaxProblem } from "../../src/problems/bigram-softmax/problem.js";
import type { BigramSoftmaxInput } from "../../src/problems/bigram-softmax/declaration.js";

const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 20, 36, 63, 64, 65, 67, 100, 130];

async function expectSameRuns(
  input: BigramSoftmaxInput,
  optimizers: unknown[],
  layout: { targetsMaxBytes?: number } = {},
  lr = 0.3,
): Promise<Uint32Array[]> {
  const counts: Uint32Array[] = [];
  const core = await freshCore();
  const problem = makeBigramSoftmaxProblem(resolveBigramSoftmaxConfig(input), layout);
  for (const opt of optimizers) {
    const config = resolveOptimizer(opt, lr);
    const transforms = fuse(buildChain(config));
    const opts = { steps: 7, seed: 5, recordSteps: [1, 2, 5, 7], countNonzero: true, classStats: true, lazy: usesLazyUpdates(config) };
    const a = runWasm(core, problem, transforms, opts);
    const b = runTwin(problem, transforms, opts);
    const what = `${JSON.stringify(input)} ${JSON.stringify(opt)}`;
    expectSameRun(a, b, what);
    if (a.nonzeroCounts) counts.push(a.nonzeroCounts);
  }
  return counts;
}

describe("fused bigram softmax kernel: WASM ≡ twin bit for bit", () => {
  it("full batch, expected counts on the fly (random and identity rankings), SGD, sign, Adam and an unfused chain", async () => {
    for (const d of SIZES) {
      await expectSameRuns({ d, alpha: 1 }, ["sgd", "sign", "adam", "normalized", "momentum"]);
      await expectSameRuns({ d, alpha: 1.3, permutation: "identity" }, ["sgd", "adam"]);
    }
  });

  it("full batch, the targets made from u16 ranks and a gather instead of the stored table (the path above 512 MiB)", async () => {
    for (const d of SIZES) {
      await expectSameRuns({ d, alpha: 1 }, ["sgd", "sign", "adam", "momentum"], { targetsMaxBytes: 0 });
    }
  });

  it("full batch, gradient entries that are exactly zero: the fused pass's deferred counts leave them out", async () => {
    // α = 0 and d a power of two: at W = 0 every e = 1, S = d and s = (1/d)/d = c_ik = 1/d²
    // exactly, so the first step's gradient is 0 everywhere (the first d & ~3 entries of a row
    // are counted by rows, then taken back, the tail one by one); later steps move W.
    for (const d of [4, 7, 16, 64, 67]) {
      for (const layout of [{}, { targetsMaxBytes: 0 }]) {
        const counts = await expectSameRuns({ d, alpha: 0 }, ["sgd", "sign", "adam"], layout);
        for (const c of counts) expect(Math.max(...c)).toBeLessThan(7 * d);
      }
    }
  });

  it("full batch with 1/π reweighting (table and ranks), with L2, and sampled (sparse) counts", async () => {
    for (const d of [1, 3, 4, 5, 16, 17, 65]) {
      await expectSameRuns({ d, alpha: 1, reweight: "inverse" }, ["sgd", "sign", "adam"]);
      await expectSameRuns({ d, alpha: 1, reweight: "inverse-sqrt" }, ["sgd", "adam"], { targetsMaxBytes: 0 });
      await expectSameRuns({ d, alpha: 1, reweight: "inverse", l2: 0.01 }, ["sgd", "adam"]);
      await expectSameRuns({ d, alpha: 1, counts: "sampled", pairs: 40 * d }, ["sgd", "sign", "adam"]);
    }
  });

  it("mini-batches: fused over the touched rows (SGD, sign, lazy Adam) and dense Adam", async () => {
    for (const d of [1, 2, 4, 5, 9, 16, 17, 65]) {
      await expectSameRuns({ d, alpha: 1, counts: "sampled", pairs: 50 * d, batch: 7 }, [
        "sgd",
        "sign",
        { name: "adam", lazy: true },
        "adam",
      ]);
    }
  });

  it("mini-batches with exactly zero gradient entries (e^{z−M} underflows after huge steps): counts agree", async () => {
    // η = 10⁴ drives the sampled rows apart by far more than 87, so e = 0 and g = 0 at most
    // entries of a revisited row: updateRow's deferred counts must take them back.
    for (const d of [4, 16, 17, 64]) {
      await expectSameRuns({ d, alpha: 1, batch: 7 }, ["sgd", { name: "adam", lazy: true }], {}, 1e4);
    }
  });

  it("mini-batches of expected counts (row ~ π, rank ~ π, no stored pairs; random and identity rankings) and of reweighted ones (stored pairs)", async () => {
    for (const d of [1, 2, 5, 9, 17, 33]) {
      await expectSameRuns({ d, alpha: 1, batch: 7 }, [
        "sgd",
        "sign",
        { name: "adam", lazy: true },
        { name: "adam", lazy: "exact" },
        "adam",
      ]);
      await expectSameRuns({ d, alpha: 1.2, permutation: "identity", batch: 5 }, ["sgd", "adam"]);
      await expectSameRuns({ d, alpha: 1, reweight: "inverse", batch: 6 }, ["sgd", "adam"]);
    }
  });
});
