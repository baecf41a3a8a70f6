import { describe, expect, it } from "vitest";
import { fuse } from "../../src/optimizers/chain.js";
import { resolveLrSchedule } from "../../src/optimizers/lr-schedule.js";
import { buildChain, resolveOptimizer, usesLazyUpdates } from "../../src/optimizers/registry.js";
import { runTwin } from "../../src/loop/twin.js";
import { runWasm } from "../../src/loop/wasm.js";
import { freshCore } from "../helpers/core.js";
import { ConfigError } from "../../src/config/error.js";
import { quadraticProblem, resolveQuadraticConfig } from "../../src/problems/quadratic/declaration.js";
import type { QuadraticInput } from "../../src/problems/quadratic/declaration.js";

const f32 = Math.fround;
const relativeError = (x: number, ref: number) => Math.abs(x - ref) / Math.abs(ref);

describe("weighted quadratic f(w) = Σ π_k ½(w_k − w*_k)²", () => {
  it("GD follows w_k(t) = w*_k (1 − (1 − ηπ_k)^t), and so does its relative loss (to 1e-5)", async () => {
    const core = await freshCore();
    const target = Array.from({ length: 50 }, (_, k) => 1 + 0.5 * Math.sin(k)); // d = 50: not a multiple of 4
    const problem = quadraticProblem({ d: 50, alpha: 1, target });
    const pi = problem.frequencies;
    const eta = f32(1 / pi[0]); // the step size of phenomenon 3: 1/π_1
    const steps = [1, 2, 5, 10, 20, 50, 100, 200];
    const out = runWasm(core, problem, fuse(buildChain(resolveOptimizer("sgd", eta))), { steps: 200, seed: 0, recordSteps: steps });
    // f* = 0, so the relative loss is f(w_t)/f(w_0) = Σ π_k w*_k² (1 − ηπ_k)^{2t} / Σ π_k w*_k².
    const ws = problem.target;
    let f0 = 0;
    for (let k = 0; k < 50; k++) f0 += pi[k] * ws[k] * ws[k];
    steps.forEach((t, j) => {
      const reference = problem.gdClosedForm(eta, t);
      for (let k = 0; k < 50; k++) expect(relativeError(out.trajectory[j * 50 + k], reference[k])).toBeLessThan(1e-5);
      let ft = 0;
      for (let k = 0; k < 50; k++) ft += pi[k] * ws[k] * ws[k] * (1 - eta * pi[k]) ** (2 * t);
      expect(relativeError(out.exactLoss![j] / out.initialLoss!, ft / f0)).toBeLessThan(1e-5);
    });
  });

  it("sign descent moves every coordinate by η per step, whatever its frequency", async () => {
    const core = await freshCore();
    const problem = quadraticProblem({ d: 9, alpha: 2 });
    const out = runWasm(core, problem, fuse(buildChain(resolveOptimizer("sign", 0.125))), { steps: 4, seed: 0, recordSteps: [4] });
    expect(Array.from(out.finalWeights)).toEqual(new Array(9).fill(0.5));
  });

  it("the kernel equals its twin bit for bit (d = 13), for sgd, sign, adam, normalized and a schedule", async () => {
    const core = await freshCore();
    const problem = quadraticProblem({ d: 13, alpha: 1.3, target: 2 });
    for (const spec of ["sgd", "sign", "adam", { name: "adam", lazy: true }, "normalized", "momentum"]) {
      const config = resolveOptimizer(spec, 0.05);
      const transforms = fuse(buildChain(config));
      for (const lrSchedule of [undefined, resolveLrSchedule("cosine:warmup=10")]) {
        const opts = { steps: 120, seed: 1, recordSteps: [1, 7, 60, 120], lrSchedule, lazy: usesLazyUpdates(config) };
        const a = runWasm(core, problem, transforms, opts);
        const b = runTwin(problem, transforms, opts);
        expect(a.finalWeights).toEqual(b.finalWeights);
        expect(a.trajectory).toEqual(b.trajectory);
        expect(a.loss).toEqual(b.loss);
        expect(a.exactLoss).toEqual(b.exactLoss);
        expect(a.initialLoss).toBe(b.initialLoss);
      }
    }
  });

  it("bad configs are config errors naming the field", () => {
    const field = (input: QuadraticInput) => {
      try {
        resolveQuadraticConfig(input);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return e as ConfigError;
      }
      throw new Error("no error");
    };
    expect(field({ alpha: -0.5 }).field).toBe("problem.alpha");
    expect(field({ d: 0 }).field).toBe("problem.d");
    expect(field({ d: 2.5 }).field).toBe("problem.d");
    expect(field({ d: 3, target: [1, 2] }).field).toBe("problem.target");
    const big = field({ d: 200_000_000 });
    expect(big.field).toBe("problem.d");
    expect(big.message).toMatch(/needs 4\.47 GiB/); // six f32 arrays of 2·10⁸: 4.8·10⁹ bytes
  });
});
