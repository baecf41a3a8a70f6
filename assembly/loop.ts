// The run loop: many steps per call, no JS round trip per step.
//   for each step t: gradient (problem kernel) → divergence check → non-zero counts
//                    → optimizer chain → record (at the scheduled steps)
//
// Run block (src/wasm/run.ts mirrors it), all 4-byte fields:
//   +0 problem code   +4 problem ptr   +8 chain ptr   +12 nOps
//   +16 w ptr         +20 g ptr        +24 n          +28 t (steps done; advanced here)
//   +32 record-steps ptr (i32, ascending)  +36 nRecord  +40 record cursor (advanced here)
//   +44 trajectory ptr (f32 nRecord×n)     +48 loss-trace ptr (f32 nRecord)
//   +52 non-zero-gradient counts ptr (u32 n, 0 = off)
//   +56 diverged at step (i32, 0 = finite so far)  +60 last batch loss (f32)
import { ProblemCode } from "./problems/codes";
import { tokensGradient } from "./problems/tokens";
import { chainStep } from "./optimizers/chain";

export const RUN_BYTES: usize = 64;

function gradient(code: u32, prob: usize, w: usize, g: usize): f64 {
  switch (code) {
    case ProblemCode.Tokens: return tokensGradient(prob, w, g);
    default: unreachable();
  }
  return 0;
}

function countNonzero(g: usize, counts: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    store<u32>(counts + o, load<u32>(counts + o) + <u32>(load<f32>(g + o) != 0));
  }
}

/** Runs up to `steps` steps; returns how many ran (fewer if the loss went NaN/Inf). */
export function runSteps(run: usize, steps: i32): i32 {
  const code = load<u32>(run, 0);
  const prob = load<usize>(run, 4);
  const chain = load<usize>(run, 8);
  const nOps = load<i32>(run, 12);
  const w = load<usize>(run, 16);
  const g = load<usize>(run, 20);
  const n = load<i32>(run, 24);
  const recordSteps = load<usize>(run, 32);
  const nRecord = load<i32>(run, 36);
  const traj = load<usize>(run, 44);
  const lossTrace = load<usize>(run, 48);
  const counts = load<usize>(run, 52);
  const rowBytes = <usize>n << 2;
  let t = load<i32>(run, 28);
  let cursor = load<i32>(run, 40);
  let done = 0;
  while (done < steps) {
    t++;
    const loss = gradient(code, prob, w, g);
    store<f32>(run, <f32>loss, 60);
    if (!isFinite(loss)) {
      store<i32>(run, t, 56);
      break;
    }
    if (counts != 0) countNonzero(g, counts, n);
    chainStep(chain, nOps, w, g, n, 0, 0, 0, t, 1.0);
    if (cursor < nRecord && load<i32>(recordSteps + (<usize>cursor << 2)) == t) {
      memory.copy(traj + <usize>cursor * rowBytes, w, rowBytes);
      store<f32>(lossTrace + (<usize>cursor << 2), <f32>loss);
      cursor++;
    }
    done++;
  }
  store<i32>(run, t - (done < steps ? 1 : 0), 28);
  store<i32>(run, cursor, 40);
  return done;
}
