import { describe, expect, it } from "vitest";
import { fuse, isSparseExact } from "../../src/optimizers/chain.js";
import { buildChain, resolveOptimizer } from "../../src/optimizers/registry.js";
import { randomArray } from "../helpers/core.js";
import { runTwinSteps, runWasmSteps } from "./harness.js";

// 40 rows of 13 (not a multiple of 4); each step touches a few rows, the rest of g is 0.
const ROWS = 40;
const ROW_LEN = 13;
const n = ROWS * ROW_LEN;
const touchedAt = (t: number) => [3, 17, 39, (t * 7) % ROWS].filter((r, i, a) => a.indexOf(r) === i);
const gradient = (t: number) => {
  const g = new Float32Array(n);
  const values = randomArray(n, 500 + t, 0.2);
  for (const r of touchedAt(t)) g.set(values.subarray(r * ROW_LEN, (r + 1) * ROW_LEN), r * ROW_LEN);
  return g;
};

describe("sparse path (touched rows only)", () => {
  for (const name of ["sgd", "sign", "normalized", "rescaled-sign"]) {
    it(`${name}: equals the dense step when untouched gradients are zero`, async () => {
      const transforms = fuse(buildChain(resolveOptimizer(name, 0.05)));
      expect(isSparseExact(transforms)).toBe(true);
      const steps = 6;
      const dense = await runWasmSteps(transforms, { n, steps, gradient });
      // Visit only the rows touched at step t: run one step at a time with that step's rows.
      const w = randomArray(n, 99);
      for (let t = 1; t <= steps; t++) {
        const out = await runWasmSteps(transforms, {
          n,
          steps: 1,
          gradient: () => gradient(t),
          w0: w,
          rows: touchedAt(t),
          rowLen: ROW_LEN,
        });
        w.set(out.w);
      }
      expect(w).toEqual(dense.w);
    });
  }

  it("momentum, Adam and weight decay are not sparse-exact (their state moves with g = 0)", () => {
    for (const name of ["momentum", "adam", "adamw", "signum", "rmsprop"]) {
      expect(isSparseExact(fuse(buildChain(resolveOptimizer(name, 0.01)))), name).toBe(false);
    }
  });

  it("lazy Adam (SparseAdam) leaves untouched rows' weights and moments alone; exact Adam decays them", async () => {
    const transforms = fuse(buildChain(resolveOptimizer({ name: "adam", lazy: true }, 0.01)));
    const rows = [2, 5];
    const g = (t: number) => {
      const full = gradient(t);
      const out = new Float32Array(n);
      for (const r of rows) out.set(full.subarray(r * ROW_LEN, (r + 1) * ROW_LEN), r * ROW_LEN);
      return out;
    };
    // A first dense step gives every row non-zero moments, then lazy steps on two rows.
    const first = await runWasmSteps(transforms, { n, steps: 1, gradient });
    const w0 = randomArray(n, 99);
    const plan = { n, steps: 1, gradient: g, w0 };
    const lazy = await runWasmSteps(transforms, { ...plan, rows, rowLen: ROW_LEN });
    const exact = await runWasmSteps(transforms, plan);
    for (let r = 0; r < ROWS; r++) {
      const seg = (a: Float32Array) => Array.from(a.subarray(r * ROW_LEN, (r + 1) * ROW_LEN));
      if (rows.includes(r)) expect(seg(lazy.w)).toEqual(seg(exact.w));
      else expect(seg(lazy.w)).toEqual(seg(w0));
    }
    expect(first.state[0][0].some((x) => x !== 0)).toBe(true);
    // twin agrees on the sparse path too
    expect(runTwinSteps(transforms, { ...plan, rows, rowLen: ROW_LEN }).w).toEqual(lazy.w);
  });
});
