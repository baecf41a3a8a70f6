// The exact reduced models against the brute-force d×d bigram model (f32 WASM kernel) at
// d ≤ 256: the same excess loss L − L* at every step.
//
// f32 vs f64, honestly. The reduced GD and sign models are exact (f64); the brute-force run
// keeps W in f32. They are compared on the same π and q — the problem's f32 values read as
// f64 — so that only the f32 arithmetic of the run differs:
//   GD: each W_ki carries relative rounding ~6e-8, so its residual W − p is resolved to
//     ~6e-8·p; the excess agrees to 1e-5 while R ≥ 1e-3 (the ε of a sweep are far above that;
//     below ~1e-6 the f32 iterate's residual is mostly rounding: test/problems/bigram-square).
//   sign: the run accumulates W = η + η + … in f32. With a dyadic η (2^−k) every tη and every
//     comparison with p is exact, and the two agree to f32 rounding of W − p (~1e-7). With a
//     decimal η the f32 ramp drifts from tη by a few ulps, which moves the crossing step of
//     entries whose p sits within that drift of a multiple of η — a genuine f32 effect of the
//     brute-force run, not of the reduction: an f64 d×d simulation agrees with the reduced
//     model to 1e-12 there (below).
//   Adam (ε = 0): both runs are f32; the brute force multiplies every gradient by π_i, the
//     reduced run does not, and Adam's direction m̂/√v̂ cancels the factor up to rounding (~1e-7
//     per step). The two agree to 1e-5 (mostly 1e-7) at every step until R first falls below
//     1e-4. Deeper, the residuals W − p are within a few ulps of p while Adam keeps stepping by
//     ~η·m̂/√v̂, and its oscillation around the optimum amplifies the rounding differences: two
//     f32 runs of the same exact dynamics part (measured: gaps of 1e-5 near R ~ 1e-5 after ~100
//     steps at η = 1e-2, O(1) later). No ε a sweep counts lies there.
import { describe, expect, it } from "vitest";
import { bigramLaw, type BigramLaw } from "../../../src/experiments/scaling/bigram-law.js";
import { bruteCurve, scalingChain } from "../../../src/experiments/scaling/brute.js";
import { runReducedAdam } from "../../../src/experiments/scaling/reduced-adam.js";
import { reducedGd } from "../../../src/experiments/scaling/reduced-gd.js";
import { reducedSign } from "../../../src/experiments/scaling/reduced-sign.js";
import { hitsOnCurve, targetsOf } from "../../../src/experiments/scaling/steps-to-eps.js";
import { freshCore } from "../../helpers/core.js";
import type { ScalingMethod } from "../../../src/results/scaling.js";
import { bigramSquareProblem } from "../../../src/problems/bigram-square/declaration.js";

const f32 = Math.fround;
const adam0 = { b1: 0.9, b2: 0.999, eps: 0 };

/** The problem (random rankings) and its reduced law on the same f32 π. */
function setting(d: number, alpha: number): { law: BigramLaw; pi1: number } {
  const problem = bigramSquareProblem({ d, alpha, seed: 3 });
  return { law: bigramLaw(problem.frequencies, problem.frequencies), pi1: problem.frequencies[0] };
}

async function brute(d: number, alpha: number, optimizer: ScalingMethod, lr: number, steps: number) {
  return bruteCurve(await freshCore(), { d, alpha, seed: 3 }, scalingChain(optimizer, lr, adam0), steps);
}

/** Largest relative gap between the excess curves over steps 0 … last. */
function worstGap(bruteExcess: Float64Array, reduced: (t: number) => number, last: number): { gap: number; at: number } {
  let gap = 0;
  let at = 0;
  for (let t = 0; t <= last; t++) {
    const ref = reduced(t);
    const e = Math.abs(bruteExcess[t] - ref) / ref;
    if (e > gap) [gap, at] = [e, t];
  }
  return { gap, at };
}

