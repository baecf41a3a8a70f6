import { describe, expect, it } from "vitest";
import { fuse, layoutChain, twinChain, twinChainFlush, twinChainStep } from "../../src/optimizers/chain.js";
import { fusedAdam } from "../../src/optimizers/adam.js";
import { lazyAdam, LAZY_WINDOW } from "../../src/optimizers/lazy-adam.js";
import { buildChain, resolveOptimizer, usesLazyUpdates, parseOptimizerSpec } from "../../src/optimizers/registry.js";
import type { Transform } from "../../src/optimizers/transform.js";
import { Xoshiro128 } from "../../src/rng/xoshiro.js";
import { runTwin } from "../../src/loop/twin.js";
import { runWasm } from "../../src/loop/wasm.js";
import { freshCore, put } from "../helpers/core.js";
import { bigramSquareProblem } from "../../src/problems/bigram-square/declaration.js";

const HYPER = { b1: 0.9, b2: 0.999, eps: 0 };
const LR = 0.01;

/**
 * A sparse gradient stream: step 1 touches every row (so that v > 0 everywhere and dense Adam
 * with ε = 0 is defined), later steps a random few; row 0 is touched at step 1 only and row 1
 * again after 2500 steps, past two history windows. Gradients have no zero entries.
 */
function sparsePlan(nRows: number, rowLen: number, steps: number, seed: number) {
  const rng = Xoshiro128.seeded(seed, 3);
  const rows: number[][] = [];
  const grads: Float32Array[] = [];
  for (let t = 1; t <= steps; t++) {
    const list =
      t === 1
        ? Array.from({ length: nRows }, (_, r) => r)
        : Array.from({ length: nRows }, (_, r) => r).filter((r) => r > 1 && rng.uniformF64() < 0.15);
    if (t === 2500) list.push(1);
    const g = new Float32Array(nRows * rowLen);
    for (const r of list) for (let i = r * rowLen; i < (r + 1) * rowLen; i++) g[i] = Math.fround(0.1 * rng.normal() + 0.02);
    rows.push(list);
    grads.push(g);
  }
  // a schedule factor that changes every step, so c_t carries η_t
  const factor = (t: number) => Math.fround(0.5 + 0.5 * Math.cos(t / 97));
  return { rows, grads, factor, n: nRows * rowLen };
}

type Plan = ReturnType<typeof sparsePlan>;

/** Runs the chain step by step on the WASM kernels: rowLen > 0 visits the listed rows. */
async function wasmRun(transforms: Transform[], plan: Plan, rowLen: number, w0: Float32Array) {
  const c = await freshCore();
  const n = plan.n;
  const w = put(c, w0);
  const u = c.arena.allocF32(n);
  const ch = layoutChain(c.arena, transforms, n, rowLen > 0 ? rowLen : n);
  const rows = c.arena.alloc(4 * Math.max(1, n));
  plan.grads.forEach((g, k) => {
    const t = k + 1;
    c.arena.f32(u, n).set(g);
    if (rowLen > 0) {
      c.arena.i32(rows, plan.rows[k].length).set(plan.rows[k]);
      c.exports.chainStep(ch.ptr, ch.nOps, w, u, n, rows, plan.rows[k].length, rowLen, t, plan.factor(t));
    } else {
      c.exports.chainStep(ch.ptr, ch.nOps, w, u, n, 0, 0, 0, t, plan.factor(t));
    }
  });
  c.exports.chainFlush(ch.ptr, ch.nOps, w, plan.grads.length);
  return { w: c.arena.f32(w, n).slice(), state: ch.statePtrs.map((ps) => ps.map((p) => c.arena.f32(p, n).slice())) };
}

function twinRun(transforms: Transform[], plan: Plan, rowLen: number, w0: Float32Array) {
  const w = w0.slice();
  const ch = twinChain(transforms, plan.n, rowLen);
  plan.grads.forEach((g, k) => twinChainStep(ch, w, g.slice(), plan.n, plan.rows[k], rowLen, k + 1, plan.factor(k + 1)));
  twinChainFlush(ch, w, plan.grads.length);
  return { w, state: ch.ops.map((op) => op.state) };
}

/** max |a − b| over max |b − w0| (the distance the weights travelled). */
function deviation(a: Float32Array, b: Float32Array, w0: Float32Array): number {
  let err = 0;
  let moved = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    moved = Math.max(moved, Math.abs(b[i] - w0[i]));
  }
  return err / moved;
}

