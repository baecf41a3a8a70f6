// Fuzzing the library's public API (every export of src/index.ts): each function and class is
// called with valid arguments, then with one argument at a time replaced by a hostile value
// (NaN, −1, null, strings, huge values, wrong types), and with several replaced at once by
// fast-check. Every call must either work (a result that is not NaN, not an empty list, no NaN
// in a flat list or object) or throw a ConfigError naming the argument; never another
// exception, never a hang. A function exported later without an entry in SAMPLES fails the
// first test: the table below is how it joins the fuzz.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as api from "../../src/index.js";
import { getRunner } from "../../src/sweep/cell-runner.js";
import { SWEEP_RUNNERS } from "../../src/experiments/sweep-runners.js";
import type { Core } from "../../src/wasm/load.js";
import type { CellResult } from "../../src/tuning/step-size-rule.js";
import { ConfigError } from "../../src/config/error.js";
import { stepSizeData } from "../../src/tuning/step-size-data.js";
import type { TokensResult } from "../../src/results/tokens.js";
import type { ProblemRunResult } from "../../src/results/run.js";

/** The values tried in every argument position (fresh each time: some functions append to a list they are given). */
const hostile = (): unknown[] => [NaN, -1, 0.5, 0, null, undefined, "x", "", 1e300, -Infinity, 2 ** 53, {}, [], [NaN, 1], true, () => 1];
const HOSTILE_COUNT = hostile().length;

const seed = Number(process.env.FUZZ_SEED ?? 20261201);
const HANG_MS = 5000;

interface Fixtures {
  core: Core;
  tokens: TokensResult;
  quadratic: ProblemRunResult;
  linear: ProblemRunResult;
  scaling: Awaited<ReturnType<typeof api.runScaling>>;
  sweep: ReturnType<typeof stepSizeData>;
}
let F: Fixtures;

interface Sample {
  /** Valid arguments, built fresh for each call. */
  args: () => unknown[];
  /**
   * Per position, the fields an error about it may name (the argument's name, or the field
   * names of a config object it holds); "*" accepts any field (a config object: its errors
   * name its fields).
   */
  names: (string | readonly string[])[];
  /** Values not tried at a position (with the reason in a comment). */
  skip?: Record<number, readonly unknown[]>;
  /** IEEE math: a NaN argument gives NaN (not a silent failure). */
  nanPropagates?: boolean;
  /** An empty result is the right answer for some input (the tokens of an empty text). */
  emptyOk?: boolean;
}

const counts = () => api.countsFromPairs(3, [0, 1, 2, 0], [1, 2, 0, 1]);
const sgd = () => api.fuse(api.buildChain(api.resolveOptimizer("sgd", 0.1)));
const adamChain = () => api.buildChain(api.resolveOptimizer("adam", 0.1));
const smallCorpus = () => api.corpusFromText("a b a c a b c a", 3);
const runOptions = () => ({ steps: 3, seed: 0, recordSteps: [1, 2, 3] });
const quadratic = () => api.quadraticProblem({ d: 5 });
const twinOut = () => api.runTwin(quadratic(), sgd(), runOptions());

/** A transformer without layers (43 parameters), as a checkpoint. */
const tinyCheckpoint = () => ({
  header: { dims: { V: 3, T: 2, D: 4, L: 0, H: 1 }, corpus: "fuzz-text", vocabHash: "0", note: "" },
  params: new Float32Array(43),
});

