import { describe, expect, it } from "vitest";
import { chain, fuse } from "../../../src/optimizers/chain.js";
import { scaleByAdam } from "../../../src/optimizers/adam.js";
import { apply, scale } from "../../../src/optimizers/scale.js";
import { runWasm } from "../../../src/loop/wasm.js";
import { freshCore } from "../../helpers/core.js";
import { bigramLaw, zipfBigramLaw } from "../../../src/experiments/scaling/bigram-law.js";
import { reducedGd } from "../../../src/experiments/scaling/reduced-gd.js";
import { crossingStep, reducedSign } from "../../../src/experiments/scaling/reduced-sign.js";
import { hitsOnCurve, targetsOf } from "../../../src/experiments/scaling/steps-to-eps.js";
import { quadraticProblem, resolveQuadraticConfig } from "../../../src/problems/quadratic/declaration.js";

/** R(0 … T) by the sum Σ_i π_i (1 − ηπ_i)^{2t}, with no shortcut. */
function gdCurveByHand(pi: Float64Array, eta: number, T: number): number[] {
  const mass = pi.reduce((a, b) => a + b, 0);
  return Array.from({ length: T + 1 }, (_, t) => pi.reduce((s, p) => s + p * (1 - eta * p) ** (2 * t), 0) / mass);
}

/** Sign descent on the d coordinates w_r → q_r in f64, error² summed each step. */
function signCurveByHand(q: Float64Array, eta: number, T: number): number[] {
  const w = new Float64Array(q.length);
  const norm = q.reduce((s, x) => s + x * x, 0);
  const out: number[] = [];
  for (let t = 0; t <= T; t++) {
    out.push(q.reduce((s, x, r) => s + (w[r] - x) ** 2, 0) / norm);
    for (let r = 0; r < q.length; r++) w[r] -= eta * Math.sign(w[r] - q[r]);
  }
  return out;
}

describe("reduced GD: R(t) = Σ_i π_i (1 − ηπ_i)^{2t}", () => {
  it("the steps to ε are the first t of the curve summed term by term, for η below 1/π₁, between 1/π₁ and 2/π₁, and above 2/π₁", () => {
    for (const [d, alpha] of [
      [300, 1],
      [200, 0.5],
      [150, 1.5],
    ]) {
      const law = zipfBigramLaw(d, alpha);
      const pi1 = law.inputs[0];
      for (const eta of [0.2 / pi1, 1 / pi1, 1.7 / pi1, 2.2 / pi1]) {
        const gd = reducedGd(law, eta);
        const T = 4000;
        const curve = gdCurveByHand(law.inputs, eta, T);
        const eps = [0.5, 0.3, 0.1, 0.05];
        const expected = eps.map((e) => {
          const t = curve.findIndex((r) => r <= e);
          return t < 0 ? null : t;
        });
        expect(gd.stepsTo(eps, T), `d=${d} α=${alpha} ηπ₁=${eta * pi1}`).toEqual(expected);
        for (const t of [0, 1, 7, 100, 1000]) expect(Math.abs(gd.relativeLoss(t) - curve[t]) / curve[t]).toBeLessThan(1e-12);
      }
    }
  });

  it("reaches ε = 0.3 at α = 1 in d^0.7-ish steps with η = 1/π₁: 7 steps at d = 100, 758 at d = 100 000", () => {
    const steps = [100, 100_000].map((d) => {
      const law = zipfBigramLaw(d, 1);
      return reducedGd(law, 1 / law.inputs[0]).stepsTo([0.3], 1e9)[0];
    });
    expect(steps).toEqual([7, 758]);
  });
});

