// The up-front memory estimate: the run's own layout run dry on a ByteCounter, so it counts
// exactly what a run lays out; the CLI refuses a run that would not fit before doing any work,
// naming the size, the limit and the option.
import { describe, expect, it } from "vitest";
import { fuse } from "../../src/optimizers/chain.js";
import { buildChain, resolveOptimizer, usesLazyUpdates } from "../../src/optimizers/registry.js";
import type { CountMatrix } from "../../src/sparse/count-matrix.js";
import type { Problem } from "../../src/problems/problem.js";
import { WASM_MEMORY_LIMIT } from "../../src/problems/shared/memory.js";
import { loopWasmBytes, STATIC_DATA } from "../../src/loop/memory.js";
import { runWasm } from "../../src/loop/wasm.js";
import { runProblemExperiment } from "../../src/experiments/run/run.js";
import { cli } from "../helpers/cli.js";
import { ConfigError } from "../../src/config/error.js";
import { freshCore } from "../helpers/core.js";
import { quadraticProblem } from "../../src/problems/quadratic/declaration.js";
import { tokensProblem } from "../../src/problems/tokens/problem.js";
import { bigramSquareProblem } from "../../src/problems/bigram-square/declaration.js";
import { linearModelProblem } from "../../src/problems/linear-model/declaration.js";
import { bigramSoftmaxProblem } from "../../src/problems/bigram-softmax/declaration.js";
import { bigramSquareFromCounts } from "../../src/problems/bigram-square/counts.js";
import { transformerProblem } from "../../src/problems/transformer/problem.js";
import { poolCore } from "../../src/loop/pool.js";
import { tinyCorpus } from "../problems/transformer-helpers.js";

