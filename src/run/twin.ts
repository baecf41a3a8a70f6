// Plain-TS twin of the WASM run loop (assembly/loop.ts): same draws, same order, same f32
// arithmetic — the results are bit-identical.
import { twinChain, twinChainStep } from "../optimizers/chain.js";
import type { Transform } from "../optimizers/transform.js";
import type { Problem } from "../problems/problem.js";
import { Xoshiro128 } from "../rng/xoshiro.js";
import type { RunOptions, RunOutput } from "./types.js";

export function runTwin(problem: Problem, transforms: readonly Transform[], opts: RunOptions): RunOutput {
  const n = problem.n;
  const recordSteps = opts.recordSteps.filter((s) => s >= 1 && s <= opts.steps);
  const w = new Float32Array(n);
  const g = new Float32Array(n);
  const rng = Xoshiro128.seeded(opts.seed);
  const chain = twinChain(transforms, n);
  const trajectory = new Float32Array(recordSteps.length * n);
  const loss = new Float32Array(recordSteps.length);
  const counts = opts.countNonzero ? new Uint32Array(n) : null;
  const chunk = opts.chunk ?? opts.steps;
  let cursor = 0;
  let done = 0;
  let divergedAt: number | null = null;
  for (let t = 1; t <= opts.steps; t++) {
    const batchLoss = problem.twinGradient(w, g, rng);
    if (!Number.isFinite(batchLoss)) {
      divergedAt = t;
      break;
    }
    if (counts) for (let i = 0; i < n; i++) counts[i] += g[i] !== 0 ? 1 : 0;
    twinChainStep(chain, w, g, n, null, 0, t, 1);
    if (cursor < recordSteps.length && recordSteps[cursor] === t) {
      trajectory.set(w, cursor * n);
      loss[cursor] = batchLoss;
      cursor++;
    }
    done = t;
    if (done % chunk === 0) opts.onProgress?.(done);
  }
  if (done % chunk !== 0 || divergedAt !== null) opts.onProgress?.(done);
  return {
    steps: done, divergedAt, finalWeights: w, recordedSteps: recordSteps, trajectory, loss,
    nonzeroCounts: counts, state: chain.ops.map((op) => op.state), transforms,
  };
}
