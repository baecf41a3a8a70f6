// Inputs inside the allowed ranges that could crash or go wrong silently: a run too long to
// record every step, and a loss that overflows f32.
import { afterEach, describe, expect, it } from "vitest";
import { resolveTokensConfig } from "../../src/experiments/tokens/config.js";
import { tokensMemory, TOKENS_HEAP_LIMIT } from "../../src/experiments/tokens/memory.js";
import { runTokensExperiment } from "../../src/experiments/tokens/run.js";
import { cli } from "../helpers/cli.js";
import { ConfigError } from "../../src/config/error.js";

afterEach(() => {
  process.exitCode = 0;
});

describe("six-token runs too long to record every step are refused up front", () => {
  it.each([1e7, 1e9])("steps %d with the default every:1 is a ConfigError on record naming the heap it would need", (steps) => {
    const start = performance.now();
    let error: unknown;
    try {
      resolveTokensConfig({ steps });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("record");
    expect((error as ConfigError).message).toMatch(/GiB of JavaScript heap.*limit is 1 GiB.*--record log:/);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it("the same lengths are accepted when they record a log schedule", () => {
    expect(resolveTokensConfig({ steps: 1e9, record: "log:1000" }).steps).toBe(1e9);
    expect(tokensMemory(resolveTokensConfig({ steps: 1e7, record: "every:100" })).heapBytes).toBeLessThan(TOKENS_HEAP_LIMIT);
  });

  it("the estimate grows with recorded steps × optimizers × tokens and the largest accepted every:1 run is a million steps", () => {
    const a = tokensMemory(resolveTokensConfig({ steps: 1000 })).heapBytes;
    const b = tokensMemory(resolveTokensConfig({ steps: 2000 })).heapBytes;
    expect(b / a).toBeCloseTo(2, 1);
    expect(() => resolveTokensConfig({ steps: 1_000_000 })).not.toThrow();
  });

  it("the command line exits 2 with zipflab: error: record … in under a second", async () => {
    const start = performance.now();
    const { err, code } = await cli("tokens", "--steps", "1000000000", "-q");
    expect(code).toBe(2);
    expect(err).toMatch(/zipflab: error: record: .*JavaScript heap/);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe("a loss that overflows stops the run at its step", () => {
  it.each([
    [
      "true weights 1e30",
      {
        tokens: [
          { name: "a", frequency: 0.5, trueWeight: 1e30 },
          { name: "b", frequency: 0.5, trueWeight: 1 },
        ],
      },
    ],
    ["noise 1e30", { noise: 1e30 }],
  ])("%s: divergedAt is step 1 for every optimizer, on WASM and on the twin", async (_label, input) => {
    for (const backend of ["wasm", "twin"] as const) {
      const r = await runTokensExperiment({ ...input, steps: 50 }, { backend });
      for (const run of r.runs) {
        expect(run.divergedAt, `${backend} ${run.optimizer.name}`).toBe(1);
        expect(run.stepsRun).toBe(0);
      }
    }
  });
});

describe("the optimizers share one stream of batches (drawn once, replayed)", () => {
  it("replaying gives bit-identical runs to drawing for each optimizer, and the later runs replay", async () => {
    const { tokensProblem } = await import("../../src/problems/tokens/problem.js");
    const { runWasm } = await import("../../src/loop/wasm.js");
    const { fuse } = await import("../../src/optimizers/chain.js");
    const { buildChain } = await import("../../src/optimizers/registry.js");
    const { freshCore } = await import("../helpers/core.js");
    const { instantiateCore } = await import("../../src/wasm/load.js");
    const config = resolveTokensConfig({ steps: 500, optimizers: ["sgd", "adam", "sign"] });
    const spec = {
      frequencies: config.tokens.map((t) => t.frequency),
      trueWeights: config.tokens.map((t) => t.trueWeight),
      noise: config.noise,
      batch: 45, // several blocks of samples per step, not a multiple of 8
    };
    const core = await freshCore();
    const other = await instantiateCore(); // the drawing runs, on a memory of their own
    const shared = tokensProblem({ ...spec, shareStream: 500 });
    const plain = tokensProblem(spec);
    const opts = { steps: 500, seed: 3, recordSteps: [1, 250, 500], countNonzero: true };
    const same = (a: ReturnType<typeof runWasm>, b: ReturnType<typeof runWasm>, label: string) => {
      expect(a.finalWeights, label).toEqual(b.finalWeights);
      expect(a.trajectory, label).toEqual(b.trajectory);
      expect(a.loss, label).toEqual(b.loss);
      expect(a.nonzeroCounts, label).toEqual(b.nonzeroCounts);
    };
    for (const [i, o] of config.optimizers.entries()) {
      const t = fuse(buildChain(o));
      const a = runWasm(core, shared, t, opts);
      expect(shared.lastStreamMode).toBe(i === 0 ? "record" : "replay");
      same(a, runWasm(other, plain, t, opts), o.name);
    }
    const t = fuse(buildChain(config.optimizers[1]));
    // another seed records anew rather than replaying the wrong batches
    same(runWasm(core, shared, t, { ...opts, seed: 4 }), runWasm(other, plain, t, { ...opts, seed: 4 }), "seed 4");
    expect(shared.lastStreamMode).toBe("record");
    // a run of another problem on the same core may overwrite the stream: the next run records anew
    runWasm(core, plain, t, opts);
    same(runWasm(core, shared, t, { ...opts, seed: 4 }), runWasm(other, plain, t, { ...opts, seed: 4 }), "after another run");
    expect(shared.lastStreamMode).toBe("record");
    same(runWasm(core, shared, t, { ...opts, seed: 4 }), runWasm(other, plain, t, { ...opts, seed: 4 }), "replayed again");
    expect(shared.lastStreamMode).toBe("replay");
  });
});
