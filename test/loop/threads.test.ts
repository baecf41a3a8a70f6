// One full-batch run split across worker threads on one shared memory returns the bits of the
// single-threaded loop, for any thread count.
import { describe, expect, it } from "vitest";
import { expectSameRun } from "../helpers/same-run.js";
import { fuse } from "../../src/optimizers/chain.js";
import { buildChain, resolveOptimizer } from "../../src/optimizers/registry.js";
import { runWasm } from "../../src/loop/wasm.js";
import { threadedCore } from "../../src/loop/threads.js";
import { runProblemExperiment } from "../../src/experiments/run/run.js";
import { freshCore } from "../helpers/core.js";
import { bigramSoftmaxProblem } from "../../src/problems/bigram-softmax/declaration.js";

describe("threads for one big run", () => {
  it("a full-batch bigram softmax run is bit-identical for 1, 2, 3 and 5 threads (SGD, sign, Adam; class losses and counts)", async () => {
    const core = await freshCore();
    for (const input of [
      { d: 37, alpha: 1 },
      { d: 21, alpha: 1, counts: "sampled" as const, pairs: 2000, l2: 0.01 },
      { d: 5, alpha: 1 },
    ]) {
      const problem = bigramSoftmaxProblem(input);
      for (const opt of ["sgd", "sign", "adam"]) {
        const transforms = fuse(buildChain(resolveOptimizer(opt, 0.2)));
        const opts = { steps: 9, seed: 1, recordSteps: [1, 2, 4, 9], countNonzero: true, classStats: true, chunk: 4, recordWeights: false };
        const one = runWasm(core, problem, transforms, opts);
        for (const threads of [1, 2, 3, 5]) {
          const tc = await threadedCore(threads);
          try {
            const many = runWasm(tc, problem, transforms, { ...opts, runSteps: tc.runSteps, threads });
            const what = `${JSON.stringify(input)} ${opt} ${threads} threads`;
            expectSameRun(many, one, what);
            if (threads > 1) expect(tc.threadedSteps, what).toBe(9);
          } finally {
            await tc.close();
          }
        }
      }
    }
  }, 120_000);

  it("runProblemExperiment on a threaded core gives the single-threaded result", async () => {
    const input = { problem: "bigram-softmax", config: { d: 40 }, optimizers: ["sgd", "adam"], steps: 20 };
    const one = await runProblemExperiment(input);
    const tc = await threadedCore(2);
    try {
      const two = await runProblemExperiment(input, { core: tc });
      expect(tc.threadedSteps).toBe(40);
      expect(two.runs.map((r) => [r.loss, r.groupLoss, r.classMetrics])).toEqual(
        one.runs.map((r) => [r.loss, r.groupLoss, r.classMetrics]),
      );
    } finally {
      await tc.close();
    }
  });
});
