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
import { parseRecording, recordSteps } from "../../loop/record-steps.js";
import { fuse } from "../../optimizers/chain.js";
import type { Transform } from "../../optimizers/transform.js";
import { checkRunJsBytes, checkLoopWasmBytes, runJsBytes, loopWasmBytes } from "../../loop/memory.js";
import { buildChain, usesLazyUpdates, type OptimizerConfig } from "../../optimizers/registry.js";
import type { Problem } from "../../problems/problem.js";
import type { ProblemDeclaration } from "../../problems/declaration.js";
import type { LoopOutput } from "../../loop/types.js";
import type { Core } from "../../wasm/load.js";
import { defaultBackend, runEachOptimizer } from "../each-optimizer.js";
import { resolveProblemRunConfig, type ProblemRunInput, type ProblemRunSetup } from "./config.js";
import type { ProblemRunConfig } from "../../results/run.js";
import type { Backend } from "../../results/backend.js";
import type { Divergence, ProblemRun, ProblemRunResult } from "../../results/run.js";
import type { LoopOptions } from "../../loop/types.js";

export interface ProblemRunOptions {
  backend?: Backend;
  /** The JS heap the recorded curves may take (default 2 GiB; the CLI passes V8's limit). */
  jsHeapLimit?: number;
  /** Run on this core instead of the shared one, e.g. a threaded core (zipflab/node threadedCore). */
  core?: Core & Pick<LoopOptions, "threads" | "runSteps">;
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

function summarize(
  problem: Problem,
  config: ProblemRunConfig,
  optimizer: OptimizerConfig,
  out: LoopOutput,
  groups: FrequencyGroups | null,
  seconds: number,
): ProblemRun {
  const reached = out.recordedSteps.filter((t) => t <= out.steps);
  const steps = [0, ...reached];
  const recorded = out.exactLoss ? Array.from(out.exactLoss.subarray(0, reached.length)) : Array.from(out.loss.subarray(0, reached.length));
  const initial = out.initialLoss;
  const loss = [initial, ...recorded].map((x) => (x === null ? null : finite(x)));
  const optimal = problem.optimalLoss;
  const rel = optimal !== undefined && initial !== null ? loss.map((l) => (l === null ? null : (l - optimal) / (initial - optimal))) : null;

  const stats = problem.classStats;
  let groupCurves: (number | null)[][] | null = null;
  let perClass: ProblemRun["perClass"] = null;
  if (stats && out.classStats && groups) {
    const lossField = stats.fields.indexOf("loss");
    const classLoss = out.classStats.map((v) => v.subarray(lossField * stats.classes, (lossField + 1) * stats.classes));
    const byStep = classLoss.map((l) => groupLoss(groups, stats.frequencies, l));
    groupCurves = Array.from({ length: groups.count }, (_, gi) => byStep.map((row) => finite(row[gi])));
    if (config.perClass) {
      perClass = {};
      stats.fields.forEach((field, f) => {
        perClass![field] = Array.from({ length: stats.classes }, (_, k) => out.classStats!.map((v) => finite(v[f * stats.classes + k])));
      });
    }
  }

  // Parameter-level metrics per class at the end: how often the gradient was non-zero, and an
  // adaptive method's effective learning rate η·P (Adam: η/(√v̂+ε)); per group sample-weighted.
  let classMetrics: ProblemRun["classMetrics"] = null;
  if (stats && groups) {
    const perCount = problem.countFold ? problem.n / problem.countFold : 1;
    const nonzero = out.nonzeroCounts ? nonzeroFractionPerClass(stats, out.nonzeroCounts, out.steps, perCount) : null;
    // η at the last step, schedule included: a decayed η is what the last update used.
    const lrScale = lrFactor(config.schedule, out.steps, config.steps);
    const lr = effectiveLearningRateAt(optimizer, out.transforms, out.state, out.steps, lrScale);
    const effective = lr ? meanPerClassOf(stats, problem.n, lr) : null;
    const perGroup = (v: Float64Array | null) => (v ? groupLoss(groups, stats.frequencies, v).map(finite) : null);
    classMetrics = {
      groupNonzeroFraction: perGroup(nonzero),
      groupEffectiveLr: perGroup(effective),
      classNonzeroFraction: config.perClass && nonzero ? Array.from(nonzero, finite) : null,
      classEffectiveLr: config.perClass && effective ? Array.from(effective, finite) : null,
    };
  }

  // phenomenon 6: diverged = the loss went NaN/Inf, or the *final* loss is above 1.5× the initial.
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
    optimizer,
    steps,
    loss,
    ...(out.heldOutLoss ? { validationLoss: out.heldOutLoss.map(finite) } : {}),
    relativeLoss: rel,
    groupLoss: groupCurves,
    perClass,
    initialLoss: initial === null ? null : finite(initial),
    finalLoss: loss.at(-1) ?? null,
    divergence,
    spike,
    classMetrics,
    coupling: null,
    rowUpdates: out.rowUpdates,
    seconds,
  };
}

