// Where the six-token experiment's WASM time goes, per step, from the core's exports:
//   gradient     tokensGradient (K = 6, B = 32): the batch's draws (rng.ts drawRecords), the
//                residuals and g
//   chain        chainStep on n = 6 (dispatch, prepare, the fused kernel)
//   run loop     runSteps without recording or counting, and as the experiment runs it
// and, for scale, the per-call samplers on the same number of draws (nextU32 via fillU32,
// normal() via fillNormal). Calls from JS are batched (CALLS per timed sample) so that the
// timer's resolution does not matter; each JS→WASM call costs some ns, counted in. Parts are
// timed in turn, three rounds, and each keeps its fastest sample, not the median: differences
// of parts (loop overhead, recording) would otherwise drown in bursts of load from elsewhere.
// Parts timed alone need not add up: inside the loop the CPU overlaps work that does not wait
// on the gradient (e.g. Adam's β^t in the chain's prepare) with the gradient's own.
import { RNG_BLOCK } from "../src/layout/generated.js";
import { layoutChain } from "../src/optimizers/chain.js";
import type { Transform } from "../src/optimizers/transform.js";
import { seedState } from "../src/rng/seed.js";
import { runWasm } from "../src/loop/wasm.js";
import type { Core } from "../src/wasm/load.js";
import { measure, type Budget } from "./measure.js";
import { tokensSetup, type TokensSetup } from "./tokens.js";

const CALLS = 500;

const ROUNDS = 3;

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

/** ns per call of `call`, batched CALLS to a timed sample; the fastest sample counts. */
function perCall(label: string, call: () => void, budget: Budget): number {
  const t = measure(
    label,
    () => {
      for (let i = 0; i < CALLS; i++) call();
    },
    budget,
  );
  return (t.minMs * 1e6) / CALLS;
}

/** One measurable part: sets up its own memory in the core (the arena is reset) and times. */
type Probe = (budget: Budget) => number;

/** The per-call samplers and the gradient kernel on the tokens problem block. */
function rngProbe(core: Core, s: TokensSetup, part: "gradient" | "nextU32" | "normal"): Probe {
  return (budget) => {
    const { arena, exports } = core;
    const K = s.problem.n;
    arena.reset();
    const w = arena.allocF32(K);
    const g = arena.allocF32(K);
    const rng = arena.alloc(RNG_BLOCK.bytes);
    arena.u32(rng, 4).set(seedState(0));
    const prob = s.problem.layout(arena, rng);
    const draws = Math.round(drawsPerStep(s.batch, K));
    const out = arena.alloc(8 * Math.max(draws, s.batch));
    if (part === "gradient") return perCall(part, () => exports.tokensGradient(prob, w, g), budget);
    if (part === "nextU32") return perCall(part, () => exports.fillU32(rng, out, draws), budget);
    return perCall(part, () => exports.fillNormal(rng, out, s.batch), budget);
  };
}

/** chainStep alone on n = K: the fused sgd and adam kernels leave u as it is, so no refill. */
function chainProbe(core: Core, chain: Transform[], n: number): Probe {
  return (budget) => {
    const { arena, exports } = core;
    arena.reset();
    const w = arena.allocF32(n);
    const u = arena.allocF32(n);
    arena.f32(u, n).fill(0.01);
    const laid = layoutChain(arena, chain, n);
    let t = 0;
    return perCall("chain", () => exports.chainStep(laid.ptr, laid.nOps, w, u, n, 0, 0, 0, ++t, 1), budget);
  };
}

/** A whole run of one optimizer (runWasm resets the arena itself), per step. */
function runProbe(core: Core, s: TokensSetup, k: number, record: boolean): Probe {
  const options = record ? s.options : { ...s.options, recordSteps: [], countNonzero: false };
  return (budget) => {
    const t = measure("run", () => runWasm(core, s.problem, s.chains[k], options), budget);
    return (t.minMs * 1e6) / s.options.steps;
  };
}

/** Every probe ROUNDS times in turn, keeping each one's fastest: bursts of load hit all alike. */
function fastestOf(probes: Probe[], budget: Budget): number[] {
  const round = { ...budget, time: budget.time / ROUNDS };
  const best = probes.map(() => Infinity);
  for (let r = 0; r < ROUNDS; r++)
    probes.forEach((probe, i) => {
      best[i] = Math.min(best[i], probe(round));
    });
  return best;
}

export function profileTokens(core: Core, budget: Budget): ProfileRow[] {
  const s = tokensSetup();
  const K = s.problem.n;
  const draws = Math.round(drawsPerStep(s.batch, K));
  const probes: Probe[] = [rngProbe(core, s, "gradient"), rngProbe(core, s, "nextU32"), rngProbe(core, s, "normal")];
  s.chains.forEach((chain, k) => probes.push(chainProbe(core, chain, K), runProbe(core, s, k, false), runProbe(core, s, k, true)));
  const [gradient, nextU32, normals, ...perOptimizer] = fastestOf(probes, budget);

  const rows: ProfileRow[] = [
    { part: "gradient (draws, residuals, g)", nsPerStep: gradient, note: `tokensGradient, K=${K}, B=${s.batch}` },
    { part: "for scale: per-call nextU32", nsPerStep: nextU32, note: `fillU32 × ${draws}, a step's draws` },
    { part: "for scale: per-call normal()", nsPerStep: normals, note: `fillNormal × ${s.batch}, a step's normals` },
  ];
  s.optimizers.forEach((name, k) => {
    const [step, bare, full] = perOptimizer.slice(3 * k, 3 * k + 3);
    rows.push(
      { part: `${name}: chain step`, nsPerStep: step, note: `chainStep, n=${K}` },
      { part: `${name}: run loop, nothing recorded`, nsPerStep: bare, note: "runWasm without records or counts" },
      { part: `${name}: run loop, as the experiment`, nsPerStep: full, note: "w and loss every step, non-zero counts" },
      { part: `${name}: run loop − gradient`, nsPerStep: bare - gradient, note: "chain, dispatch, checks (derived)" },
      { part: `${name}: recording + counting`, nsPerStep: full - bare, note: "as the experiment − nothing recorded" },
    );
  });
  return rows;
}
