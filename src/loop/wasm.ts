// Runs a problem with an optimizer chain in the WASM core: lays out memory (layoutLoop, which
// the memory estimate also runs dry), seeds the generator, calls runSteps in chunks (many steps
// per call), and copies results out.
import { LOOP_BLOCK, RNG_BLOCK } from "../layout/generated.js";
import { readField } from "../layout/block.js";
import { layoutChain, type WasmChain } from "../optimizers/chain.js";
import { isConstantOne, layoutLrSchedule } from "../optimizers/lr-schedule.js";
import type { Transform } from "../optimizers/transform.js";
import type { Problem } from "../problems/problem.js";
import { seedState } from "../rng/seed.js";
import type { LayoutArena } from "../wasm/arena.js";
import type { Core } from "../wasm/load.js";
import { checkCore, checkRunArgs } from "./check.js";
import { planLoop } from "./plan.js";
import type { LoopOptions, LoopOutput, LoopPlan } from "./types.js";

/** Where a run's arrays lie, and how many bytes each part took (the memory estimate reads these). */
export interface LoopLayout {
  loop: number;
  w: number;
  g: number;
  problem: number;
  chain: WasmChain;
  trajectory: number;
  loss: number;
  exactTrace: number;
  nonzeroCounts: number;
  countLen: number;
  classTrace: number;
  classes: number;
  statsOut: number;
  /** Bytes of each part, in layout order. */
  bytes: { weights: number; gradient: number; problem: number; state: number; counts: number; records: number };
}

/**
 * Lays out a run in `arena`: w, g (a 16-byte stub when the chain is fused), the generator, the
 * problem, the chain, the records, the touched rows, the schedule and the loop block. On a
 * ByteCounter it allocates nothing and gives the exact bytes (LoopLayout.bytes).
 */
export function layoutLoop(
  arena: LayoutArena,
  problem: Problem,
  transforms: readonly Transform[],
  plan: LoopPlan,
  opts: LoopOptions,
): LoopLayout {
  const n = problem.n;
  const nRecord = plan.recordSteps.length;
  const rowLen = plan.rowLen;
  let mark = arena.used;
  const part = () => {
    const used = arena.used - mark;
    mark = arena.used;
    return used;
  };
  const w = arena.allocF32(n);
  const weights = part();
  const g = plan.fused ? arena.alloc(16) : arena.allocF32(n);
  const gradient = part();
  const rng = arena.alloc(RNG_BLOCK.bytes);
  arena.write(rng, seedState(opts.seed));
  const prob = problem.layout(arena, rng, opts.seed, opts.threads ?? 1);
  const problemBytes = part();
  const chain = layoutChain(arena, transforms, n, plan.rowUpdates ? rowLen : n);
  const state = part();
  const countLen = problem.countFold ?? n;
  const nonzeroCounts = opts.countNonzero ? arena.alloc(4 * countLen) : 0;
  const countBytes = part();
  const steps = arena.alloc(4 * Math.max(nRecord, 1));
  arena.write(steps, Int32Array.from(plan.recordSteps));
  const trajectory = plan.keepWeights ? arena.allocF32(nRecord * n) : 0;
  const loss = arena.allocF32(nRecord);
  const exactTrace = plan.exact ? arena.alloc(8 * Math.max(nRecord, 1)) : 0;
  const nRows = rowLen > 0 ? n / rowLen : 0;
  const touchedMark = rowLen > 0 ? arena.alloc(nRows) : 0;
  const touched = rowLen > 0 ? arena.alloc(4 * nRows) : 0;
  const schedule = opts.lrSchedule && !isConstantOne(opts.lrSchedule) ? layoutLrSchedule(arena, opts.lrSchedule, opts.steps) : 0;
  const classes = plan.classStatsInLoop ? plan.classStats!.classes : 0;
  const classTrace = plan.classStatsInLoop ? arena.alloc(8 * classes * Math.max(nRecord, 1)) : 0;
  const loop = arena.alloc(LOOP_BLOCK.bytes);
  arena.writeBlock(loop, LOOP_BLOCK, {
    code: problem.code,
    problem: prob,
    chain: chain.ptr,
    nOps: chain.nOps,
    w,
    g,
    n,
    t: 0,
    recordSteps: steps,
    nRecord,
    cursor: 0,
    trajectory,
    lossTrace: loss,
    nonzeroCounts,
    divergedAt: 0,
    rowLen,
    mark: touchedMark,
    touched,
    nTouched: 0,
    rowUpdates: plan.rowUpdates ? 1 : 0,
    exactLossTrace: exactTrace,
    lrSchedule: schedule,
    fused: plan.fused ? 1 : 0,
    classTrace,
    deferred: plan.deferred ? 1 : 0,
    classes,
    rng,
    countFold: problem.countFold ?? 0,
  });
  const stats = plan.classStats;
  const statsOut = stats?.wasm ? arena.alloc(8 * stats.wasmValues!) : 0;
  const records = part();
  return {
    loop,
    w,
    g,
    problem: prob,
    chain,
    trajectory,
    loss,
    exactTrace,
    nonzeroCounts,
    countLen,
    classTrace,
    classes,
    statsOut,
    bytes: { weights, gradient, problem: problemBytes, state, counts: countBytes, records },
  };
}

