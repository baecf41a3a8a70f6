// Small hand-made results of the heavy-tailed problems (no experiment run): 7 classes in 3
// frequency groups (1, 2 and 4 classes), loss curves where GD's rare group stays flat and
// Adam's and sign descent's fall, per-class gradient norms and Hessian traces that shrink with
// frequency; a quadratic with per-coordinate curves; a scaling result; a step-size sweep.
import type { OptimizerConfig } from "../../src/optimizers/registry.js";
import type { ScalingFigureInput } from "../../src/plot/figures/scaling/data.js";
import type { CellResult } from "../../src/tuning/step-size-rule.js";
import type { ProblemRun, ProblemRunResult } from "../../src/results/run.js";

export const GD: OptimizerConfig = { name: "sgd", lr: 0.1, momentum: 0, nesterov: false };
export const ADAM: OptimizerConfig = { name: "adam", lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, lazy: false };
export const SIGN: OptimizerConfig = { name: "sign", lr: 0.0003, momentum: 0, nesterov: false };

/** Frequencies of 7 classes: 1 class of 4/12, 2 of 2/12, 4 of 1/12 (equal share per group). */
export const FREQUENCIES = [4, 2, 2, 1, 1, 1, 1].map((n) => n / 12);
const STEPS = [0, 1, 2, 5, 10, 20, 50, 100];

/** loss(t) = start · (floor + (1 − floor)·e^(−rate·t)). */
function curve(start: number, rate: number, floor = 0): number[] {
  return STEPS.map((t) => start * (floor + (1 - floor) * Math.exp(-rate * t)));
}

function run(optimizer: OptimizerConfig, groupRates: number[], perClass: boolean): ProblemRun {
  const groupLoss = groupRates.map((r) => curve(2, r));
  const classGroup = [0, 1, 1, 2, 2, 2, 2];
  const loss = STEPS.map((_, j) => groupLoss.reduce((a, g) => a + g[j], 0) / 3);
  return {
    optimizer,
    steps: STEPS,
    loss,
    relativeLoss: null,
    groupLoss,
    perClass: perClass
      ? {
          loss: classGroup.map((g) => groupLoss[g]),
          gradNorm: FREQUENCIES.map((f) => curve(f, 0.05, 0.1)),
          hessianTrace: FREQUENCIES.map((f) => curve(2 * f, 0.02, 0.2)),
        }
      : null,
    initialLoss: loss[0],
    finalLoss: loss.at(-1)!,
    divergence: null,
    spike: null,
    classMetrics: null,
    coupling: null,
    rowUpdates: false,
    seconds: 0.01,
  };
}

export function fakeRunResult(perClass = true): ProblemRunResult {
  return {
    experiment: "run",
    backend: "twin",
    optimalLoss: null,
    config: {
      problem: "linear-model",
      config: { levels: 3, d: 16, batch: "full" },
      optimizers: [GD, ADAM, SIGN],
      steps: 100,
      seed: 0,
      record: "log:8",
      groups: null,
      schedule: { kind: "constant" } as ProblemRunResult["config"]["schedule"],
      updates: "auto",
      perClass,
      coupling: false,
    },
    classes: { count: 7, classIs: "label", frequencies: FREQUENCIES },
    groups: {
      count: 3,
      share: [1 / 3, 1 / 3, 1 / 3],
      classes: [1, 2, 4],
      maxFrequency: [4 / 12, 2 / 12, 1 / 12],
      minFrequency: [4 / 12, 2 / 12, 1 / 12],
    },
    // GD: G1 falls fast, the rarest group barely (−2%); Adam and sign descent: every group falls.
    runs: [run(GD, [0.2, 0.01, 0.0002], perClass), run(ADAM, [0.1, 0.1, 0.1], perClass), run(SIGN, [0.05, 0.06, 0.08], perClass)],
  };
}