const SAMPLES: Record<string, Sample> = {
  Arena: { args: () => [new WebAssembly.Memory({ initial: 1 }), 0], names: ["memory", "base"] },
  ConfigError: { args: () => ["field", "detail"], names: ["field", "detail"] },
  TouchedRows: { args: () => [4, 2], names: ["nRows", "rowLen"] },
  Xoshiro128: { args: () => [Uint32Array.of(1, 2, 3, 4)], names: ["words"] },
  bigramCounts: { args: () => [3, [Int32Array.of(0, 1, 2, 1)]], names: ["V", "sequences"] },
  bigramLaw: {
    args: () => [
      [0.6, 0.4],
      [0.7, 0.3],
    ],
    names: ["inputs", "row"],
  },
  bigramSoftmaxBytes: { args: () => [10, 5, 0, 0, false], names: ["d", "nnz", "batch", "stateArrays", "rankings"] },
  bigramSoftmaxFromCounts: {
    args: () => [counts(), {}],
    names: [
      ["counts", "problem"],
      ["opts", "problem"],
    ],
  },
  bigramSoftmaxProblem: { args: () => [{ d: 10, pairs: 100 }], names: [["problem", "config"]] },
  transformerProblem: {
    args: () => [
      { corpus: "fuzz-text", vocab: 3, context: 2, width: 4, layers: 1, heads: 1, batch: 2, windows: 2, validation: 1, heldOut: 0.5 },
    ],
    names: [["problem", "config"]],
  },
  resolveTransformerConfig: { args: () => [{ width: 8, heads: 2 }], names: [["problem", "config"]] },
  encodeCheckpoint: { args: () => [tinyCheckpoint()], names: ["checkpoint"] },
  decodeCheckpoint: { args: () => [api.encodeCheckpoint(tinyCheckpoint())], names: [["bytes", "init"]] },
  registerCheckpoint: { args: () => ["fuzz-model", api.encodeCheckpoint(tinyCheckpoint())], names: ["name", "bytes"] },
  bigramSquareBytes: { args: () => [api.resolveBigramSquareConfig({ d: 10 }), 0], names: ["config", "stateArrays"] },
  bigramSquareCountsBytes: { args: () => [10, 5, 0, 0], names: ["d", "nnz", "batch", "stateArrays"] },
  bigramSquareFromCounts: {
    args: () => [counts(), {}],
    names: [
      ["counts", "problem"],
      ["opts", "problem"],
    ],
  },
  bigramSquareProblem: { args: () => [{ d: 10 }], names: [["problem", "config"]] },
  // `out` is appended to, whatever it already holds.
  brownTokens: { args: () => ["The/at dog/nn ran/vbd", []], names: ["text", "out"], emptyOk: true, skip: { 1: [[NaN, 1]] } },
  buildAliasTable: { args: () => [[1, 2, 3]], names: ["weights"] },
  buildChain: { args: () => [api.resolveOptimizer("adam", 0.1)], names: [["config", "optimizer"]] },
  buildVocabulary: { args: () => [api.countTypes([["a", "b", "a", "c"]]), 2], names: ["types", "vocab"] },
  chain: { args: () => api.buildChain(api.resolveOptimizer("sgd", 0.1)), names: ["transforms", "transforms"] },
  checkCountMatrix: { args: () => [counts()], names: ["counts"] },
  classCoupling: {
    args: () => {
      const p = api.linearModelProblem({ levels: 2, d: 4 });
      return [p, new Float32Array(3 * 5), [0, 1]];
    },
    names: ["p", "w", "classes"],
  },
  classStatsFigure: { args: () => [F.linear], names: ["result"] },
  corpusCounts: { args: () => ["fuzz-text", { vocab: 3 }], names: ["corpus", ["options", "vocab", "corpus", "punctuation"]] },
  corpusFromBrownText: { args: () => ["the/at dog/nn the/at cat/nn", 3, "b"], names: [["text", "corpus"], "vocab", "name"] },
  corpusFromSequences: {
    args: () => [[["a", "b", "a", "c"]], 3, { name: "s", tokenizer: "ids" }],
    names: [["sequences", "corpus"], "vocab", "meta"],
  },
  corpusFromText: { args: () => ["a b a c a b", 3, {}], names: [["text", "corpus"], "vocab", ["options", "punctuation"]] },
  corpusStats: { args: () => [smallCorpus()], names: ["c"] },
  countTypes: { args: () => [[["a", "b"], ["c"]]], names: ["sequences"] },
  countsFromPairs: { args: () => [3, [0, 1], [1, 2]], names: ["d", ["inputs", "outputs"], ["outputs", "inputs"]] },
  effectiveLearningRate: {
    args: () => {
      const t = adamChain();
      return [api.resolveOptimizer("adam", 0.1), t, t.map((x) => x.state.map(() => new Float32Array(3).fill(1))), 1, 3, 1];
    },
    names: ["config", ["transforms", "state"], "state", "t", "n", "lrScale"],
  },
  effectiveLearningRateAt: {
    args: () => {
      const t = adamChain();
      return [api.resolveOptimizer("adam", 0.1), t, t.map((x) => x.state.map(() => new Float32Array(3).fill(1))), 1, 1];
    },
    names: ["config", ["transforms", "state"], "state", "t", "lrScale"],
  },
  expf: { args: () => [1], names: ["x"], nanPropagates: true },
  figuresFor: { args: () => [F.tokens], names: ["file"] },
  fitPowerLaw: { args: () => [[10, 100, 1000], [5, 50, 500], 0.95], names: ["ds", "ts", "level"] },
  fitZipf: { args: () => [Float64Array.of(10, 5, 3, 2), 3], names: [["typeCounts", "n"], "n"] },
  formatRunReport: { args: () => [F.linear], names: ["r"] },
  formatTokensReport: { args: () => [F.tokens], names: ["result"] },
  fuse: { args: () => [adamChain()], names: ["transforms"] },
  groupByFrequency: { args: () => [[0.5, 0.3, 0.2], 2], names: ["frequencies", "groups"] },
  groupLoss: {
    args: () => [api.groupByFrequency([0.5, 0.3, 0.2], 2), [0.5, 0.3, 0.2], [1, 2, 3]],
    names: ["groups", "frequencies", "classLoss"],
  },
  groupLossFigure: { args: () => [F.linear], names: ["result"] },
  instantiateCore: { args: () => [undefined], names: ["source"] },
  isSparseExact: { args: () => [sgd()], names: ["transforms"] },
  layoutChain: { args: () => [F.core.arena, sgd(), 4, 4], names: ["arena", "transforms", "n", "rowLen"] },
  linearModelBytes: { args: () => [api.resolveLinearModelConfig({ levels: 2, d: 4 }), 0], names: ["config", "stateArrays"] },
  linearModelProblem: { args: () => [{ levels: 2, d: 4 }], names: [["problem", "config"]] },
  linearModelSizes: { args: () => [3], names: ["levels"] },
  loadCore: { args: () => [undefined], names: ["source"] },
  lrFactor: { args: () => [api.resolveLrSchedule("cosine:warmup=2"), 3, 10], names: ["schedule", "t", "total"] },
  parseOptimizerSpec: { args: () => ["adam:b1=0.9"], names: [["spec", "optimizer"]] },
  parseRecording: { args: () => ["every:2"], names: ["record"] },
  problemEntry: { args: () => ["quadratic"], names: ["problem"] },
  quadraticFigure: { args: () => [F.quadratic], names: ["result"] },
  quadraticProblem: { args: () => [{ d: 5 }], names: [["problem", "config"]] },
  randomRanking: { args: () => [4, 0], names: ["d", "seed"] },
  rankFrequencyFigure: {
    args: () => {
      const c = smallCorpus();
      return [{ ...api.corpusStats(c), typeCounts: c.typeCounts }];
    },
    names: ["c"],
  },
  rarityCorrelation: { args: () => [[[1], [2], [3]], -1], names: ["groupLoss", "at"] },
  recordSteps: { args: () => [api.parseRecording("every:2"), 10], names: ["schedule", "total"] },
  reducedGd: { args: () => [api.zipfBigramLaw(10, 1), 1], names: ["law", "eta"] },
  reducedSign: { args: () => [api.zipfBigramLaw(10, 1), 0.01], names: ["law", "eta"] },
  registerCorpusText: { args: () => ["fuzz-other", "a b c a", {}], names: ["name", "text", ["options", "punctuation"]] },
  relativeLoss: { args: () => [0.5, 1, 0], names: ["loss", "initialLoss", ["optimalLoss", "initialLoss"]], nanPropagates: true },
  relativeLossCurve: { args: () => [twinOut(), 0], names: ["out", "optimalLoss"] },
  resolveBigramSoftmaxConfig: { args: () => [{ d: 10 }], names: ["*"] },
  resolveBigramSquareConfig: { args: () => [{ d: 10 }], names: ["*"] },
  resolveLinearModelConfig: { args: () => [{ levels: 2 }], names: ["*"] },
  resolveLrSchedule: { args: () => ["cosine"], names: ["*"] },
  resolveOptimizer: { args: () => ["adam", 0.1], names: ["*", "optimizer"] },
  resolveQuadraticConfig: { args: () => [{ d: 5 }], names: ["*"] },
  resolveTokensConfig: { args: () => [{ steps: 5 }], names: ["*"] },
  runProblemExperiment: {
    args: () => [{ problem: "quadratic", config: { d: 5 }, optimizers: ["sgd"], steps: 3 }, { backend: "twin" }],
    names: ["*", "options"],
  },
  runReducedAdam: {
    args: () => [
      F.core,
      api.zipfBigramLaw(10, 1),
      { lr: 0.1, b1: 0.9, b2: 0.999 },
      { targets: [{ eps: 0.5, parity: "any" }], stepsMax: 100 },
    ],
    names: ["core", "law", "adam", "opts"],
  },
  runScaling: {
    args: () => [{ dMin: 10, dMax: 100, points: 2, optimizers: ["sgd"], alphas: [1], eps: [0.5] }, {}],
    names: ["*", "opts"],
    // The default sweep (to d = 10⁶, three optimizers) is valid and takes seconds: not a hang, but slow here.
    skip: { 0: [undefined, {}] },
  },
  runTokensExperiment: { args: () => [{ steps: 5 }, {}], names: ["*", "options"] },
  runTwin: { args: () => [quadratic(), sgd(), runOptions()], names: ["problem", "transforms", "opts"] },
  runWasm: { args: () => [F.core, quadratic(), sgd(), runOptions()], names: ["core", "problem", "transforms", "opts"] },
  sampleAlias: { args: () => [api.Xoshiro128.seeded(0), api.buildAliasTable([1, 2])], names: ["rng", "table"] },
  scaledIndex: { args: () => [123456, 10], names: ["u", "m"] },
  scalingFigure: { args: () => [F.scaling], names: ["result"] },
  seedState: { args: () => [1, 0], names: ["seed", "stream"] },
  setCorpusLoader: { args: () => [(_c: string, o: { vocab: number }) => api.corpusFromText("a b a c", o.vocab)], names: ["l"] },
  simdSupported: { args: () => [], names: [] },
  spearman: {
    args: () => [
      [1, 2, 3],
      [3, 1, 2],
    ],
    names: ["x", "y"],
  },
  stepSizeFigure: { args: () => [{ sweep: F.sweep, curves: null }], names: ["input"] },
  stepsToReach: { args: () => [twinOut(), 0, 0.5], names: ["out", "optimalLoss", "epsilon"] },
  textTokens: {
    args: () => ["Hello, world!", {}, []],
    names: ["text", ["options", "punctuation"], "out"],
    emptyOk: true,
    skip: { 2: [[NaN, 1]] },
  },
  tokenizerName: { args: () => ["text", {}], names: ["kind", ["options", "punctuation"]] },
  tokensFigure: { args: () => [F.tokens], names: ["result"] },
  tokensProblem: { args: () => [{ frequencies: [0.5, 0.1], trueWeights: [1, 1], noise: 0.1, batch: 4 }], names: ["data"] },
  twinChain: { args: () => [sgd(), 4, 4], names: ["transforms", "n", "rowLen"] },
  twinChainStep: {
    args: () => [api.twinChain(sgd(), 4), new Float32Array(4), new Float32Array(4).fill(1), 4, null, 0, 1, 1],
    names: ["chain", "w", "u", ["n", "w", "u"], ["rows", "rowLen"], "rowLen", "t", "factor"],
  },
  usesLazyUpdates: { args: () => [api.resolveOptimizer("adam", 0.1)], names: ["config"] },
  zipfBigramLaw: { args: () => [10, 1], names: ["d", "alpha"] },
  zipfExpectedCounts: { args: () => [4, 1, 100, null], names: ["d", "alpha", "pairs", "classOfRank"] },
  zipfFrequencies: { args: () => [10, 1], names: ["d", "alpha"] },
  zipfSampledCounts: { args: () => [4, 1, 100, null, 0], names: ["d", "alpha", "pairs", "classOfRank", "seed"] },
};

