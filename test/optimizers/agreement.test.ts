import { describe, expect, it } from "vitest";
import { fuse } from "../../src/optimizers/chain.js";
import { OPTIMIZER_NAMES, buildChain, resolveOptimizer } from "../../src/optimizers/registry.js";
import { runTwinSteps, runWasmSteps } from "./harness.js";

// Lengths around the SIMD width, so both the f32x4 body and the scalar tail are exercised.
const LENGTHS = [1, 3, 4, 5, 7, 12, 13, 17, 1000, 1003, 1005];

describe("every optimizer: WASM kernel equals its TS twin bit for bit", () => {
  for (const name of OPTIMIZER_NAMES) {
    for (const fused of [true, false]) {
      it(`${name} (${fused ? "fused" : "as a chain"})`, async () => {
        const chain = buildChain(resolveOptimizer(name, 0.01));
        const transforms = fused ? fuse(chain) : chain;
        for (const n of LENGTHS) {
          const plan = { n, steps: 7, seed: n, factor: 0.75 };
          const wasm = await runWasmSteps(transforms, plan);
          const twin = runTwinSteps(transforms, plan);
          expect(wasm.w, `${name} n=${n}`).toEqual(twin.w);
          expect(wasm.state, `${name} n=${n} state`).toEqual(twin.state);
          expect(wasm.w.every(Number.isFinite)).toBe(true);
        }
      });
    }
  }
});

describe("fused kernels equal the chains they replace", () => {
  const cases: [string, number][] = [
    ["sgd", 3],
    ["sign", 3],
    ["adam", 3],
    ["adamw", 0],
  ];
  for (const [name, shortened] of cases) {
    it(`${name}: fuse() shortens the chain by ${shortened === 0 ? "folding only scale+apply" : "folding its tail"}`, async () => {
      const chain = buildChain(resolveOptimizer(name, 0.003));
      const fused = fuse(chain);
      expect(fused.length).toBeLessThan(chain.length);
      expect(fused.at(-1)!.name).toMatch(/^fused_/);
      for (const n of [5, 13, 64, 1001, 1005]) {
        const plan = { n, steps: 12, seed: 3 };
        const a = await runWasmSteps(chain, plan);
        const b = await runWasmSteps(fused, plan);
        expect(b.w).toEqual(a.w);
        expect(b.state.flat()).toEqual(a.state.flat());
      }
    });
  }
});
