// The scaling sweep (phenomenon 3): steps to ε against d on the full-batch bigram square loss,
// for each α, per optimizer — GD with η = 1/π_1 and tuned, sign descent tuned (even and odd
// iterates apart), Adam tuned — then a fit ln t = a + b ln d per (optimizer, α, ε, parity).
// Tuned = per horizon on the step-size lattice (tune-lr.ts); one seed (full batch).
import { argFunction, argHas, argOptionalObject } from "../../config/args.js";
import { loadCore, type Core } from "../../wasm/load.js";
import { zipfBigramLaw, type BigramLaw } from "./bigram-law.js";
import { dGrid, dLimit, resolveScalingConfig, usesBruteForce, type ScalingInput } from "./config.js";
import { fitPowerLaw } from "./fit.js";
import { stepsToTargets, type SolveContext } from "./solve.js";
import { targetsOf, type Target } from "./steps-to-eps.js";
import { tuneOnLattice, type LatticeOptions } from "./tune-lr.js";
import type { ScalingConfig, ScalingMethod, StepParity } from "../../results/scaling.js";
import type { LrRule, ScalingFit, ScalingPoint, ScalingResult, ScalingSeries } from "../../results/scaling.js";

/** One tuning or fixed-step run per (α, d): its step-size rule and the parities it counts. */
interface RunKind {
  lrRule: LrRule;
  parities: StepParity[];
}

/** What each optimizer runs. Sign descent zig-zags: its even and odd iterates are counted apart. */
const RUNS: Record<ScalingMethod, RunKind[]> = {
  sgd: [
    { lrRule: "1/pi1", parities: ["any"] },
    { lrRule: "tuned", parities: ["any"] },
  ],
  sign: [{ lrRule: "tuned", parities: ["even", "odd"] }],
  adam: [{ lrRule: "tuned", parities: ["any"] }],
};

/** The series (one fit each per α and ε) an optimizer contributes. */
export function seriesOf(optimizer: ScalingMethod): ScalingSeries[] {
  return RUNS[optimizer].flatMap((run) => run.parities.map((parity) => ({ optimizer, lrRule: run.lrRule, parity })));
}

export interface ScalingRunOptions {
  core?: Core;
  /** Called after each (α, d, optimizer) with the units done and the total. */
  onProgress?: (done: number, total: number) => void;
}

export function theoryExponent(series: ScalingSeries, alpha: number, eps: number): number | null {
  return series.optimizer === "sgd" && alpha === 1 ? 1 - eps : null;
}

/**
 * A lattice start where every target is in reach for sign descent: the odd iterates' floor is
 * about d·η²/3 against ‖q‖², so η = √(ε_min ‖q‖²/d) keeps it below ε_min/3.
 */
function floorStart(law: BigramLaw, epsMin: number): number {
  return Math.sqrt((epsMin * law.rowSquares) / law.d);
}

/** Where the tuning walk starts (see tune-lr.ts: it walks up, then down). */
function tuningStart(optimizer: ScalingMethod, law: BigramLaw, epsMin: number, previous: number | undefined): number {
  // GD: for η ≤ 1/π_1 every factor |1 − ηπ_i| = 1 − ηπ_i falls as η grows, so no smaller step
  // reaches ε sooner: start at the lattice point below 1/π_1 and walk up only. Sign descent:
  // where every target is in reach (its even and odd optima lie on either side). Adam: the
  // previous d's choice for the smallest ε.
  if (optimizer === "sgd") return 1 / law.inputs[0];
  if (optimizer === "sign") return floorStart(law, epsMin);
  return previous ?? floorStart(law, epsMin);
}

interface Measured {
  steps: (number | null)[];
  lr: (number | null)[];
  edge: ScalingPoint["edge"][];
}

/** Steps to each target of one run kind at one (α, d): at η = 1/π_1, or tuned on the lattice. */
function measure(
  ctx: SolveContext,
  optimizer: ScalingMethod,
  run: RunKind,
  targets: Target[],
  lattice: LatticeOptions,
  start: number,
): Measured {
  if (run.lrRule === "1/pi1") {
    const lr = 1 / ctx.law.inputs[0];
    return { steps: stepsToTargets(ctx, optimizer, lr, targets), lr: targets.map(() => lr), edge: targets.map(() => null) };
  }
  const tuning = tuneOnLattice((lr, bounds) => stepsToTargets(ctx, optimizer, lr, targets, bounds), targets.length, start, {
    ...lattice,
    skipBelowStart: optimizer === "sgd",
  });
  return { steps: tuning.targets.map((x) => x.steps), lr: tuning.targets.map((x) => x.lr), edge: tuning.targets.map((x) => x.edge) };
}

