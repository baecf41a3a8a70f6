// Runs a problem with an optimizer chain in the WASM core: lays out memory, seeds the
// generator, calls runSteps in chunks (many steps per call), and copies results out.
import { checkCore, checkRunArgs } from "./check.js";
import { RNG_BLOCK } from "../layout/generated.js";
import { hasLazyRows, isRowLocal, layoutChain } from "../optimizers/chain.js";
import { isConstantOne, layoutLrSchedule } from "../optimizers/lr-schedule.js";
import type { Transform } from "../optimizers/transform.js";
import type { Problem } from "../problems/problem.js";
import { seedState } from "../rng/seed.js";
import type { Core } from "../wasm/load.js";
import { RUN, RUN_BYTES } from "./block.js";
import { useRowUpdates } from "./rows.js";
import type { RunOptions, RunOutput } from "./types.js";
import { stepsWithin } from "../metrics/record-steps.js";


export function runWasm(core: Core, problem: Problem, transforms: readonly Transform[], opts: RunOptions): RunOutput {
  checkCore(core);
  checkRunArgs(problem, transforms, opts);
  const { arena, exports } = core;
  const n = problem.n;
  const recordSteps = stepsWithin(opts.recordSteps, opts.steps);
  const nRecord = recordSteps.length;
  const rowLen = problem.rowLen ?? 0;
  const rowUpdates = useRowUpdates(problem, transforms, opts);
  const exact = opts.recordExactLoss !== false && problem.twinLoss !== undefined;
  const keepWeights = opts.recordWeights !== false;
  // Row-local chains run inside the problem's gradient pass (no gradient array); a full batch
  // hands the exact loss and class losses of a recorded step to the next step's pass.
  const fused = problem.fusedSteps === true && isRowLocal(transforms) && (rowLen === 0 || rowUpdates);
  const spec = opts.classStats ? problem.classStats ?? null : null;
  const deferred = problem.deferredRecords === true && exact;
  const inLoopStats = deferred && spec?.fromRaw !== undefined;
  arena.reset();
  const w = arena.allocF32(n);
  const g = fused ? arena.alloc(16) : arena.allocF32(n);
  const rng = arena.alloc(RNG_BLOCK.bytes);
  arena.u32(rng, 4).set(seedState(opts.seed));
  const prob = problem.layout(arena, rng, opts.seed);
  const chain = layoutChain(arena, transforms, n, rowUpdates ? rowLen : n);
  const steps = arena.alloc(4 * Math.max(nRecord, 1));
  arena.i32(steps, nRecord).set(recordSteps);
  const traj = keepWeights ? arena.allocF32(nRecord * n) : 0;
  const loss = arena.allocF32(nRecord);
  const exactTrace = exact ? arena.alloc(8 * Math.max(nRecord, 1)) : 0;
  const countLen = problem.countFold ?? n;
  const counts = opts.countNonzero ? arena.alloc(4 * countLen) : 0;
  const nRows = rowLen > 0 ? n / rowLen : 0;
  const mark = rowLen > 0 ? arena.alloc(nRows) : 0;
  const touched = rowLen > 0 ? arena.alloc(4 * nRows) : 0;
  const schedule = opts.lrSchedule && !isConstantOne(opts.lrSchedule) ? layoutLrSchedule(arena, opts.lrSchedule, opts.steps) : 0;
  const classes = inLoopStats ? spec!.classes : 0;
  const classTrace = inLoopStats ? arena.alloc(8 * classes * Math.max(nRecord, 1)) : 0;
  const run = arena.alloc(RUN_BYTES);
  const fields: Partial<Record<keyof typeof RUN, number>> = {
    code: problem.code, problem: prob, chain: chain.ptr, nOps: chain.nOps, w, g, n,
    recordSteps: steps, nRecord, trajectory: traj, lossTrace: loss, counts,
    rowLen, mark, touched, rowUpdates: rowUpdates ? 1 : 0, exactLossTrace: exactTrace, lrSchedule: schedule, rng,
    fused: fused ? 1 : 0, classTrace, deferred: deferred ? 1 : 0, classes, countFold: problem.countFold ?? 0,
  };
  const view = arena.view();
  for (const [name, v] of Object.entries(fields)) view.setUint32(run + RUN[name as keyof typeof RUN], v, true);
  if (problem.initialWeights) arena.f32(w, n).set(problem.initialWeights());
  const initialLoss = exact ? exports.problemLoss(problem.code, prob, w) : null;
  const statsOut = spec?.wasm ? arena.alloc(8 * spec.wasmValues!) : 0;
  const statsAt = (): Float64Array => {
    if (!spec!.wasm) return spec!.twin(arena.f32(w, n), arena.f32(g, n));
    spec!.wasm(exports, prob, w, g, statsOut);
    return arena.f64(statsOut, spec!.fields.length * spec!.classes).slice();
  };
  const held = spec && problem.heldOut ? problem.heldOut : null;
  const heldAt = (): number => held!.wasm(exports, prob, w);
  const classStats = spec ? [statsAt()] : null;
  const heldOutLoss = held ? [heldAt()] : null;

  // Calls end at chunk boundaries and, when class statistics are asked for, at recorded steps.
  const chunk = opts.chunk ?? opts.steps;
  let done = 0;
  let nextStats = 0;
  let divergedAt: number | null = null;
  // Class losses the loop wrote itself (fused full-batch runs), read back up to its cursor.
  const loopStats = (): Float64Array[] => {
    const reached = arena.view().getInt32(run + RUN.cursor, true);
    return Array.from({ length: reached }, (_, j) => spec!.fromRaw!(arena.f64(classTrace + 8 * classes * j, classes).slice()));
  };
  // Large arrays as views into WASM memory (valid until the next run on this core) or copies.
  const out = <T extends Float32Array | Uint32Array>(v: T): T => (opts.views ? v : v.slice() as T);
  // The result so far: at the end, and after each chunk for live curves (onChunk).
  const output = (): RunOutput => ({
    steps: done,
    divergedAt,
    finalWeights: out(arena.f32(w, n)),
    recordedSteps: recordSteps,
    trajectory: keepWeights ? out(arena.f32(traj, nRecord * n)) : new Float32Array(0),
    loss: out(arena.f32(loss, nRecord)),
    exactLoss: exact ? arena.f64(exactTrace, nRecord).slice() : null,
    initialLoss,
    rowUpdates,
    nonzeroCounts: counts ? out(arena.u32(counts, countLen)) : null,
    classStats: classStats ? (inLoopStats ? [...classStats, ...loopStats()] : classStats.slice()) : null,
    heldOutLoss: heldOutLoss ? heldOutLoss.slice() : null,
    state: chain.statePtrs.map((ptrs) => ptrs.map((p) => out(arena.f32(p, n)))),
    transforms,
  });

  while (done < opts.steps) {
    let target = Math.min(done + chunk, opts.steps);
    if (spec && !inLoopStats && nextStats < nRecord) target = Math.min(target, recordSteps[nextStats]);
    const ask = target - done;
    const ran = opts.runSteps ? opts.runSteps(run, ask, done === 0) : exports.runSteps(run, ask);
    done += ran;
    opts.onProgress?.(done);
    if (ran < ask) {
      divergedAt = arena.view().getInt32(run + RUN.divergedAt, true);
      break;
    }
    if (spec && !inLoopStats && nextStats < nRecord && done === recordSteps[nextStats]) {
      classStats!.push(statsAt());
      heldOutLoss?.push(heldAt());
      nextStats++;
    }
    opts.onChunk?.(output);
  }
  problem.afterRun?.(arena, prob);
  // Exact lazy Adam: rows the last steps did not touch are brought up to date.
  if (hasLazyRows(transforms)) exports.chainFlush(chain.ptr, chain.nOps, w, done);
  return output();
}
