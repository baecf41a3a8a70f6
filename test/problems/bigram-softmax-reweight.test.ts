import { describe, expect, it } from "vitest";
import { randomArray } from "../helpers/core.js";
import { ConfigError } from "../../src/config/error.js";
import { bigramSoftmaxProblem } from "../../src/problems/bigram-softmax/declaration.js";

describe("bigram softmax loss reweighting: L = Σ ω_y ℓ / Σ ω_y with ω_k = 1/π_k or 1/√π_k", () => {
  const base = { d: 13, alpha: 1, pairs: 5000 };
  const w = randomArray(13 * 13, 5, 0.3);
  const plain = bigramSoftmaxProblem(base);
  const { classLoss } = plain.twinClassStats(w);
  const pi = plain.classFrequencies;

  for (const [reweight, omega] of [
    ["inverse", (p: number) => 1 / p],
    ["inverse-sqrt", (p: number) => 1 / Math.sqrt(p)],
  ] as const) {
    it(`${reweight}: the loss is the ω-weighted mean of the per-class losses; per-class losses are unchanged`, () => {
      const problem = bigramSoftmaxProblem({ ...base, reweight });
      let num = 0,
        den = 0;
      pi.forEach((p, k) => {
        num += omega(p) * p * classLoss[k];
        den += omega(p) * p;
      });
      expect(problem.twinLoss(w)).toBeCloseTo(num / den, 5);
      const stats = problem.twinClassStats(w);
      stats.classLoss.forEach((l, k) => expect(l).toBeCloseTo(classLoss[k], 5));
      expect(problem.classFrequencies).toEqual(pi); // groups still follow the data's frequencies
    });
  }

  it("inverse weighting gives every next token the same total weight: the rarest tokens count as much as the common", () => {
    const problem = bigramSoftmaxProblem({ ...base, reweight: "inverse" });
    const uniform = classLoss.reduce((a, b) => a + b, 0) / classLoss.length;
    expect(problem.twinLoss(w)).toBeCloseTo(uniform, 5);
  });

  it("an unknown weighting is a ConfigError naming the field", () => {
    expect(() => bigramSoftmaxProblem({ ...base, reweight: "square" as never })).toThrow(ConfigError);
    expect(() => bigramSoftmaxProblem({ ...base, reweight: "square" as never })).toThrow(/problem\.reweight/);
  });
});

describe("bigram softmax L2 regularization λ/2‖W‖² (full batch)", () => {
  const base = { d: 9, alpha: 1 };
  const w = randomArray(81, 8, 0.5);

  it("adds λ/2‖W‖² to the loss and λW to the gradient", () => {
    const lambda = 0.25;
    const plain = bigramSoftmaxProblem(base);
    const reg = bigramSoftmaxProblem({ ...base, l2: lambda });
    const sq = w.reduce((s, x) => s + x * x, 0);
    expect(reg.twinLoss(w) - plain.twinLoss(w)).toBeCloseTo(0.5 * Math.fround(lambda) * sq, 6);
    const [g0, g1] = [new Float32Array(81), new Float32Array(81)];
    plain.twinGradient(w, g0, null as never);
    reg.twinGradient(w, g1, null as never);
    g1.forEach((g, i) => expect(g - g0[i]).toBeCloseTo(lambda * w[i], 6));
  });

  it("is refused with mini-batches (its gradient is dense), naming the field", () => {
    expect(() => bigramSoftmaxProblem({ ...base, l2: 0.1, batch: 8 })).toThrow(/problem\.l2: needs the full batch/);
  });
});