describe("exact lazy Adam (adam:lazy=exact)", () => {
  it("ε = 0: equals dense Adam over 3000 sparse steps to f32 rounding, moments included", async () => {
    const nRows = 24;
    const rowLen = 13;
    const plan = sparsePlan(nRows, rowLen, 3000, 1);
    const w0 = new Float32Array(plan.n).map((_, i) => Math.fround(Math.sin(i)));
    const dense = await wasmRun([fusedAdam(HYPER, -LR)], plan, 0, w0);
    const lazy = await wasmRun([lazyAdam(HYPER, -LR)], plan, rowLen, w0);
    expect(dense.w.every(Number.isFinite)).toBe(true);
    // f32 rounding: dense Adam rounds m, v and w at each of up to 3000 skipped steps, i.e. up to
    // k·2⁻²⁴ relative for a row idle k steps (β^k is rounded once here)
    expect(deviation(lazy.w, dense.w, w0)).toBeLessThan(2e-5);
    const tol = 3000 * 2 ** -24;
    for (let i = 0; i < plan.n; i++) {
      expect(Math.abs(lazy.state[0][0][i] - dense.state[0][0][i])).toBeLessThanOrEqual(tol * Math.abs(dense.state[0][0][i]) + 1e-40);
      expect(Math.abs(lazy.state[0][1][i] - dense.state[0][1][i])).toBeLessThanOrEqual(tol * Math.abs(dense.state[0][1][i]) + 1e-40);
    }
    // …while SparseAdam semantics (untouched rows frozen) end far from it
    const frozen = await wasmRun(fuse(buildChain(resolveOptimizer({ name: "adam", lazy: true }, LR))), plan, rowLen, w0);
    expect(deviation(frozen.w, dense.w, w0)).toBeGreaterThan(0.05);
  });

  it("ε > 0 (1e-8): the catch-up uses the ε = 0 sum; measured deviation from dense Adam stays small", async () => {
    const rowLen = 13;
    const plan = sparsePlan(24, rowLen, 3000, 2);
    const w0 = new Float32Array(plan.n);
    const hyper = { ...HYPER, eps: 1e-8 };
    const dense = await wasmRun([fusedAdam(hyper, -LR)], plan, 0, w0);
    const lazy = await wasmRun([lazyAdam(hyper, -LR)], plan, rowLen, w0);
    expect(deviation(lazy.w, dense.w, w0)).toBeLessThan(1e-4);
  });

  it("WASM kernel ≡ TS twin bit for bit, rows of lengths around the SIMD width, over two history windows", async () => {
    for (const rowLen of [1, 3, 4, 5, 7, 17]) {
      const plan = sparsePlan(9, rowLen, 2 * LAZY_WINDOW + 300, rowLen);
      const w0 = new Float32Array(plan.n).map((_, i) => Math.fround(Math.cos(i)));
      const t = [lazyAdam({ b1: 0.9, b2: 0.99, eps: 1e-8 }, -LR)];
      const a = await wasmRun(t, plan, rowLen, w0);
      const b = twinRun(t, plan, rowLen, w0);
      expect(a.w, `rowLen ${rowLen}`).toEqual(b.w);
      expect(a.state, `rowLen ${rowLen}`).toEqual(b.state);
    }
  });

  it("a row touched every step runs the dense fused kernel: on a dense problem it is Adam bit for bit", async () => {
    const plan = sparsePlan(1, 1003, 40, 4);
    plan.rows.fill([0]);
    plan.grads.forEach((g, k) => g.forEach((_, i) => (g[i] = Math.fround(Math.sin(i * (k + 1))))));
    const w0 = new Float32Array(plan.n);
    const adam = await wasmRun(fuse(buildChain(resolveOptimizer("adam", LR))), plan, 0, w0);
    const exact = await wasmRun(buildChain(resolveOptimizer({ name: "adam", lazy: "exact" }, LR)), plan, 0, w0);
    expect(exact.w).toEqual(adam.w);
  });

  it("registry: adam:lazy=exact parses, runs on touched rows, and adamw refuses it", () => {
    const config = resolveOptimizer(parseOptimizerSpec("adam:lazy=exact"), LR);
    expect(config.lazy).toBe("exact");
    expect(usesLazyUpdates(config)).toBe(true);
    expect(buildChain(config).map((t) => t.name)).toEqual(["lazy_adam"]);
    expect(() => resolveOptimizer({ name: "adamw", lazy: "exact" }, LR)).toThrow(/lazy/);
    expect(() => resolveOptimizer({ name: "adam", lazy: "soon" }, LR)).toThrow(/lazy/);
  });

  it("in the run loop (mini-batch bigram): batch rows are caught up before the gradient reads them; WASM ≡ twin", async () => {
    const core = await freshCore();
    const problem = bigramSquareProblem({ d: 10, alpha: 1, batch: 3, seed: 2 });
    const config = resolveOptimizer({ name: "adam", lazy: "exact" }, 0.02);
    const opts = { steps: 1500, seed: 5, recordSteps: [1, 700, 1500], lazy: usesLazyUpdates(config) };
    const exact = runWasm(core, problem, buildChain(config), opts);
    const twin = runTwin(problem, buildChain(config), opts);
    expect(exact.rowUpdates).toBe(true);
    expect(exact.finalWeights).toEqual(twin.finalWeights);
    expect(exact.trajectory).toEqual(twin.trajectory);
    expect(exact.loss).toEqual(twin.loss);
    expect(exact.state).toEqual(twin.state);
    // dense Adam on the same draws: the same weights up to ε's effect and f32 rounding
    const dense = runWasm(core, problem, fuse(buildChain(resolveOptimizer("adam", 0.02))), { ...opts, updates: "dense" });
    const w0 = new Float32Array(problem.n);
    expect(deviation(exact.finalWeights, dense.finalWeights, w0)).toBeLessThan(1e-3);
    expect(Math.abs(exact.exactLoss![2] - dense.exactLoss![2]) / dense.exactLoss![2]).toBeLessThan(1e-4);
    const sparse = runWasm(core, problem, fuse(buildChain(resolveOptimizer({ name: "adam", lazy: true }, 0.02))), { ...opts, lazy: true });
    expect(deviation(sparse.finalWeights, dense.finalWeights, w0)).toBeGreaterThan(
      10 * deviation(exact.finalWeights, dense.finalWeights, w0),
    );
  });
});
