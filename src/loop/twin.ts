// Plain-TS twin of the WASM step loop (assembly/loop.ts): same draws, same order, same f32
// arithmetic — the results are bit-identical. The run's plan (plan.ts) is the WASM loop's.
import { twinChain, twinChainCatchUpRows, twinChainFlush, twinChainStep } from "../optimizers/chain.js";
import { checkRunArgs } from "./check.js";
import { lrFactor } from "../optimizers/lr-schedule.js";
import type { Transform } from "../optimizers/transform.js";
import type { Problem } from "../problems/problem.js";
import { TouchedRows } from "../sparse/touched-rows.js";
import { Xoshiro128 } from "../rng/xoshiro.js";
import { planLoop } from "./plan.js";
import type { LoopOptions, LoopOutput } from "./types.js";

export function runTwin(problem: Problem, transforms: readonly Transform[], opts: LoopOptions): LoopOutput {
  checkRunArgs(problem, transforms, opts);
  const n = problem.n;
  const plan = planLoop(problem, transforms, opts);
  const recordSteps = [...plan.recordSteps];
  const { rowLen, rowUpdates, exact, keepWeights } = plan;
  const schedule = opts.lrSchedule;
  const w = new Float32Array(n);
  const g = new Float32Array(n);
  const rng = Xoshiro128.seeded(opts.seed);
  const chain = twinChain(transforms, n, rowUpdates ? rowLen : n);
  const lazy = plan.lazyRows;
  const peek = lazy && rowUpdates;
  const touched = rowLen > 0 ? new TouchedRows(n / rowLen, rowLen) : undefined;
  const trajectory = new Float32Array(keepWeights ? recordSteps.length * n : 0);
  const loss = new Float32Array(recordSteps.length);
  const exactLoss = exact ? new Float64Array(recordSteps.length) : null;
  problem.twinReset?.(opts.seed);
  if (problem.initialWeights) w.set(problem.initialWeights());
  const initialLoss = exact ? problem.twinLoss!(w) : null;
  const stats = plan.classStats;
  const classStats = stats ? [stats.twin(w, g)] : null;
  const held = stats && problem.heldOut ? problem.heldOut : null;
  const heldOutLoss = held ? [held.twin(w)] : null;
  const fold = problem.countFold ?? 0;
  const counts = opts.countNonzero ? new Uint32Array(fold || n) : null;
  const chunk = opts.chunk ?? opts.steps;
  let cursor = 0;
  let done = 0;
  let divergedAt: number | null = null;
  for (let t = 1; t <= opts.steps; t++) {
    if (peek) {
      // exact lazy Adam: draw the batch to learn its rows, catch them up, replay the draws
      const saved = rng.clone();
      problem.twinGradient(w, g, rng, touched);
      twinChainCatchUpRows(chain, w, touched!.list(), t - 1);
      touched!.clear(g);
      rng.copyFrom(saved);
    }
    const batchLoss = problem.twinGradient(w, g, rng, touched);
    if (!Number.isFinite(Math.fround(batchLoss))) {
      // as recorded (f32): see assembly/loop.ts
      divergedAt = t;
      break;
    }
    if (counts) {
      if (touched) {
        for (const row of touched.list()) {
          for (let i = row * rowLen; i < (row + 1) * rowLen; i++) counts[fold ? i % fold : i] += g[i] !== 0 ? 1 : 0;
        }
      } else {
        for (let i = 0; i < n; i++) counts[fold ? i % fold : i] += g[i] !== 0 ? 1 : 0;
      }
    }
    const factor = schedule ? lrFactor(schedule, t, opts.steps) : 1;
    twinChainStep(chain, w, g, n, rowUpdates ? touched!.list() : null, rowLen, t, factor);
    if (touched) {
      touched.clear(g);
      if (!rowUpdates) g.fill(0);
    }
    if (cursor < recordSteps.length && recordSteps[cursor] === t) {
      if (lazy) twinChainFlush(chain, w, t);
      if (keepWeights) trajectory.set(w, cursor * n);
      loss[cursor] = batchLoss;
      if (exactLoss) exactLoss[cursor] = problem.twinLoss!(w);
      if (stats) classStats!.push(stats.twin(w, g));
      if (held) heldOutLoss!.push(held.twin(w));
      cursor++;
    }
    done = t;
    if (done % chunk === 0) opts.onProgress?.(done);
  }
  if (done % chunk !== 0 || divergedAt !== null) opts.onProgress?.(done);
  if (lazy) twinChainFlush(chain, w, done);
  return {
    steps: done,
    divergedAt,
    finalWeights: w,
    recordedSteps: recordSteps,
    trajectory,
    loss,
    exactLoss,
    initialLoss,
    rowUpdates,
    nonzeroCounts: counts,
    classStats,
    heldOutLoss,
    state: chain.ops.map((op) => op.state),
    transforms,
  };
}
