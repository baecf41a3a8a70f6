// One problem, several optimizers, the same seed: the loss, relative loss and per-frequency-
// group loss curves at the recorded steps, recorded by the run loop (class statistics are a
// kernel call at each recorded step, never a JS round trip per step).
import { checkRunOptions } from "../run-options.js";
import { argNumber } from "../../config/args.js";
import { exceedsDivergenceBound } from "../../metrics/divergence.js";
import { groupByFrequency, groupLoss, type FrequencyGroups } from "../../metrics/groups.js";
import { effectiveLearningRateAt } from "../../metrics/effective-lr.js";
import { lrFactor } from "../../optimizers/lr-schedule.js";
import { meanPerClassOf, nonzeroFractionPerClass } from "../../metrics/per-class.js";
import { classCoupling, classPerLevel, type ClassCoupling } from "../../metrics/class-coupling.js";
import type { LinearSoftmaxProblem } from "../../problems/linear-model/problem.js";
import { parseSchedule, recordSteps } from "../../metrics/record-steps.js";
import { fuse, isSparseExact } from "../../optimizers/chain.js";
import type { Transform } from "../../optimizers/transform.js";
import { checkRunJsBytes, checkRunWasmBytes, runJsBytes, runWasmBytes, type ProblemShape } from "../../run/memory.js";
import { buildChain, usesLazyUpdates, type OptimizerConfig } from "../../optimizers/registry.js";
import type { Problem } from "../../problems/problem.js";
import { problemEntry } from "../../problems/registry.js";
import type { RunOutput } from "../../run/types.js";
import type { Core } from "../../wasm/load.js";
import { defaultBackend, runEachOptimizer, type Backend } from "../each-optimizer.js";
import { resolveProblemRunConfig, type ProblemRunConfig, type ProblemRunInput } from "./config.js";

export interface Divergence {
  step: number;
  reason: "non-finite loss" | "final loss above 1.5× initial";
}

export interface ProblemRun {
  optimizer: OptimizerConfig;
  /** 0, then the recorded steps reached. */
  steps: number[];
  /** Exact loss L(w_t) at each step (the batch loss where the problem has no exact loss). */
  loss: (number | null)[];
  /** Loss on held-out data at each step, where the problem has some (the transformer). */
  validationLoss?: (number | null)[] | null;
  /** (L − L*)/(L₀ − L*) where L* is known. */
  relativeLoss: (number | null)[] | null;
  /** groupLoss[g][j]: loss of frequency group g (0 = most frequent) at steps[j]. */
  groupLoss: (number | null)[][] | null;
  /** Per-class curves (only with perClass): statistic → [class][step]. */
  perClass: Record<string, (number | null)[][]> | null;
  initialLoss: number | null;
  finalLoss: number | null;
  /**
   * At the end: per frequency group (sample-weighted) the fraction of steps with a non-zero
   * gradient and the effective learning rate η·P (null for non-adaptive methods); per class
   * too with perClass.
   */
  classMetrics: {
    groupNonzeroFraction: (number | null)[] | null;
    groupEffectiveLr: (number | null)[] | null;
    classNonzeroFraction: (number | null)[] | null;
    classEffectiveLr: (number | null)[] | null;
  } | null;
  /** Linear model with coupling: class interactions at the end (metrics/class-coupling.ts). */
  coupling: ClassCoupling | null;
  divergence: Divergence | null;
  /** First recorded step whose loss exceeded 1.5× the initial loss in a run that did not diverge. */
  spike: { step: number; ratio: number } | null;
  rowUpdates: boolean;
  seconds: number;
}

export interface ProblemRunResult {
  experiment: "run";
  backend: Backend;
  config: ProblemRunConfig;
  optimalLoss: number | null;
  /** frequencies[k]: π_k of class k (absent in results saved before it was added). */
  classes: { count: number; classIs: string; frequencies?: number[] } | null;
  groups: { count: number; share: number[]; classes: number[]; maxFrequency: number[]; minFrequency: number[] } | null;
  runs: ProblemRun[];
}

