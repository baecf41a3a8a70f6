import { describe, expect, it } from "vitest";
import { fuse } from "../../src/optimizers/chain.js";
import { buildChain, resolveOptimizer, usesLazyUpdates } from "../../src/optimizers/registry.js";
import type { Problem } from "../../src/problems/problem.js";
import { runTwin } from "../../src/loop/twin.js";
import { runWasm } from "../../src/loop/wasm.js";
import { freshCore } from "../helpers/core.js";
import { quadraticProblem } from "../../src/problems/quadratic/declaration.js";
import { bigramSquareProblem } from "../../src/problems/bigram-square/declaration.js";
import { linearModelProblem } from "../../src/problems/linear-model/declaration.js";
import { bigramSoftmaxProblem } from "../../src/problems/bigram-softmax/declaration.js";

const problems: [string, () => Problem][] = [
  ["quadratic", () => quadraticProblem({ d: 37, alpha: 1 })],
  ["bigram square, full batch", () => bigramSquareProblem({ d: 13, alpha: 1 })],
  ["bigram square, mini-batch", () => bigramSquareProblem({ d: 13, alpha: 1, batch: 8 })],
  ["linear softmax, pytorch init", () => linearModelProblem({ levels: 3, d: 9, init: "pytorch" })],
  ["linear softmax, mini-batch", () => linearModelProblem({ levels: 3, d: 6, batch: 5 })],
  ["bigram softmax, full batch", () => bigramSoftmaxProblem({ d: 11, alpha: 1 })],
  ["bigram softmax, mini-batch", () => bigramSoftmaxProblem({ d: 11, alpha: 1, batch: 16, counts: "sampled", pairs: 500 })],
  ["bigram softmax, L2, full batch", () => bigramSoftmaxProblem({ d: 11, alpha: 1, l2: 0.01 })],
  ["bigram softmax, 1/π reweighting, mini-batch", () => bigramSoftmaxProblem({ d: 11, alpha: 1, batch: 16, reweight: "inverse" })],
];

describe("every problem runs through the same loop; WASM equals the twin", () => {
  for (const [name, make] of problems) {
    it(name, async () => {
      const core = await freshCore();
      const problem = make();
      for (const opt of ["sgd", "adam", { name: "adam", lazy: true }, "sign"]) {
        const config = resolveOptimizer(opt, 0.05);
        const transforms = fuse(buildChain(config));
        const opts = { steps: 12, seed: 3, recordSteps: [1, 4, 12], countNonzero: true, classStats: true, lazy: usesLazyUpdates(config) };
        const a = runWasm(core, problem, transforms, opts);
        const b = runTwin(problem, transforms, opts);
        expect(a.finalWeights, JSON.stringify(opt)).toEqual(b.finalWeights);
        expect(a.exactLoss).toEqual(b.exactLoss);
        expect(a.nonzeroCounts).toEqual(b.nonzeroCounts);
        if (problem.classStats) {
          expect(a.classStats).toHaveLength(4); // step 0 and the three recorded steps
          for (let j = 0; j < 4; j++) {
            const x = a.classStats![j];
            const y = b.classStats![j];
            for (let i = 0; i < x.length; i++) {
              if (Number.isNaN(y[i])) expect(x[i]).toBeNaN();
              else expect(Math.abs(x[i] - y[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y[i])));
            }
          }
        }
      }
    });
  }

  it("initial weights come from the problem (PyTorch init) and the exact loss starts there", async () => {
    const core = await freshCore();
    const problem = linearModelProblem({ levels: 3, d: 9, init: "pytorch" });
    const out = runWasm(core, problem, fuse(buildChain(resolveOptimizer("sgd", 1e-9))), { steps: 1, seed: 0, recordSteps: [1] });
    expect(out.initialLoss).toBeCloseTo(problem.twinLoss(problem.initialWeights()), 12);
    expect(out.initialLoss).not.toBeCloseTo(Math.log(problem.classes), 3); // zero init would give ln c
  });
});