export function runWasm(core: Core, problem: Problem, transforms: readonly Transform[], opts: LoopOptions): LoopOutput {
  checkCore(core);
  checkRunArgs(problem, transforms, opts);
  const { arena, exports } = core;
  const n = problem.n;
  const plan = planLoop(problem, transforms, opts);
  const recordSteps = [...plan.recordSteps];
  const nRecord = recordSteps.length;
  const stats = plan.classStats;
  arena.reset();
  const at = layoutLoop(arena, problem, transforms, plan, opts);
  if (problem.initialWeights) arena.write(at.w, problem.initialWeights());
  else problem.zeroWeights?.(arena, at.problem);
  const initialLoss = plan.exact ? exports.problemLoss(problem.code, at.problem, at.w) : null;
  const statsAt = (): Float64Array => {
    if (!stats!.wasm) return stats!.twin(arena.f32(at.w, n), arena.f32(at.g, n));
    stats!.wasm(exports, at.problem, at.w, at.g, at.statsOut);
    return arena.f64(at.statsOut, stats!.fields.length * stats!.classes).slice();
  };
  const held = stats && problem.heldOut ? problem.heldOut : null;
  const heldAt = (): number => held!.wasm(exports, at.problem, at.w);
  const classStats = stats ? [statsAt()] : null;
  const heldOutLoss = held ? [heldAt()] : null;

  // Calls end at chunk boundaries and, when class statistics are asked for, at recorded steps.
  const chunk = opts.chunk ?? opts.steps;
  let done = 0;
  let nextStats = 0;
  let divergedAt: number | null = null;
  // Class losses the loop wrote itself (fused full-batch runs), read back up to its cursor.
  const loopStats = (): Float64Array[] => {
    const reached = readField(arena.view(), at.loop, LOOP_BLOCK, "cursor");
    return Array.from({ length: reached }, (_, j) => stats!.fromRaw!(arena.f64(at.classTrace + 8 * at.classes * j, at.classes).slice()));
  };
  // Large arrays as views into WASM memory (valid until the next run on this core) or copies.
  const out = <T extends Float32Array | Uint32Array>(v: T): T => (opts.views ? v : (v.slice() as T));
  // The result so far: at the end, and after each chunk for live curves (onChunk).
  const output = (): LoopOutput => ({
    steps: done,
    divergedAt,
    finalWeights: out(arena.f32(at.w, n)),
    recordedSteps: recordSteps,
    trajectory: plan.keepWeights ? out(arena.f32(at.trajectory, nRecord * n)) : new Float32Array(0),
    loss: out(arena.f32(at.loss, nRecord)),
    exactLoss: plan.exact ? arena.f64(at.exactTrace, nRecord).slice() : null,
    initialLoss,
    rowUpdates: plan.rowUpdates,
    nonzeroCounts: at.nonzeroCounts ? out(arena.u32(at.nonzeroCounts, at.countLen)) : null,
    classStats: classStats ? (plan.classStatsInLoop ? [...classStats, ...loopStats()] : classStats.slice()) : null,
    heldOutLoss: heldOutLoss ? heldOutLoss.slice() : null,
    state: at.chain.statePtrs.map((ptrs) => ptrs.map((p) => out(arena.f32(p, n)))),
    transforms,
  });

  while (done < opts.steps) {
    let target = Math.min(done + chunk, opts.steps);
    if (stats && !plan.classStatsInLoop && nextStats < nRecord) target = Math.min(target, recordSteps[nextStats]);
    const ask = target - done;
    const ran = opts.runSteps ? opts.runSteps(at.loop, ask, done === 0, plan) : exports.runSteps(at.loop, ask);
    done += ran;
    opts.onProgress?.(done);
    if (ran < ask) {
      divergedAt = readField(arena.view(), at.loop, LOOP_BLOCK, "divergedAt");
      break;
    }
    if (stats && !plan.classStatsInLoop && nextStats < nRecord && done === recordSteps[nextStats]) {
      classStats!.push(statsAt());
      heldOutLoss?.push(heldAt());
      nextStats++;
    }
    opts.onChunk?.(output);
  }
  problem.afterRun?.(arena, at.problem);
  // Exact lazy Adam: rows the last steps did not touch are brought up to date.
  if (plan.lazyRows) exports.chainFlush(at.chain.ptr, at.chain.nOps, at.w, done);
  return output();
}
