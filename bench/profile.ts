// Where the six-token experiment's WASM time goes, per step, from the core's exports:
//   gradient     tokensGradient (K = 6, B = 32): the batch's draws (rng.ts drawRecords), the
//                residuals and g
//   chain        chainStep on n = 6 (dispatch, prepare, the fused kernel)
//   run loop     runSteps without recording or counting, and as the experiment runs it
// and, for scale, the per-call samplers on the same number of draws (nextU32 via fillU32,
// normal() via fillNormal). Calls from JS are batched (CALLS per timed sample) so that the
// timer's resolution does not matter; each JS→WASM call costs some ns, counted in. Parts are
// the fastest sample, not the median: differences of parts (loop overhead, recording) would
// otherwise be swamped by bursts of load from elsewhere on a small shared machine.
import { layoutChain } from "../src/optimizers/chain.js";
import type { Transform } from "../src/optimizers/transform.js";
import { seedState } from "../src/rng/seed.js";
import { runWasm } from "../src/run/wasm.js";
import type { Core } from "../src/wasm/load.js";
import { measure, type Budget } from "./measure.js";
import { tokensSetup, type TokensSetup } from "./tokens.js";

const CALLS = 500;
const RNG_BYTES = 32;

export interface ProfileRow {
  part: string;
  /** ns per step of one optimizer run. */
  nsPerStep: number;
  note: string;
}

/** Expected u32 draws per six-token step: B·K uniforms + B/2 polar pairs × 2 × 4/π tries. */
export function drawsPerStep(batch: number, features: number): number {
  return batch * features + batch * (4 / Math.PI);
}

function perCall(label: string, call: () => void, budget: Budget): number {
  const t = measure(label, () => {
    for (let i = 0; i < CALLS; i++) call();
  }, budget);
  return (t.minMs * 1e6) / CALLS;
}

function perRunStep(core: Core, s: TokensSetup, k: number, record: boolean, budget: Budget): number {
  const options = record ? s.options : { ...s.options, recordSteps: [], countNonzero: false };
  const t = measure(`run ${s.optimizers[k]} record=${record}`, () => runWasm(core, s.problem, s.chains[k], options), budget);
  return (t.minMs * 1e6) / s.options.steps;
}

/** chainStep alone on n = K: the fused sgd and adam kernels leave u as it is, so no refill. */
function perChainStep(core: Core, chain: Transform[], n: number, label: string, budget: Budget): number {
  const { arena, exports } = core;
  arena.reset();
  const w = arena.allocF32(n);
  const u = arena.allocF32(n);
  arena.f32(u, n).fill(0.01);
  const laid = layoutChain(arena, chain, n);
  let t = 0;
  return perCall(label, () => exports.chainStep(laid.ptr, laid.nOps, w, u, n, 0, 0, 0, ++t, 1), budget);
}

export function profileTokens(core: Core, budget: Budget): ProfileRow[] {
  const s = tokensSetup();
  const { arena, exports } = core;
  const K = s.problem.n;
  const B = s.batch;
  arena.reset();
  const w = arena.allocF32(K);
  const g = arena.allocF32(K);
  const rng = arena.alloc(RNG_BYTES);
  arena.u32(rng, 4).set(seedState(0));
  const prob = s.problem.layout(arena, rng);
  const draws = Math.round(drawsPerStep(B, K));
  const out = arena.alloc(8 * Math.max(draws, B));
  const gradient = perCall("gradient", () => exports.tokensGradient(prob, w, g), budget);
  const nextU32 = perCall("nextU32", () => exports.fillU32(rng, out, draws), budget);
  const normals = perCall("normal", () => exports.fillNormal(rng, out, B), budget);

  const rows: ProfileRow[] = [
    { part: "gradient (draws, residuals, g)", nsPerStep: gradient, note: `tokensGradient, K=${K}, B=${B}` },
    { part: "for scale: per-call nextU32", nsPerStep: nextU32, note: `fillU32 × ${draws}, a step's draws` },
    { part: "for scale: per-call normal()", nsPerStep: normals, note: `fillNormal × ${B}, a step's normals` },
  ];
  s.chains.forEach((chain, k) => {
    const name = s.optimizers[k];
    const step = perChainStep(core, chain, K, `chain ${name}`, budget);
    const bare = perRunStep(core, s, k, false, budget);
    const full = perRunStep(core, s, k, true, budget);
    rows.push(
      { part: `${name}: chain step`, nsPerStep: step, note: `chainStep, n=${K}` },
      { part: `${name}: run loop, nothing recorded`, nsPerStep: bare, note: "runWasm without records or counts" },
      { part: `${name}: run loop, as the experiment`, nsPerStep: full, note: "w and loss every step, non-zero counts" },
      { part: `${name}: loop overhead`, nsPerStep: bare - gradient - step, note: "loop − gradient − chain" },
      { part: `${name}: recording + counting`, nsPerStep: full - bare, note: "as the experiment − nothing recorded" },
    );
  });
  return rows;
}
