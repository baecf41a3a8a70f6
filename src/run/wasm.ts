// Runs a problem with an optimizer chain in the WASM core: lays out memory, seeds the
// generator, calls runSteps in chunks (many steps per call), and copies results out.
import { layoutChain } from "../optimizers/chain.js";
import type { Transform } from "../optimizers/transform.js";
import type { Problem } from "../problems/problem.js";
import { seedState } from "../rng/seed.js";
import type { Core } from "../wasm/load.js";
import type { RunOptions, RunOutput } from "./types.js";

const RNG_BYTES = 32;
const RUN_BYTES = 64;

export function runWasm(core: Core, problem: Problem, transforms: readonly Transform[], opts: RunOptions): RunOutput {
  const { arena, exports } = core;
  const n = problem.n;
  const recordSteps = opts.recordSteps.filter((s) => s >= 1 && s <= opts.steps);
  const nRecord = recordSteps.length;
  arena.reset();
  const w = arena.allocF32(n);
  const g = arena.allocF32(n);
  const rng = arena.alloc(RNG_BYTES);
  arena.u32(rng, 4).set(seedState(opts.seed));
  const prob = problem.layout(arena, rng);
  const chain = layoutChain(arena, transforms, n);
  const steps = arena.alloc(4 * Math.max(nRecord, 1));
  arena.i32(steps, nRecord).set(recordSteps);
  const traj = arena.allocF32(nRecord * n);
  const loss = arena.allocF32(nRecord);
  const counts = opts.countNonzero ? arena.alloc(4 * n) : 0;
  const run = arena.alloc(RUN_BYTES);
  const view = arena.view();
  const fields = [problem.code, prob, chain.ptr, chain.nOps, w, g, n, 0, steps, nRecord, 0, traj, loss, counts, 0];
  fields.forEach((v, i) => view.setUint32(run + 4 * i, v, true));

  const chunk = opts.chunk ?? opts.steps;
  let done = 0;
  let divergedAt: number | null = null;
  while (done < opts.steps) {
    const ask = Math.min(chunk, opts.steps - done);
    const ran = exports.runSteps(run, ask);
    done += ran;
    opts.onProgress?.(done);
    if (ran < ask) {
      divergedAt = arena.view().getInt32(run + 56, true);
      break;
    }
  }
  return {
    steps: done,
    divergedAt,
    finalWeights: arena.f32(w, n).slice(),
    recordedSteps: recordSteps,
    trajectory: arena.f32(traj, nRecord * n).slice(),
    loss: arena.f32(loss, nRecord).slice(),
    nonzeroCounts: counts ? arena.u32(counts, n).slice() : null,
    state: chain.statePtrs.map((ptrs) => ptrs.map((p) => arena.f32(p, n).slice())),
    transforms,
  };
}
