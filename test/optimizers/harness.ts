// Runs one optimizer chain for a few steps on the WASM kernels and on the TS twins, from the
// same weights and gradients, and returns both final weights and states.
import { layoutChain, twinChain, twinChainStep } from "../../src/optimizers/chain.js";
import type { Transform } from "../../src/optimizers/transform.js";
import { freshCore, put, randomArray } from "../helpers/core.js";

export interface Outcome {
  w: Float32Array;
  state: Float32Array[][];
}

export interface StepPlan {
  n: number;
  steps: number;
  seed?: number;
  /** Gradient of step t (1-based); default: random normal with every 5th entry 0. */
  gradient?: (t: number) => Float32Array;
  /** Sparse iteration: these rows of length rowLen (gradient zero elsewhere is up to the plan). */
  rows?: number[];
  rowLen?: number;
  w0?: Float32Array;
  factor?: number;
}

function gradients(plan: StepPlan): (t: number) => Float32Array {
  return plan.gradient ?? ((t) => randomArray(plan.n, (plan.seed ?? 0) * 1000 + t, 0.1, 5));
}

export async function runWasmSteps(transforms: readonly Transform[], plan: StepPlan): Promise<Outcome> {
  const c = await freshCore();
  const { n } = plan;
  const grad = gradients(plan);
  const w = put(c, plan.w0 ?? randomArray(n, 99 + (plan.seed ?? 0)));
  const u = c.arena.allocF32(n);
  const chain = layoutChain(c.arena, transforms, n);
  const rows = plan.rows ? c.arena.alloc(4 * plan.rows.length) : 0;
  if (plan.rows) c.arena.i32(rows, plan.rows.length).set(plan.rows);
  for (let t = 1; t <= plan.steps; t++) {
    c.arena.f32(u, n).set(grad(t));
    c.exports.chainStep(chain.ptr, chain.nOps, w, u, n, rows, plan.rows?.length ?? 0, plan.rowLen ?? 0, t, plan.factor ?? 1);
  }
  return {
    w: c.arena.f32(w, n).slice(),
    state: chain.statePtrs.map((ps) => ps.map((p) => c.arena.f32(p, n).slice())),
  };
}

export function runTwinSteps(transforms: readonly Transform[], plan: StepPlan): Outcome {
  const { n } = plan;
  const grad = gradients(plan);
  const w = (plan.w0 ?? randomArray(n, 99 + (plan.seed ?? 0))).slice();
  const chain = twinChain(transforms, n);
  for (let t = 1; t <= plan.steps; t++) {
    twinChainStep(chain, w, grad(t), n, plan.rows ?? null, plan.rowLen ?? 0, t, plan.factor ?? 1);
  }
  return { w, state: chain.ops.map((op) => op.state) };
}

/** Largest |a−b|/max(|b|, floor) over the arrays. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-6): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  return worst;
}