describe("reduced models = the brute-force d×d model (d ≤ 256)", () => {
  it.each([
    [256, 1],
    [250, 0.5],
    [101, 1.5],
  ])("GD (η = 1/π₁ and 0.3/π₁), d = %i, α = %f: L − L* agrees to 1e-5 at every step while R ≥ 1e-3", async (d, alpha) => {
    const { law, pi1 } = setting(d, alpha);
    for (const lr of [f32(1 / pi1), f32(0.3 / pi1)]) {
      const gd = reducedGd(law, lr);
      const last = gd.stepsTo([1e-3], 2000)[0] ?? 2000;
      const curve = await brute(d, alpha, "sgd", lr, last);
      const { gap, at } = worstGap(curve.excess, gd.excessLoss, last);
      expect(gap, `η = ${lr}: worst at t = ${at} of ${last}`).toBeLessThan(1e-5);
    }
  });

  it.each([
    [256, 1],
    [101, 1.5],
    [64, 0.5],
  ])(
    "sign descent with a dyadic η, d = %i, α = %f: L − L* agrees to 1e-5 at every step, even and odd, through the oscillation",
    async (d, alpha) => {
      const { law } = setting(d, alpha);
      for (const lr of [2 ** -10, 2 ** -7]) {
        const sign = reducedSign(law, lr);
        const last = sign.settled + 21; // past the last crossing: both parities of the two-value cycle
        const curve = await brute(d, alpha, "sign", lr, last);
        const { gap, at } = worstGap(curve.excess, sign.excessLoss, last);
        expect(gap, `η = ${lr}: worst at t = ${at}`).toBeLessThan(1e-5);
        // The first even and odd steps to each ε are those of the brute-force curve.
        const targets = targetsOf([0.5, 0.3, 0.1, 0.03, 0.01], ["even", "odd"]);
        expect(targets.map((t) => sign.stepsTo(t.eps, t.parity as "even" | "odd", last))).toEqual(hitsOnCurve(curve.relative, targets));
      }
    },
  );

  it("sign descent with a decimal η: exact against an f64 d×d simulation; the f32 kernel drifts by its ramp's rounding", async () => {
    const d = 64;
    const alpha = 1;
    const { law } = setting(d, alpha);
    const problem = bigramSquareProblem({ d, alpha, seed: 3 });
    const lr = 1e-3;
    const sign = reducedSign(law, lr);
    const last = sign.settled + 20;
    // f64 brute force: every entry (k, i) of W, W ← W − η sign(π_i (W − p)).
    const w = new Float64Array(d * d);
    const p = Array.from({ length: d }, (_, i) => problem.conditional(i));
    let worst = 0;
    for (let t = 0; t <= last; t++) {
      let excess = 0;
      for (let i = 0; i < d; i++) {
        let row = 0;
        for (let k = 0; k < d; k++) row += (w[i * d + k] - p[i][k]) ** 2;
        excess += 0.5 * law.inputs[i] * row;
      }
      worst = Math.max(worst, Math.abs(excess - sign.excessLoss(t)) / sign.excessLoss(t));
      for (let i = 0; i < d; i++) {
        for (let k = 0; k < d; k++) w[i * d + k] -= lr * Math.sign(law.inputs[i] * (w[i * d + k] - p[i][k]));
      }
    }
    expect(worst).toBeLessThan(1e-12);
    const curve = await brute(d, alpha, "sign", lr, last);
    const { gap } = worstGap(curve.excess, sign.excessLoss, last);
    expect(gap).toBeLessThan(1e-3); // f32 ramp drift only (measured 2e-5 at d = 256)
  });

  it.each([
    [256, 1],
    [250, 0.5],
    [101, 1.5],
  ])("Adam with ε = 0 on d coordinates, d = %i, α = %f: L − L* agrees to 1e-5 at every step until R < 1e-4", async (d, alpha) => {
    const { law } = setting(d, alpha);
    const core = await freshCore();
    for (const lr of [1e-3, 1e-2, 0.1]) {
      const reduced = runReducedAdam(core, law, { lr, b1: 0.9, b2: 0.999 }, { targets: [], stepsMax: 600, keepCurve: true }).curve!;
      let last = reduced.findIndex((r) => r < 1e-4);
      if (last < 0) last = reduced.length - 1;
      expect(last, `η = ${lr}`).toBeGreaterThan(20);
      const curve = await brute(d, alpha, "adam", lr, last);
      const { gap, at } = worstGap(curve.excess, (t) => reduced[t] * law.initialExcess, last);
      expect(gap, `η = ${lr}: worst at t = ${at} of ${last}`).toBeLessThan(1e-5);
    }
  });
});