const isClass = (f: unknown) => typeof f === "function" && /^class\b/.test(Function.prototype.toString.call(f));

/** What is wrong with a result, or null: NaN, an empty list, NaN in a flat list or in an object's own numbers. */
function badResult(r: unknown): string | null {
  if (typeof r === "number") return Number.isNaN(r) ? "NaN" : null;
  if (Array.isArray(r) || (ArrayBuffer.isView(r) && !(r instanceof DataView))) {
    const list = Array.from(r as ArrayLike<unknown>);
    if (list.length === 0) return "an empty list";
    return list.some((x) => typeof x === "number" && Number.isNaN(x)) ? "a list holding NaN" : null;
  }
  if (r !== null && typeof r === "object" && Object.getPrototypeOf(r) === Object.prototype) {
    const nan = Object.entries(r).find(([, v]) => typeof v === "number" && Number.isNaN(v));
    return nan ? `NaN in .${nan[0]}` : null;
  }
  return null;
}

/** True if `h` is one of the values a sample does not try at position i. */
function skipped(sample: Sample, i: number, h: unknown): boolean {
  return (sample.skip?.[i] ?? []).some(
    (s) =>
      Object.is(s, h) ||
      (typeof s === "object" &&
        s !== null &&
        typeof h === "object" &&
        h !== null &&
        Array.isArray(s) === Array.isArray(h) &&
        JSON.stringify(s) === JSON.stringify(h)),
  );
}