/** A weighted quadratic, d = 12, π_k ∝ 1/k: GD's coordinate k decays as (1 − ηπ_k)^2t; sign's all alike. */
export function fakeQuadraticResult(): ProblemRunResult {
  const d = 12;
  const h = Array.from({ length: d }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b, 0);
  const pi = Array.from({ length: d }, (_, k) => 1 / (k + 1) / h);
  // η = 0.2/π₁: coordinate 1 shrinks by 0.8 per step, coordinate 12 by 1 − 0.2/12.
  const gd = { ...GD, lr: 0.2 / pi[0] };
  const coord = (rate: (k: number) => number) => pi.map((_, k) => STEPS.map((t) => 0.5 * (1 - rate(k)) ** (2 * t)));
  const mk = (optimizer: OptimizerConfig, loss: number[][]): ProblemRun => ({
    optimizer,
    steps: STEPS,
    loss: STEPS.map((_, j) => loss.reduce((a, c, k) => a + pi[k] * c[j], 0)),
    relativeLoss: STEPS.map((_, j) => loss.reduce((a, c, k) => a + pi[k] * c[j], 0) / 0.5),
    groupLoss: null,
    perClass: { loss },
    initialLoss: 0.5,
    finalLoss: 0,
    divergence: null,
    spike: null,
    classMetrics: null,
    coupling: null,
    rowUpdates: false,
    seconds: 0.01,
  });
  return {
    experiment: "run",
    backend: "twin",
    optimalLoss: 0,
    config: { ...fakeRunResult().config, problem: "quadratic", config: { d, alpha: 1, target: 1 }, optimizers: [gd, SIGN] },
    classes: { count: d, classIs: "coordinate", frequencies: pi },
    groups: null,
    runs: [
      mk(
        gd,
        coord((k) => (0.2 * pi[k]) / pi[0]),
      ),
      mk(
        SIGN,
        coord(() => 0.1),
      ),
    ],
  };
}

export function fakeScalingResult(): ScalingFigureInput {
  const ds = [100, 1000, 10000];
  const fit = (b: number, a: number) => ({ a, b, ci: [b - 0.02, b + 0.02] as [number, number], n: 3 });
  const series = (optimizer: string, lrRule: string, parity: string, alpha: number, eps: number, b: number, theory: number | null) => ({
    optimizer,
    lrRule,
    parity,
    alpha,
    eps,
    ds,
    steps: ds.map((d) => Math.round(Math.exp(0.5 + b * Math.log(d)))),
    fit: fit(b, 0.5),
    theory,
  });
  return {
    config: { alphas: [0.5, 1], eps: [0.5, 0.3] },
    fits: [0.5, 1].flatMap((alpha) =>
      [0.5, 0.3].flatMap((eps) => [
        series("sgd", "1/pi1", "any", alpha, eps, alpha === 1 ? 1 - eps : 0.45, alpha === 1 ? 1 - eps : null),
        series("sign", "tuned", "odd", alpha, eps, 0.5, null),
        series("adam", "tuned", "any", alpha, eps, 0.02, null),
      ]),
    ),
  };
}

/** A step-size sweep of GD and Adam, one seed: GD's largest step spikes (flagged diverged) but ends low. */
export function fakeSweep(): CellResult[] {
  const cells: CellResult[] = [];
  const add = (optimizer: string, lr: number, finalLoss: number, divergedAt: number | null, rare: number) =>
    cells.push({
      index: cells.length,
      cell: { optimizer, lr, steps: 100, seed: 0 },
      summary: { initialLoss: 2, finalLoss, divergedAt, seconds: 0.01, finalGroupLoss: [finalLoss / 2, finalLoss, rare] },
    });
  add("sgd", 0.01, 1.8, null, 2.0);
  add("sgd", 0.1, 1.2, null, 1.95);
  add("sgd", 1, 0.05, 1, 0.05);
  add("adam", 0.001, 1.0, null, 0.9);
  add("adam", 0.01, 0.1, null, 0.05);
  add("adam", 0.1, 3.5, null, 3.0);
  return cells;
}
