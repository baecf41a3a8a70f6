import { describe, expect, it } from "vitest";
import { runScaling } from "../../../src/experiments/scaling/synthetic-law.js";
import { resolveScalingConfig, dGrid } from "../../../src/experiments/scaling/config.js";
import { ConfigError } from "../../../src/config/error.js";

describe("scaling of the steps to ε with d", () => {
  it("GD at α = 1, ε = 0.3, η = 1/π₁ needs ~d^(1−ε) steps: fitted exponent within 0.1 of 0.7 over d = 10²…10⁵", async () => {
    const result = await runScaling({ optimizers: ["gd"], alphas: [1], eps: [0.3], dMin: 100, dMax: 100_000, points: 7 });
    const fit = result.fits.find((f) => f.lrRule === "1/pi1")!;
    expect(fit.ds).toEqual([100, 316, 1000, 3162, 10_000, 31_623, 100_000]);
    expect(fit.theory).toBeCloseTo(0.7, 12);
    expect(Math.abs(fit.fit!.b - 0.7)).toBeLessThan(0.1);
    expect(fit.fit!.ci![0]).toBeLessThan(fit.fit!.b);
  });

  it("sign descent's even and odd iterates scale differently: at α = 1 the tuned even iterate needs a few steps at any d, the odd one ~√d", async () => {
    const result = await runScaling({ optimizers: ["sign"], alphas: [1], eps: [0.3], dMin: 100, dMax: 100_000, points: 4 });
    const even = result.fits.find((f) => f.parity === "even")!;
    const odd = result.fits.find((f) => f.parity === "odd")!;
    expect(even.steps.every((t) => t !== null && t <= 6)).toBe(true);
    expect(odd.fit!.b).toBeGreaterThan(0.35);
    expect(odd.steps.at(-1)!).toBeGreaterThan(50 * even.steps.at(-1)!);
  });

  it("the brute-force d×d model gives the same steps and tuned step sizes as the reduced models (d = 40, 120)", async () => {
    const input = { dMin: 40, dMax: 120, points: 2, alphas: [1, 1.5], eps: [0.5, 0.1], stepsMax: 20_000 };
    const reduced = await runScaling(input);
    const brute = await runScaling({ ...input, method: "brute" });
    expect(brute.points.every((p) => p.method === "brute")).toBe(true);
    const strip = (r: typeof reduced) => r.points.map(({ method: _m, ...p }) => p);
    expect(strip(brute)).toEqual(strip(reduced));
  });

  it("the d grid is log-spaced and rounded; bad configs name the field", () => {
    expect(dGrid({ dMin: 100, dMax: 1_000_000, points: 9 })).toEqual([100, 316, 1000, 3162, 10000, 31623, 100000, 316228, 1000000]);
    const field = (input: object) => {
      try {
        resolveScalingConfig(input);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).field;
      }
      throw new Error("no error");
    };
    expect(field({ eps: [0.5, 1] })).toBe("eps[1]");
    expect(field({ dMin: 1000, dMax: 100 })).toBe("dMax");
    expect(field({ optimizers: ["sgd"] })).toBe("optimizers[0]");
    expect(field({ method: "reduced", adamEps: 1e-8 })).toBe("method");
    // Adam with ε > 0 runs the d×d model: d = 10⁵ does not fit in WASM memory.
    expect(field({ adamEps: 1e-8 })).toBe("adamDMax");
  });
});