const describeValue = (v: unknown) =>
  typeof v === "function" ? "() => 1" : typeof v === "number" || v === undefined ? String(v) : JSON.stringify(v);

/** Calls an export with `args`: null if it works or throws a ConfigError naming an accepted field, else what went wrong. */
async function outcome(name: string, args: unknown[], changed: Map<number, unknown>): Promise<string | null> {
  const sample = SAMPLES[name];
  const f = (api as Record<string, unknown>)[name] as (...a: unknown[]) => unknown;
  const what = `${name}(${args.map((a, i) => (changed.has(i) ? `‹${describeValue(a)}›` : "·")).join(", ")})`;
  const start = performance.now();
  let result: unknown;
  let error: unknown = null;
  try {
    result = isClass(f) ? new (f as unknown as new (...a: unknown[]) => unknown)(...args) : f(...args);
    if (result instanceof Promise) result = await result;
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - start;
  if (ms > HANG_MS) return `${what} took ${ms.toFixed(0)} ms`;
  if (error === null) {
    const nanGiven = [...changed.values()].some((v) => typeof v === "number" && Number.isNaN(v));
    const bad = badResult(result);
    if (bad === "an empty list" && sample.emptyOk) return null;
    if (bad && !(sample.nanPropagates && nanGiven && bad.includes("NaN"))) return `${what} returned ${bad}`;
    return null;
  }
  if (!(error instanceof ConfigError))
    return `${what} threw ${(error as Error)?.stack?.split("\n").slice(0, 3).join(" ") ?? String(error)}`;
  const head = /^[^.[ ]+/.exec(error.field)?.[0] ?? error.field;
  const accepted = [...changed.keys()].flatMap((i) => [sample.names[i]].flat());
  if (!accepted.includes("*") && !accepted.includes(head)) {
    return `${what} threw a ConfigError naming ${JSON.stringify(error.field)}, not the argument (${accepted.join(" or ")}): ${error.message}`;
  }
  return null;
}

beforeAll(async () => {
  api.registerCorpusText("fuzz-text", "a b a c a b c a b a");
  const core = await api.loadCore();
  const tokens = await api.runTokensExperiment({ steps: 20 });
  const quadraticRun = await api.runProblemExperiment({
    problem: "quadratic",
    config: { d: 5 },
    optimizers: ["sgd", "sign"],
    steps: 5,
    perClass: true,
  });
  const linear = await api.runProblemExperiment({
    problem: "linear-model",
    config: { levels: 3, d: 8 },
    optimizers: ["sgd"],
    steps: 5,
    perClass: true,
  });
  const scaling = await api.runScaling({ dMin: 10, dMax: 100, points: 3, optimizers: ["sgd"], alphas: [1], eps: [0.5] });
  const runner = getRunner(SWEEP_RUNNERS, "tokens");
  const lines: CellResult[] = [];
  for (const [index, lr] of [0.01, 0.1].entries()) {
    const cell = { optimizer: "sgd", lr, seed: 0, steps: 5 };
    lines.push({ index, cell, summary: await runner.run(cell) });
  }
  F = { core, tokens, quadratic: quadraticRun, linear, scaling, sweep: stepSizeData("tokens", lines) };
}, 60_000);

describe("fuzz: every export of the public API works or throws a ConfigError naming the argument", () => {
  it("every function and class exported has an entry in the fuzz table (a new export joins here)", () => {
    const functions = Object.entries(api)
      .filter(([, v]) => typeof v === "function")
      .map(([k]) => k)
      .sort();
    expect(
      functions.filter((k) => !(k in SAMPLES)),
      "exports without a fuzz sample",
    ).toEqual([]);
    expect(
      Object.keys(SAMPLES).filter((k) => !functions.includes(k)),
      "samples of things no longer exported",
    ).toEqual([]);
  });

  it("the valid sample of each works (so the hostile calls below test the arguments, not a broken sample)", async () => {
    const failures: string[] = [];
    for (const name of Object.keys(SAMPLES)) {
      const failure = await outcome(name, SAMPLES[name].args(), new Map());
      if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("each argument replaced by each hostile value", async () => {
    const failures: string[] = [];
    for (const [name, sample] of Object.entries(SAMPLES)) {
      for (let i = 0; i < sample.names.length; i++) {
        for (let v = 0; v < HOSTILE_COUNT; v++) {
          const h = hostile()[v];
          if (skipped(sample, i, h)) continue;
          const args = sample.args();
          while (args.length <= i) args.push(undefined);
          args[i] = h;
          const failure = await outcome(name, args, new Map([[i, h]]));
          if (failure) failures.push(failure);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it("several arguments replaced at once (fast-check)", async () => {
    const names = Object.keys(SAMPLES).filter((n) => SAMPLES[n].names.length > 1);
    const value = fc.nat({ max: HOSTILE_COUNT - 1 });
    const cases = fc
      .constantFrom(...names)
      .chain((name) =>
        fc.tuple(
          fc.constant(name),
          fc.array(fc.tuple(fc.nat({ max: SAMPLES[name].names.length - 1 }), value), { minLength: 2, maxLength: 3 }),
        ),
      );
    await fc.assert(
      fc.asyncProperty(cases, async ([name, changes]) => {
        const sample = SAMPLES[name];
        const args = sample.args();
        const changed = new Map<number, unknown>();
        for (const [i, v] of changes) {
          const h = hostile()[v];
          if (skipped(sample, i, h)) continue;
          while (args.length <= i) args.push(undefined);
          args[i] = h;
          changed.set(i, h);
        }
        if (changed.size === 0) return;
        const failure = await outcome(name, args, changed);
        if (failure) expect.fail(failure);
      }),
      { numRuns: 400, seed },
    );
  }, 240_000);
});
