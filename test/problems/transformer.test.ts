// The transformer problem: the WASM kernel ≡ the twin (gradient, losses, class losses, whole
// runs), for every block layout and both training modes.
import { describe, expect, it } from "vitest";
import { freshCore } from "../helpers/core.js";
import { transformerProblem } from "../../src/problems/transformer/problem.js";
import { Xoshiro128 } from "../../src/rng/xoshiro.js";
import { seedState } from "../../src/rng/seed.js";
import { RNG_BLOCK } from "../../src/layout/generated.js";
import { runWasm } from "../../src/loop/wasm.js";
import { runTwin } from "../../src/loop/twin.js";
import { buildChain, OPTIMIZER_NAMES, resolveOptimizer } from "../../src/optimizers/registry.js";
import { fuse } from "../../src/optimizers/chain.js";
import { tinyCorpus } from "./transformer-helpers.js";

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe("transformer: kernel ≡ twin", () => {
  const corpus = tinyCorpus();
  const cases = [
    {
      name: "two layers, full batch, three blocks",
      config: { vocab: 30, context: 64, width: 8, layers: 2, heads: 2, batch: "full", windows: 10, validation: 3 },
    },
    {
      name: "one layer, width and heads off the SIMD width",
      config: { vocab: 23, context: 7, width: 10, layers: 1, heads: 5, batch: 5, windows: 40, validation: 2 },
    },
    {
      name: "no layer (a low-rank bigram model)",
      config: { vocab: 17, context: 3, width: 5, layers: 0, heads: 1, batch: 9, windows: 90, validation: 2 },
    },
    {
      name: "train last on the random body's features",
      config: { vocab: 30, context: 64, width: 8, layers: 1, heads: 2, batch: "full", windows: 6, validation: 3, train: "last" },
    },
    {
      name: "train last, mini-batch",
      config: { vocab: 30, context: 9, width: 12, layers: 1, heads: 3, batch: 4, windows: 6, validation: 3, train: "last" },
    },
  ];
  for (const { name, config } of cases) {
    it(`gradient, loss, class and held-out losses: ${name}`, async () => {
      const core = await freshCore();
      const p = transformerProblem({ corpus, seed: 5, ...config } as never);
      const { arena, exports } = core;
      const w0 = p.initialWeights!();
      const w = arena.allocF32(p.n),
        g = arena.allocF32(p.n);
      arena.f32(w, p.n).set(w0);
      const rng = arena.alloc(RNG_BLOCK.bytes);
      arena.u32(rng, 4).set(seedState(9));
      const prob = p.layout(arena, rng, 9);
      const twinRng = Xoshiro128.seeded(9);
      for (let step = 0; step < 2; step++) {
        const lossW = exports.problemGradient(p.code, prob, w, g, 0);
        const gt = new Float32Array(p.n);
        const lossT = p.twinGradient(w0, gt, twinRng);
        expect(lossW).toBe(lossT);
        expect(bits(arena.f32(g, p.n))).toEqual(bits(gt));
        expect(gt.some((x) => x !== 0)).toBe(true);
      }
      expect(exports.problemLoss(p.code, prob, w)).toBe(p.twinLoss(w0));
      const out = arena.alloc(8 * p.dims.V);
      p.classStats!.wasm!(exports, prob, w, g, out);
      expect(Array.from(arena.f64(out, p.dims.V))).toEqual(Array.from(p.classStats!.twin(w0, new Float32Array(p.n))));
      expect(p.heldOut!.wasm(exports, prob, w)).toBe(p.heldOut!.twin(w0));
    });
  }

  it("a whole Adam run: same weights, losses and group curves on both paths", async () => {
    const core = await freshCore();
    const p = transformerProblem({
      corpus,
      seed: 2,
      vocab: 25,
      context: 6,
      width: 8,
      layers: 1,
      heads: 2,
      batch: 4,
      windows: 12,
      validation: 4,
    });
    const transforms = fuse(buildChain(resolveOptimizer({ name: "adam", lr: 3e-3 }, undefined)));
    const opts = { steps: 5, seed: 3, recordSteps: [1, 3, 5], classStats: true, countNonzero: true };
    const a = runWasm(core, p, transforms, opts);
    const b = runTwin(p, transforms, opts);
    expect(bits(a.finalWeights)).toEqual(bits(b.finalWeights));
    expect(Array.from(a.exactLoss!)).toEqual(Array.from(b.exactLoss!));
    expect(a.classStats!.map((v) => Array.from(v))).toEqual(b.classStats!.map((v) => Array.from(v)));
    expect(a.heldOutLoss).toEqual(b.heldOutLoss);
    expect(Array.from(a.nonzeroCounts!)).toEqual(Array.from(b.nonzeroCounts!));
  });

  it("every registered optimizer trains the flat parameter vector, the same bits on both paths", async () => {
    const core = await freshCore();
    const p = transformerProblem({
      corpus,
      seed: 4,
      vocab: 17,
      context: 5,
      width: 6,
      layers: 1,
      heads: 2,
      batch: 3,
      windows: 9,
      validation: 2,
    });
    for (const name of OPTIMIZER_NAMES) {
      const transforms = fuse(buildChain(resolveOptimizer({ name, lr: 1e-2 }, undefined)));
      const opts = { steps: 3, seed: 1, recordSteps: [3] };
      const a = runWasm(core, p, transforms, opts);
      const b = runTwin(p, transforms, opts);
      expect(bits(a.finalWeights), name).toEqual(bits(b.finalWeights));
      expect(Number.isFinite(a.exactLoss![0]) && a.exactLoss![0] !== a.initialLoss, name).toBe(true);
    }
  });
});