/** A d×d count matrix with `perRow` pairs in each row (its CSR outgrows the slack). */
/** The largest d ≥ from with fits(d), fits being monotone (true up to a boundary; a config refused is not a fit). */
function largest(from: number, test: (d: number) => boolean): number {
  const fits = (d: number) => {
    try {
      return test(d);
    } catch (e) {
      if (e instanceof ConfigError) return false;
      throw e;
    }
  };
  let lo = from,
    hi = 2 * from;
  while (fits(hi)) hi *= 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function denseCounts(d: number, perRow: number): CountMatrix {
  const cols = Int32Array.from({ length: d * perRow }, (_, e) => ((e % perRow) * 7 + Math.floor(e / perRow)) % d);
  return { d, rowStart: Int32Array.from({ length: d + 1 }, (_, i) => i * perRow), cols, counts: new Float64Array(d * perRow).fill(3) };
}

describe("memory you can predict", () => {
  it("the estimate is exactly what runWasm lays out (its layout, run dry), for every problem, data and optimizer", async () => {
    const core = await freshCore();
    const cases: [string, Problem][] = [
      ["bigram softmax, expected", bigramSoftmaxProblem({ d: 300 })],
      ["bigram softmax, expected mini-batch", bigramSoftmaxProblem({ d: 300, batch: 64 })],
      ["bigram softmax, sampled mini-batch", bigramSoftmaxProblem({ d: 300, counts: "sampled", pairs: 20000, batch: 64 })],
      ["bigram square", bigramSquareProblem({ d: 200 })],
      ["bigram square, mini-batch", bigramSquareProblem({ d: 200, batch: 64 })],
      ["bigram square, identity", bigramSquareProblem({ d: 201, permutation: "identity" })],
      ["bigram square, counts", bigramSquareFromCounts(denseCounts(600, 300))],
      ["bigram square, counts, mini-batch", bigramSquareFromCounts(denseCounts(600, 300), { batch: 64 })],
      ["quadratic", quadraticProblem({ d: 5000 })],
      ["linear model", linearModelProblem({ levels: 6, d: 20 })],
      [
        "tokens, shared samples",
        tokensProblem({ frequencies: [0.9, 0.1, 0.01], trueWeights: [1, 1, 1], noise: 0.1, batch: 32, shareStream: 20 }),
      ],
      [
        "transformer, mini-batch",
        transformerProblem({
          corpus: tinyCorpus(),
          vocab: 30,
          context: 8,
          width: 8,
          layers: 1,
          heads: 2,
          batch: 4,
          windows: 8,
          validation: 4,
        }),
      ],
      [
        "transformer, last layer",
        transformerProblem({
          corpus: tinyCorpus(),
          vocab: 30,
          context: 8,
          width: 8,
          layers: 1,
          heads: 2,
          batch: "full",
          windows: 8,
          validation: 4,
          train: "last",
        }),
      ],
    ];
    for (const [name, problem] of cases) {
      for (const opt of ["sgd", "adam", { name: "adam", lazy: true }, { name: "adam", lazy: "exact" }, "normalized", "sgd:momentum=0.9"]) {
        const config = resolveOptimizer(typeof opt === "string" && opt.includes(":") ? { name: "sgd", momentum: 0.9 } : opt, 0.01);
        const transforms = fuse(buildChain(config));
        const opts = {
          steps: 20,
          seed: 0,
          recordSteps: [1, 2, 5, 10, 20],
          recordWeights: false,
          classStats: true,
          countNonzero: true,
          lazy: usesLazyUpdates(config),
        };
        const estimate = loopWasmBytes(problem, transforms, opts).total;
        runWasm(core, problem, transforms, opts);
        expect(estimate - STATIC_DATA, `${name} ${JSON.stringify(opt)}`).toBe(core.arena.used);
      }
    }
  });

  it("a transformer on a thread pool: the estimate with its thread count is what the pool's run lays out (an area per thread)", async () => {
    const problem = transformerProblem({
      corpus: tinyCorpus(),
      vocab: 30,
      context: 8,
      width: 8,
      layers: 1,
      heads: 2,
      batch: 4,
      windows: 8,
      validation: 4,
    });
    const transforms = fuse(buildChain(resolveOptimizer("adam", 0.01)));
    const opts = { steps: 4, seed: 0, recordSteps: [2, 4], recordWeights: false, classStats: true, countNonzero: true };
    const one = loopWasmBytes(problem, transforms, opts).total;
    const pool = await poolCore(3);
    try {
      runWasm(pool, problem, transforms, { ...opts, threads: 3 });
      const three = loopWasmBytes(problem, transforms, { ...opts, threads: 3 }).total;
      expect(three - STATIC_DATA).toBe(pool.arena.used);
      expect(three).toBeGreaterThan(one);
    } finally {
      await pool.close();
    }
  });

  it("full-batch bigram softmax fits d = 2·10⁴ with SGD or sign and d = 1.2·10⁴ with Adam in 4 GiB; one past the largest d is refused", async () => {
    // as `zipflab run` runs it for one step: one record, class statistics and non-zero counts on
    const bytes = (d: number, opt: string) =>
      loopWasmBytes(bigramSoftmaxProblem({ d }), fuse(buildChain(resolveOptimizer(opt, 0.01))), {
        steps: 1,
        seed: 0,
        recordSteps: [1],
        recordWeights: false,
        classStats: true,
        countNonzero: true,
      }).total;
    expect(bytes(20_000, "sgd")).toBeLessThanOrEqual(WASM_MEMORY_LIMIT);
    expect(bytes(20_000, "sign")).toBeLessThanOrEqual(WASM_MEMORY_LIMIT);
    expect(bytes(12_000, "adam")).toBeLessThanOrEqual(WASM_MEMORY_LIMIT);
    // the largest accepted d for SGD: the estimate's boundary, refused before any work one past it
    const d = largest(20_000, (x) => bytes(x, "sgd") <= WASM_MEMORY_LIMIT);
    const start = performance.now();
    await expect(runProblemExperiment({ problem: "bigram-softmax", config: { d: d + 1 }, optimizers: ["sgd"], steps: 1 })).rejects.toThrow(
      new RegExp(`problem\\.d: needs 4\\.\\d+ GiB of WebAssembly memory .*the limit is 4 GiB: lower --d`),
    );
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it("full-batch bigram square (random rankings) fits d = 1.75·10⁴ with SGD in 4 GiB; one past the largest d is refused in under a second", async () => {
    // W, g and the non-zero counts (4·d² bytes each) and the rankings (2·d²): 14·d² ≤ 4 GiB
    const bytes = (d: number) =>
      loopWasmBytes(bigramSquareProblem({ d }), fuse(buildChain(resolveOptimizer("sgd", 0.01))), {
        steps: 1,
        seed: 0,
        recordSteps: [1],
        recordWeights: false,
        classStats: true,
        countNonzero: true,
      }).total;
    expect(bytes(17_500)).toBeLessThanOrEqual(WASM_MEMORY_LIMIT);
    const d = largest(17_500, (x) => bytes(x) <= WASM_MEMORY_LIMIT);
    expect(d).toBeLessThan(Math.sqrt(WASM_MEMORY_LIMIT / 14));
    const start = performance.now();
    await expect(runProblemExperiment({ problem: "bigram-square", config: { d: d + 1 }, optimizers: ["sgd"], steps: 1 })).rejects.toThrow(
      /problem\.d: needs 4\.\d+ GiB of WebAssembly memory .*the problem's data [\d.]+ MiB.*the limit is 4 GiB: lower --d/,
    );
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it("the CLI refuses a run whose per-class curves would not fit the JS heap, before any work (exit 2)", async () => {
    const start = performance.now();
    const r = await cli("run", "quadratic", "--d", "100000", "--steps", "100000", "--record", "every:1", "--per-class", "-q");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /zipflab: error: perClass: needs about [\d.]+ GiB of JavaScript heap .*the limit is [\d.]+ GiB: record fewer steps \(--record .*drop --per-class/,
    );
    expect(performance.now() - start).toBeLessThan(1000);
    const b = await cli("run", "bigram-square", "--d", "19000", "-q");
    expect(b.code).toBe(2);
    expect(b.err).toMatch(
      /problem\.d: needs [\d.]+ GiB of WebAssembly memory \(W .*non-zero-gradient counts .*the limit is 4 GiB: lower --d/,
    );
  });

  // The largest accepted size runs one step (4 GiB of WASM memory and ~4·10⁸ exps): one test,
  // opt-in with ZIPFLAB_BOUNDARY=1 so that the shared test machine is not loaded by default.
  it.runIf(process.env.ZIPFLAB_BOUNDARY === "1")(
    "the largest accepted full-batch bigram softmax (SGD, identity ranking) runs a step",
    async () => {
      const bytes = (d: number) =>
        loopWasmBytes(bigramSoftmaxProblem({ d, permutation: "identity" }), fuse(buildChain(resolveOptimizer("sgd", 0.01))), {
          steps: 1,
          seed: 0,
          recordSteps: [1],
          recordWeights: false,
          classStats: true,
          countNonzero: true,
        }).total;
      const d = largest(20_000, (x) => bytes(x) <= WASM_MEMORY_LIMIT);
      const r = await runProblemExperiment({
        problem: "bigram-softmax",
        config: { d, permutation: "identity" },
        optimizers: ["sgd"],
        steps: 1,
        groups: 10,
      });
      expect(r.runs[0].finalLoss).toBeLessThan(Math.log(d));
    },
    600_000,
  );

  // Opt-in as above: 4 GiB of WASM memory, the rankings written row by row into it (no JS copy).
  it.runIf(process.env.ZIPFLAB_BOUNDARY === "1")(
    "the largest accepted full-batch bigram square (SGD, random rankings) runs a step, class losses included",
    async () => {
      const bytes = (d: number) =>
        loopWasmBytes(bigramSquareProblem({ d }), fuse(buildChain(resolveOptimizer("sgd", 0.01))), {
          steps: 1,
          seed: 0,
          recordSteps: [1],
          recordWeights: false,
          classStats: true,
          countNonzero: true,
        }).total;
      const d = largest(17_500, (x) => bytes(x) <= WASM_MEMORY_LIMIT);
      const r = await runProblemExperiment({ problem: "bigram-square", config: { d }, optimizers: ["sgd"], steps: 1, groups: 10 });
      const run = r.runs[0];
      expect(run.finalLoss).toBeLessThan(run.initialLoss!);
      // one GD step from W = 0 lowers ℓ_i by ½(1 − (1 − ηπ_i)²)‖p_i‖²: most for the most frequent group
      const groups = run.groupLoss!;
      expect(groups[0][1]!).toBeLessThan(groups[0][0]!);
      expect(groups[0][1]!).toBeLessThan(groups[9][1]!);
    },
    600_000,
  );
});
