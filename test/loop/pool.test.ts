// A pool of threads on one shared memory (src/loop/pool.ts, assembly/parallel.ts): the
// transformer's gradient is summed in block order, so 1, 2 or 3 threads give the bits of the
// single-threaded core and of the twin.
import { afterAll, describe, expect, it } from "vitest";
import { poolCore, type PoolCore } from "../../src/loop/pool.js";
import { runWasm } from "../../src/loop/wasm.js";
import { runTwin } from "../../src/loop/twin.js";
import { transformerProblem } from "../../src/problems/transformer/problem.js";
import { buildChain, resolveOptimizer } from "../../src/optimizers/registry.js";
import { fuse } from "../../src/optimizers/chain.js";
import { freshCore } from "../helpers/core.js";
import { tinyCorpus } from "../problems/transformer-helpers.js";

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe("transformer on a thread pool", () => {
  const pools: PoolCore[] = [];
  afterAll(async () => {
    for (const p of pools) await p.close();
  });

  it("1, 2 and 3 threads: the same weights, losses and class losses as one thread and the twin", async () => {
    const corpus = tinyCorpus();
    // T = 32: 8 windows a block, so the 40 windows of the full batch are 5 blocks and the
    // 12 of a mini-batch 2 (the last block shorter)
    for (const batch of ["full", 12] as const) {
      const p = transformerProblem({
        corpus,
        vocab: 30,
        context: 32,
        width: 12,
        layers: 2,
        heads: 3,
        batch,
        windows: 40,
        validation: 9,
        seed: 1,
      });
      const transforms = fuse(buildChain(resolveOptimizer({ name: "adam", lr: 3e-3 }, undefined)));
      const opts = { steps: 4, seed: 7, recordSteps: [2, 4], classStats: true, countNonzero: true };
      const reference = runWasm(await freshCore(), p, transforms, opts);
      const twin = runTwin(p, transforms, opts);
      expect(bits(reference.finalWeights)).toEqual(bits(twin.finalWeights));
      for (const threads of [1, 2, 3]) {
        const core = await poolCore(threads);
        pools.push(core);
        expect(core.exports.poolThreads()).toBe(threads);
        const out = runWasm(core, p, transforms, opts);
        expect(bits(out.finalWeights), `${threads} threads, batch ${batch}`).toEqual(bits(reference.finalWeights));
        expect(Array.from(out.exactLoss!)).toEqual(Array.from(reference.exactLoss!));
        expect(out.classStats!.map((v) => Array.from(v))).toEqual(reference.classStats!.map((v) => Array.from(v)));
        expect(out.heldOutLoss).toEqual(reference.heldOutLoss);
      }
    }
  });

  it("close() ends the workers; a closed pool's threads are gone", async () => {
    const core = await poolCore(2);
    await core.close();
    await core.close(); // twice is harmless
  });
});
