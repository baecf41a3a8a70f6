import { describe, expect, it } from "vitest";
import { runTokensExperiment } from "../../src/experiments/tokens/run.js";
import type { TokensRun } from "../../src/results/tokens.js";

const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];
const COMMON = [0, 1, 2, 3]; // the, model, embedding, tokenization
const XENOBIOTIC = 4;
const THALWEG = 5;

function tailAverage(run: TokensRun, k: number, last: number): number {
  const w = run.trajectory.weights;
  let s = 0;
  for (let j = w.length - last; j < w.length; j++) s += w[j][k];
  return s / last;
}

describe("the six-token experiment (phenomenon 1), over 8 seeds", async () => {
  const results = await Promise.all(SEEDS.map((seed) => runTokensExperiment({ seed })));
  const by = (name: string) => results.map((r) => r.runs.find((x) => x.optimizer.name === name)!);

  it("SGD learns the common tokens but leaves xenobiotic near 0.5 and thalweg near 0.15", () => {
    for (const sgd of by("sgd")) {
      for (const k of COMMON) expect(Math.abs(sgd.finalWeights[k] - 1)).toBeLessThan(0.05);
      expect(sgd.finalWeights[XENOBIOTIC]).toBeGreaterThan(0.35);
      expect(sgd.finalWeights[XENOBIOTIC]).toBeLessThan(0.75);
      expect(sgd.finalWeights[THALWEG]).toBeLessThan(0.35);
    }
  });

  it("rare tokens get a non-zero gradient in about 15% and 3% of steps (1 − (1−p)^32)", () => {
    for (const run of by("sgd")) {
      expect(run.nonzeroPercent[XENOBIOTIC]).toBeGreaterThan(12);
      expect(run.nonzeroPercent[XENOBIOTIC]).toBeLessThan(18);
      expect(run.nonzeroPercent[THALWEG]).toBeGreaterThan(2);
      expect(run.nonzeroPercent[THALWEG]).toBeLessThan(4.5);
      expect(run.nonzeroSteps[0]).toBe(3000);
    }
  });

  it("Adam learns all six tokens", () => {
    const adam = by("adam");
    // Adam's step on a converged rare weight is ~η·m̂/√v̂ with v̂ tiny after a long absence, so
    // its last value jitters: over 300 seeds (this stream and the previous scalar one alike) the
    // worst token's final weight is off by more than 0.3 in 7% of seeds, by at most 0.78, while
    // the average over the last 500 steps is off by at most 0.19 (median 0.03). SGD's xenobiotic
    // and thalweg sit 0.5 and 0.85 below the truth on both measures.
    for (const run of adam) {
      for (let k = 0; k < 6; k++) expect(Math.abs(tailAverage(run, k, 500) - 1)).toBeLessThan(0.25);
    }
    for (let k = 0; k < 6; k++) {
      const off = adam.filter((r) => Math.abs(r.finalWeights[k] - 1) > 0.3).length;
      expect(off, `seeds whose final weight ${k} is off by > 0.3`).toBeLessThanOrEqual(2);
      const mean = adam.reduce((s, r) => s + r.finalWeights[k], 0) / adam.length;
      expect(Math.abs(mean - 1)).toBeLessThan(0.1);
    }
  });

  it("Adam's effective learning rate η/(√v̂+ε) grows as frequency falls: thalweg ≥ 10× 'the'", () => {
    for (const run of by("adam")) {
      const lr = run.effectiveLr!;
      expect(lr[THALWEG] / lr[0]).toBeGreaterThanOrEqual(10);
      expect(lr[0]).toBeGreaterThan(0.05); // not the nominal η: v̂ is tiny once converged
    }
    expect(by("sgd")[0].effectiveLr).toBeNull();
  });
});

describe("six-token reproducibility", () => {
  it("the same seed gives bit-identical results; another seed does not", async () => {
    const a = await runTokensExperiment({ seed: 9, steps: 500 });
    const b = await runTokensExperiment({ seed: 9, steps: 500 });
    const c = await runTokensExperiment({ seed: 10, steps: 500 });
    expect(b.runs.map((r) => r.trajectory)).toEqual(a.runs.map((r) => r.trajectory));
    expect(b.runs.map((r) => r.effectiveLr)).toEqual(a.runs.map((r) => r.effectiveLr));
    expect(c.runs[0].finalWeights).not.toEqual(a.runs[0].finalWeights);
  });

  it("the WASM core and the plain-TS twin give bit-identical runs for every optimizer", async () => {
    const optimizers = [
      "sgd",
      "adam",
      "sign",
      { name: "sign", momentum: 0.9 },
      "signum",
      "normalized",
      "adagrad",
      "rmsprop",
      "adamw",
      "nesterov",
    ];
    const input = { seed: 4, steps: 400, optimizers, lr: 0.01 };
    const wasm = await runTokensExperiment(input, { backend: "wasm" });
    const twin = await runTokensExperiment(input, { backend: "twin" });
    for (let i = 0; i < optimizers.length; i++) {
      expect(wasm.runs[i].trajectory, JSON.stringify(optimizers[i])).toEqual(twin.runs[i].trajectory);
      expect(wasm.runs[i].nonzeroSteps).toEqual(twin.runs[i].nonzeroSteps);
    }
  });

  it("reports the step at which the loss goes NaN/Inf", async () => {
    // SGD with a huge step on 6 tokens diverges to Inf within a few dozen steps.
    const r = await runTokensExperiment({ optimizers: ["sgd"], lr: 50, steps: 3000 });
    const run = r.runs[0];
    expect(run.divergedAt).not.toBeNull();
    expect(run.divergedAt!).toBeGreaterThan(1);
    expect(run.stepsRun).toBe(run.divergedAt! - 1);
    expect(run.trajectory.steps.at(-1)).toBe(run.stepsRun);
  });
});
