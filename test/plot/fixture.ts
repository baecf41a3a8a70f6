// A small hand-made TokensResult (no experiment run): weights follow w(t) = w*(1 − (1 − r)^t)
// with a per-token rate r, SGD's rates falling with frequency, Adam's all fast.
import type { OptimizerConfig } from "../../src/optimizers/registry.js";
import type { TokensConfig, TokensResult, TokensRun } from "../../src/results/tokens.js";

export const TOKENS = [
  { name: "the", frequency: 0.95, trueWeight: 1 },
  { name: "model", frequency: 0.6, trueWeight: 1 },
  { name: "xenobiotic", frequency: 0.005, trueWeight: 1 },
  { name: "thalweg", frequency: 0.001, trueWeight: 1 },
];

export const SGD: OptimizerConfig = { name: "sgd", lr: 0.05, momentum: 0, nesterov: false };
export const ADAM: OptimizerConfig = { name: "adam", lr: 0.05, b1: 0.9, b2: 0.999, eps: 1e-8, lazy: false };

export function fakeRun(optimizer: OptimizerConfig, rates: number[], steps: number, effectiveLr: number[] | null): TokensRun {
  const stepList = Array.from({ length: steps + 1 }, (_, t) => t);
  const weights = stepList.map((t) => TOKENS.map((tok, k) => tok.trueWeight * (1 - (1 - rates[k]) ** t)));
  const finalWeights = weights[steps];
  return {
    optimizer,
    finalWeights,
    absError: finalWeights.map((w, k) => Math.abs(w - TOKENS[k].trueWeight)),
    nonzeroSteps: TOKENS.map((t) => Math.round(steps * Math.min(1, 32 * t.frequency))),
    nonzeroPercent: TOKENS.map((t) => 100 * Math.min(1, 32 * t.frequency)),
    effectiveLr,
    divergedAt: null,
    stepsRun: steps,
    finalLoss: 0.01,
    trajectory: { steps: stepList, weights, loss: stepList.map((t) => (t === 0 ? null : 1 / t)) },
    seconds: 0.001,
  };
}

export function fakeConfig(steps: number, optimizers: OptimizerConfig[]): TokensConfig {
  return { tokens: TOKENS.map((t) => ({ ...t })), noise: 0.1, batch: 32, steps, lr: 0.05, seed: 0, optimizers, record: "every:1" };
}

/** SGD leaves the two rare tokens far from w* = 1; Adam gets all four; Adam's lr grows as frequency falls. */
export function fakeResult(steps = 200): TokensResult {
  return {
    experiment: "tokens",
    backend: "twin",
    config: fakeConfig(steps, [SGD, ADAM]),
    runs: [fakeRun(SGD, [0.05, 0.03, 0.003, 0.0005], steps, null), fakeRun(ADAM, [0.1, 0.1, 0.08, 0.06], steps, [1.2, 1.5, 28, 53])],
  };
}