describe("reduced sign descent: a ramp, then a two-value oscillation by parity", () => {
  it("crossingStep is ⌈p/η⌉ exactly, also when p is a multiple of η", () => {
    expect(crossingStep(0.3, 0.1)).toBe(3); // 3·0.1 = 0.30000000000000004 ≥ 0.3
    expect(crossingStep(0.75, 0.25)).toBe(3);
    expect(crossingStep(0.76, 0.25)).toBe(4);
    expect(crossingStep(1e-9, 0.5)).toBe(1);
  });

  it("R(t) equals the coordinate-by-coordinate f64 recurrence at every step, through the oscillation", () => {
    for (const [d, alpha, eta] of [
      [50, 1, 0.01],
      [37, 1.5, 0.003],
      [100, 0.5, 2 ** -8],
      [64, 1, 0.0316],
    ]) {
      const law = zipfBigramLaw(d, alpha);
      const sign = reducedSign(law, eta);
      const T = sign.settled + 30;
      const curve = signCurveByHand(law.row, eta, T);
      for (let t = 0; t <= T; t++) expect(Math.abs(sign.relativeLoss(t) - curve[t]) / curve[t]).toBeLessThan(1e-9);
      const targets = targetsOf([0.5, 0.3, 0.1, 0.03, 0.01, 0.003], ["even", "odd"]);
      expect(targets.map((t) => sign.stepsTo(t.eps, t.parity as "even" | "odd", 1e9))).toEqual(hitsOnCurve(curve, targets));
    }
  });

  it("an entry that lands exactly on its target stays there (sign 0)", () => {
    const law = bigramLaw([0.5, 0.5], [0.75, 0.25]); // η = 0.25: both targets are multiples of η
    const sign = reducedSign(law, 0.25);
    expect([0, 1, 2, 3, 4, 5].map((t) => sign.excessLoss(t) / law.initialExcess)).toEqual([
      1,
      0.5 ** 2 / 0.625,
      0.25 ** 2 / 0.625,
      0,
      0,
      0,
    ]);
  });

  it("zig-zags: R falls along even steps and along odd steps, not step to step; after the last crossing it takes two values", () => {
    const law = zipfBigramLaw(1000, 1);
    const sign = reducedSign(law, 0.01);
    const R = Array.from({ length: sign.settled + 10 }, (_, t) => sign.relativeLoss(t));
    for (let t = 2; t < R.length; t++) expect(R[t]).toBeLessThanOrEqual(R[t - 2] * (1 + 1e-12));
    expect(R.some((r, t) => t > 0 && r > R[t - 1])).toBe(true);
    const end = R.length - 1;
    expect(R[end]).toBeCloseTo(R[end - 2], 14);
    expect(R[end - 1]).toBeCloseTo(R[end - 3], 14);
    // Even steps put the entries with q_r < η back at 0 (error q_r, small); odd steps leave them
    // at η (error ≈ η each, d of them): the odd iterate is far worse at this η.
    expect(R[end - (end % 2)]).toBeLessThan(R[end - 1 + (end % 2)] / 10);
  });
});

describe("reduced Adam: ε = 0 makes Adam blind to a per-coordinate scale", () => {
  it("on the quadratic, weights π ≡ 1 and Zipf weights give the same iterates (to f32 rounding) — so d coordinates stand for d²", async () => {
    const core = await freshCore();
    const law = zipfBigramLaw(200, 1);
    const target = Array.from(law.row);
    const adam = fuse(chain(scaleByAdam({ b1: 0.9, b2: 0.999, eps: 0 }), scale(-3e-3), apply()));
    const opts = { steps: 60, seed: 0, recordSteps: [1, 10, 30, 60] };
    const ones = runWasm(core, quadraticProblem({ d: 200, target, weights: "ones" }), adam, opts);
    const zipf = runWasm(core, quadraticProblem({ d: 200, alpha: 1, target, weights: "zipf" }), adam, opts);
    expect(quadraticProblem({ d: 3, weights: "ones" }).frequencies).toEqual(new Float32Array([1, 1, 1]));
    expect(() => resolveQuadraticConfig({ weights: "unit" as never })).toThrow(/problem\.weights: must be "zipf" or "ones"/);
    for (let e = 0; e < ones.trajectory.length; e++) {
      expect(Math.abs(ones.trajectory[e] - zipf.trajectory[e])).toBeLessThan(1e-6 * Math.abs(target[e % 200]) + 1e-9);
    }
  });
});
