import { describe, expect, it } from "vitest";
import { bigramSoftmaxProblem } from "../../src/problems/bigram-softmax.js";
import { ConfigError } from "../../src/config/fields.js";
import { randomArray } from "../helpers/core.js";

describe("bigram softmax loss reweighting: L = Σ ω_y ℓ / Σ ω_y with ω_k = 1/π_k or 1/√π_k", () => {
  const base = { d: 13, alpha: 1, pairs: 5000 };
  const w = randomArray(13 * 13, 5, 0.3);
  const plain = bigramSoftmaxProblem(base);
  const { classLoss } = plain.twinClassStats(w);
  const pi = plain.classFrequencies;

  for (const [reweight, omega] of [["inverse", (p: number) => 1 / p], ["inverse-sqrt", (p: number) => 1 / Math.sqrt(p)]] as const) {
    it(`${reweight}: the loss is the ω-weighted mean of the per-class losses; per-class losses are unchanged`, () => {
      const problem = bigramSoftmaxProblem({ ...base, reweight });
      let num = 0, den = 0;
      pi.forEach((p, k) => { num += omega(p) * p * classLoss[k]; den += omega(p) * p; });
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