export interface ProblemRunOptions {
  backend?: Backend;
  /** The JS heap the recorded curves may take (default 2 GiB; the CLI passes V8's limit). */
  jsHeapLimit?: number;
  /** Run on this core instead of the shared one, e.g. a threaded core (zipflab/node threadedCore). */
  core?: Core & { threads?: number; runSteps?: (run: number, steps: number, first: boolean) => number };
  onProgress?: (done: number, total: number) => void;
  /** WASM only: after each chunk, a thunk giving the result so far (finished runs + the current one). */
  onPartial?: (partial: () => ProblemRunResult) => void;
  /** After each optimizer's run, its final weights (a view: copy what you keep) and the problem (e.g. to save a model). */
  onFinalWeights?: (problem: Problem, optimizer: number, weights: Float32Array) => void;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function describeGroups(g: FrequencyGroups, freq: Float64Array): ProblemRunResult["groups"] {
  const maxFrequency = new Array<number>(g.count).fill(0);
  const minFrequency = new Array<number>(g.count).fill(Infinity);
  freq.forEach((p, k) => {
    maxFrequency[g.groupOf[k]] = Math.max(maxFrequency[g.groupOf[k]], p);
    minFrequency[g.groupOf[k]] = Math.min(minFrequency[g.groupOf[k]], p);
  });
  return { count: g.count, share: g.share, classes: g.classes, maxFrequency, minFrequency };
}

function summarize(problem: Problem, config: ProblemRunConfig, optimizer: OptimizerConfig, out: RunOutput,
  groups: FrequencyGroups | null, seconds: number): ProblemRun {
  const reached = out.recordedSteps.filter((t) => t <= out.steps);
  const steps = [0, ...reached];
  const recorded = out.exactLoss ? Array.from(out.exactLoss.subarray(0, reached.length)) : Array.from(out.loss.subarray(0, reached.length));
  const initial = out.initialLoss;
  const loss = [initial, ...recorded].map((x) => (x === null ? null : finite(x)));
  const optimal = problem.optimalLoss;
  const rel = optimal !== undefined && initial !== null
    ? loss.map((l) => (l === null ? null : (l - optimal) / (initial - optimal))) : null;

  const spec = problem.classStats;
  let groupCurves: (number | null)[][] | null = null;
  let perClass: ProblemRun["perClass"] = null;
  if (spec && out.classStats && groups) {
    const lossField = spec.fields.indexOf("loss");
    const classLoss = out.classStats.map((v) => v.subarray(lossField * spec.classes, (lossField + 1) * spec.classes));
    const byStep = classLoss.map((l) => groupLoss(groups, spec.frequencies, l));
    groupCurves = Array.from({ length: groups.count }, (_, gi) => byStep.map((row) => finite(row[gi])));
    if (config.perClass) {
      perClass = {};
      spec.fields.forEach((field, f) => {
        perClass![field] = Array.from({ length: spec.classes }, (_, k) =>
          out.classStats!.map((v) => finite(v[f * spec.classes + k])));
      });
    }
  }

  // Parameter-level metrics per class at the end: how often the gradient was non-zero, and an
  // adaptive method's effective learning rate η·P (Adam: η/(√v̂+ε)); per group sample-weighted.
  let classMetrics: ProblemRun["classMetrics"] = null;
  if (spec && groups) {
    const perCount = problem.countFold ? problem.n / problem.countFold : 1;
    const nonzero = out.nonzeroCounts ? nonzeroFractionPerClass(spec, out.nonzeroCounts, out.steps, perCount) : null;
    // η at the last step, schedule included: a decayed η is what the last update used.
    const lrScale = lrFactor(config.schedule, out.steps, config.steps);
    const lr = effectiveLearningRateAt(optimizer, out.transforms, out.state, out.steps, lrScale);
    const effective = lr ? meanPerClassOf(spec, problem.n, lr) : null;
    const perGroup = (v: Float64Array | null) => (v ? groupLoss(groups, spec.frequencies, v).map(finite) : null);
    classMetrics = {
      groupNonzeroFraction: perGroup(nonzero),
      groupEffectiveLr: perGroup(effective),
      classNonzeroFraction: config.perClass && nonzero ? Array.from(nonzero, finite) : null,
      classEffectiveLr: config.perClass && effective ? Array.from(effective, finite) : null,
    };
  }

  // SPEC 6: diverged = the loss went NaN/Inf, or the *final* loss is above 1.5× the initial.
  // A recorded loss above that bound from which the run came back is only a spike: which
  // steps get recorded must not decide whether a run counts as diverged.
  let divergence: Divergence | null = out.divergedAt !== null ? { step: out.divergedAt, reason: "non-finite loss" } : null;
  let spike: { step: number; ratio: number } | null = null;
  const final = loss.at(-1) ?? null;
  if (!divergence && initial !== null) {
    if (final === null) divergence = { step: steps.at(-1)!, reason: "non-finite loss" };
    else if (exceedsDivergenceBound(final, initial)) divergence = { step: steps.at(-1)!, reason: "final loss above 1.5× initial" };
    const j = loss.findIndex((l) => l !== null && exceedsDivergenceBound(l, initial));
    if (!divergence && j > 0) spike = { step: steps[j], ratio: loss[j]! / initial };
  }
  return {
    optimizer, steps, loss, ...(out.heldOutLoss ? { validationLoss: out.heldOutLoss.map(finite) } : {}), relativeLoss: rel, groupLoss: groupCurves, perClass,
    initialLoss: initial === null ? null : finite(initial), finalLoss: loss.at(-1) ?? null,
    divergence, spike, classMetrics, coupling: null, rowUpdates: out.rowUpdates, seconds,
  };
}

/**
 * The up-front memory check: every optimizer's WASM layout and the JS copies of the recorded
 * per-class curves, before any work (d² problems are checked from their config alone).
 */
function checkMemory(config: ProblemRunConfig, shape: ProblemShape, chains: Transform[][], records: number, jsLimit: number,
  threads: number): void {
  const hint = problemEntry(config.problem).memory ?? { field: "problem.d", fix: "lower --d (or the problem's size)" };
  const classValues = shape.classStats ? shape.classStats.classes * shape.classStats.fields.length : 0;
  const rowLen = shape.rowLen ?? 0;
  chains.forEach((transforms, i) => {
    const lazy = usesLazyUpdates(config.optimizers[i]);
    const rowUpdates = rowLen > 0 && (config.updates === "rows" || (config.updates === "auto" && (isSparseExact(transforms) || lazy)));
    const bytes = runWasmBytes(shape, transforms, {
      steps: config.steps, seed: 0, recordSteps: Array.from({ length: records }, (_, j) => j + 1), recordWeights: false,
      classStats: classValues > 0, countNonzero: classValues > 0, rowUpdates, threads,
    });
    checkRunWasmBytes(bytes, hint.field, `${hint.fix}, or use an optimizer with less state than ${config.optimizers[i].name} (--opt)${threads > 1 ? ", or fewer --threads" : ""}`);
  });
  checkRunJsBytes(runJsBytes(classValues, records, config.optimizers.length, config.perClass), jsLimit,
    config.perClass ? "perClass" : "record", "record fewer steps (--record log:N or every:K with a larger K), or drop --per-class");
}

export async function runProblemExperiment(input: ProblemRunInput, options: ProblemRunOptions = {}): Promise<ProblemRunResult> {
  checkRunOptions(options);
  if (options.jsHeapLimit !== undefined) argNumber("options.jsHeapLimit", options.jsHeapLimit, 1);
  const config = resolveProblemRunConfig(input);
  const chains = config.optimizers.map((o) => fuse(buildChain(o)));
  const record = recordSteps(parseSchedule(config.record), config.steps);
  const jsLimit = options.jsHeapLimit ?? 2 ** 31;
  const shape = problemEntry(config.problem).shape?.(config.config);
  const threads = options.backend === "twin" ? 1 : options.core?.threads ?? 1;
  if (shape) checkMemory(config, shape, chains, record.length, jsLimit, threads);
  const problem = problemEntry(config.problem).create(config.config);
  if (!shape) checkMemory(config, problem, chains, record.length, jsLimit, threads);
  const spec = problem.classStats;
  const entry = problemEntry(config.problem);
  const groups = spec
    ? groupByFrequency(spec.frequencies, config.groups ?? Math.min(entry.groups(config.config), spec.classes), "groups")
    : null;
  const backend = defaultBackend(options.backend);
  const head: Omit<ProblemRunResult, "runs"> = {
    experiment: "run", backend, config,
    optimalLoss: problem.optimalLoss ?? null,
    // The per-class frequencies let figures colour classes and draw the frequency histogram from the JSON alone.
    classes: spec ? { count: spec.classes, classIs: spec.classIs, frequencies: Array.from(spec.frequencies) } : null,
    groups: groups && spec ? describeGroups(groups, spec.frequencies) : null,
  };
  const runs = await runEachOptimizer({
    problem, optimizers: config.optimizers, chains, backend, core: options.core, steps: config.steps,
    runOptions: (_, optimizer) => ({
      seed: config.seed, recordSteps: record, recordWeights: false, classStats: spec !== undefined,
      countNonzero: spec !== undefined,
      lrSchedule: config.schedule, updates: config.updates, lazy: usesLazyUpdates(optimizer), chunk: 1000, views: true,
      runSteps: options.core?.runSteps, threads: options.core?.threads,
    }),
    summarize: (optimizer, out, seconds, final) => {
      const run = summarize(problem, config, optimizer, out, groups, seconds);
      if (final) options.onFinalWeights?.(problem, config.optimizers.indexOf(optimizer), out.finalWeights);
      if (final && config.coupling) {
        const linear = problem as LinearSoftmaxProblem;
        run.coupling = classCoupling(linear, out.finalWeights, classPerLevel(linear));
      }
      return run;
    },
    onProgress: options.onProgress,
    onPartial: options.onPartial && ((partial) => options.onPartial!(() => ({ ...head, runs: partial() }))),
  });
  return { ...head, runs };
}