/**
 * The up-front memory check, before any run: every optimizer's WASM layout (run dry, with the
 * options the run will have) and the JS copies of the recorded per-class curves.
 */
function checkMemory(
  entry: ProblemDeclaration,
  config: ProblemRunConfig,
  problem: Problem,
  chains: Transform[][],
  runOptions: (optimizer: OptimizerConfig) => LoopOptions,
  jsLimit: number,
  threads: number,
): void {
  const field = `problem.${entry.sizeOption ?? "d"}`;
  const stats = problem.classStats;
  const classValues = stats ? stats.classes * stats.fields.length : 0;
  chains.forEach((transforms, i) => {
    const bytes = loopWasmBytes(problem, transforms, { ...runOptions(config.optimizers[i]), threads });
    checkLoopWasmBytes(
      bytes,
      field,
      `${entry.sizeFix ?? "lower --d (or the problem's size)"}, or use an optimizer with less state than ${config.optimizers[i].name} (--opt)${threads > 1 ? ", or fewer --threads" : ""}`,
    );
  });
  const records = runOptions(config.optimizers[0]).recordSteps.length;
  checkRunJsBytes(
    runJsBytes(classValues, records, config.optimizers.length, config.perClass),
    jsLimit,
    config.perClass ? "perClass" : "record",
    "record fewer steps (--record log:N or every:K with a larger K), or drop --per-class",
  );
}

export async function runProblemExperiment(input: ProblemRunInput, options: ProblemRunOptions = {}): Promise<ProblemRunResult> {
  checkRunOptions(options);
  if (options.jsHeapLimit !== undefined) argNumber("options.jsHeapLimit", options.jsHeapLimit, 1);
  return runResolvedProblem(resolveProblemRunConfig(input), options);
}

/** runProblemExperiment on a run already resolved (the command line and sweeps resolve it first). */
export async function runResolvedProblem({ config, entry }: ProblemRunSetup, options: ProblemRunOptions = {}): Promise<ProblemRunResult> {
  const chains = config.optimizers.map((o) => fuse(buildChain(o)));
  const record = recordSteps(parseRecording(config.record), config.steps);
  const problem = entry.create(config.config);
  const stats = problem.classStats;
  // what each optimizer's run records and how it runs: the memory check lays out the same
  const runOptions = (optimizer: OptimizerConfig): LoopOptions => ({
    steps: config.steps,
    seed: config.seed,
    recordSteps: record,
    recordWeights: false,
    classStats: stats !== undefined,
    countNonzero: stats !== undefined,
    lrSchedule: config.schedule,
    updates: config.updates,
    lazy: usesLazyUpdates(optimizer),
    chunk: 1000,
    views: true,
    runSteps: options.core?.runSteps,
    threads: options.core?.threads,
  });
  const threads = options.backend === "twin" ? 1 : (options.core?.threads ?? 1);
  checkMemory(entry, config, problem, chains, runOptions, options.jsHeapLimit ?? 2 ** 31, threads);
  const groups = stats
    ? groupByFrequency(stats.frequencies, config.groups ?? Math.min(entry.groups?.(config.config) ?? 10, stats.classes), "groups")
    : null;
  const backend = defaultBackend(options.backend);
  const head: Omit<ProblemRunResult, "runs"> = {
    experiment: "run",
    backend,
    config,
    optimalLoss: problem.optimalLoss ?? null,
    // The per-class frequencies let figures colour classes and draw the frequency histogram from the JSON alone.
    classes: stats ? { count: stats.classes, classIs: stats.classIs, frequencies: Array.from(stats.frequencies) } : null,
    groups: groups && stats ? describeGroups(groups, stats.frequencies) : null,
  };
  const runs = await runEachOptimizer({
    problem,
    optimizers: config.optimizers,
    chains,
    backend,
    core: options.core,
    steps: config.steps,
    runOptions: (_, optimizer) => runOptions(optimizer),
    summarize: (optimizer, out, seconds, final) => {
      const run = summarize(problem, config, optimizer, out, groups, seconds);
      if (final) options.onFinalWeights?.(problem, config.optimizers.indexOf(optimizer), out.finalWeights);
      if (final && config.coupling) run.coupling = entry.coupling?.(problem, out.finalWeights) ?? null;
      return run;
    },
    onProgress: options.onProgress,
    onPartial: options.onPartial && ((partial) => options.onPartial!(() => ({ ...head, runs: partial() }))),
  });
  return { ...head, runs };
}