/** One fit per (series, α, ε) over the d at which it ran. */
function fitSeries(config: ScalingConfig, points: readonly ScalingPoint[]): ScalingFit[] {
  const fits: ScalingFit[] = [];
  for (const optimizer of config.optimizers) {
    for (const series of seriesOf(optimizer)) {
      for (const alpha of config.alphas) {
        for (const eps of config.eps) {
          const mine = points.filter(
            (p) =>
              p.optimizer === optimizer && p.lrRule === series.lrRule && p.parity === series.parity && p.alpha === alpha && p.eps === eps,
          );
          const ds = mine.map((p) => p.d);
          const steps = mine.map((p) => p.steps);
          fits.push({
            ...series,
            alpha,
            eps,
            ds,
            steps,
            fit: fitPowerLaw(ds, steps, config.level),
            theory: theoryExponent(series, alpha, eps),
          });
        }
      }
    }
  }
  return fits;
}

export async function runScaling(input: ScalingInput = {}, opts: ScalingRunOptions = {}): Promise<ScalingResult> {
  const o = argOptionalObject<ScalingRunOptions>("opts", opts) ?? {};
  if (o.core !== undefined) argHas("opts.core", o.core, ["exports", "arena"], "a loaded core (loadCore())");
  if (o.onProgress !== undefined) argFunction("opts.onProgress", o.onProgress);
  const config = resolveScalingConfig(input);
  const start = performance.now();
  const ds = dGrid(config);
  const needsCore = config.optimizers.some((o) => o === "adam" || usesBruteForce(config, o));
  const core = needsCore ? (opts.core ?? (await loadCore())) : (null as unknown as Core);
  const lattice: LatticeOptions = { lrMin: config.lrMin, lrMax: config.lrMax, perDecade: config.perDecade, patience: config.patience };
  const adam = { b1: config.adamB1, b2: config.adamB2, eps: config.adamEps };
  const epsMin = Math.min(...config.eps);
  const points: ScalingPoint[] = [];
  const secondsByOptimizer: Partial<Record<ScalingMethod, number>> = {};
  const total = config.alphas.length * config.optimizers.reduce((n, o) => n + ds.filter((d) => d <= dLimit(config, o)).length, 0);
  let done = 0;

  for (const alpha of config.alphas) {
    const previous = new Map<ScalingMethod, number>(); // the last d's tuned step size for ε_min
    for (const d of ds) {
      const law = zipfBigramLaw(d, alpha);
      for (const optimizer of config.optimizers) {
        if (d > dLimit(config, optimizer)) continue;
        const t0 = performance.now();
        const method = usesBruteForce(config, optimizer) ? "brute" : "reduced";
        const ctx: SolveContext = { core, law, alpha, adam, stepsMax: config.stepsMax, method };
        for (const run of RUNS[optimizer]) {
          const targets = targetsOf(config.eps, run.parities);
          const m = measure(ctx, optimizer, run, targets, lattice, tuningStart(optimizer, law, epsMin, previous.get(optimizer)));
          const chosen = m.lr[targets.findIndex((t) => t.eps === epsMin)];
          if (run.lrRule === "tuned" && chosen) previous.set(optimizer, chosen);
          targets.forEach((target, j) => {
            points.push({
              optimizer,
              lrRule: run.lrRule,
              parity: target.parity,
              alpha,
              d,
              eps: target.eps,
              steps: m.steps[j],
              lr: m.lr[j],
              edge: m.edge[j],
              method,
            });
          });
        }
        secondsByOptimizer[optimizer] = (secondsByOptimizer[optimizer] ?? 0) + (performance.now() - t0) / 1000;
        opts.onProgress?.(++done, total);
      }
    }
  }
  return { config, ds, points, fits: fitSeries(config, points), seconds: (performance.now() - start) / 1000, secondsByOptimizer };
}
