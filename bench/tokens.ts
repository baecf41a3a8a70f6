// The six-token experiment end to end, in process: both optimizers of the default config
// (src/experiments/tokens/config.ts: sgd and adam, 3000 steps each, batch 32, lr 0.05,
// seed 0), on the WASM run loop (runWasm) and on the plain-TS twin (runTwin), recording w
// and the loss after every step and counting non-zero gradients, as the experiment does.
// One timed call = both optimizers' full runs, including laying out memory and copying out.
// Before timing, the WASM and twin runs are checked to agree bit for bit.
import { resolveTokensConfig } from "../src/experiments/tokens/config.js";
import { fuse } from "../src/optimizers/chain.js";
import { buildChain } from "../src/optimizers/registry.js";
import type { Transform } from "../src/optimizers/transform.js";
import { tokensProblem } from "../src/problems/tokens/problem.js";
import type { Problem } from "../src/problems/problem.js";
import { runTwin } from "../src/loop/twin.js";
import type { LoopOptions, LoopOutput } from "../src/loop/types.js";
import { runWasm } from "../src/loop/wasm.js";
import type { Core } from "../src/wasm/load.js";
import { combine, measure, type Budget, type Timing } from "./measure.js";

export interface TokensSetup {
  optimizers: string[];
  batch: number;
  problem: Problem;
  /** A new problem with the same spec (no recorded stream yet). */
  fresh(): Problem;
  chains: Transform[][];
  options: LoopOptions;
}

export function tokensSetup(): TokensSetup {
  const config = resolveTokensConfig();
  const spec = {
    frequencies: config.tokens.map((t) => t.frequency),
    trueWeights: config.tokens.map((t) => t.trueWeight),
    noise: config.noise,
    batch: config.batch,
    shareStream: config.steps, // as the experiment: the second optimizer replays the first's batches
  };
  return {
    fresh: () => tokensProblem(spec),
    optimizers: config.optimizers.map((o) => o.name),
    batch: config.batch,
    problem: tokensProblem({ ...spec, shareStream: 0 }),
    chains: config.optimizers.map((o) => fuse(buildChain(o))),
    options: {
      steps: config.steps,
      seed: config.seed,
      recordSteps: Array.from({ length: config.steps }, (_, i) => i + 1),
      countNonzero: true,
    },
  };
}

/** As the experiment: a fresh problem per call, so the first optimizer draws (and records) the
 * batches and the others replay them — never a stream kept from an earlier call. */
export function runAllWasm(core: Core, s: TokensSetup): LoopOutput[] {
  const problem = s.fresh();
  return s.chains.map((chain) => runWasm(core, problem, chain, s.options));
}

export function runAllTwin(s: TokensSetup): LoopOutput[] {
  return s.chains.map((chain) => runTwin(s.problem, chain, s.options));
}

const sameBits = (a: ArrayLike<number> | null, b: ArrayLike<number> | null) =>
  a === b ||
  (a !== null && b !== null && a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => Object.is(x, b[i])));

/** WASM and twin runs agree bit for bit: weights, trajectories, losses, non-zero counts. */
export function identicalRuns(a: LoopOutput[], b: LoopOutput[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) =>
        x.steps === b[i].steps &&
        sameBits(x.finalWeights, b[i].finalWeights) &&
        sameBits(x.trajectory, b[i].trajectory) &&
        sameBits(x.loss, b[i].loss) &&
        sameBits(x.nonzeroCounts, b[i].nonzeroCounts),
    )
  );
}

export interface TokensTiming {
  optimizers: string[];
  steps: number;
  identical: boolean;
  /** The very first WASM call of this core (Liftoff code, before V8 tiers up to TurboFan). */
  firstMs: number;
  wasm: Timing;
  twin: Timing;
}

/** WASM and twin are timed in turn, ROUNDS rounds each, so that bursts of load hit both. */
const ROUNDS = 3;

export function benchTokens(core: Core, budgets: { wasm: Budget; twin: Budget }): TokensTiming {
  const setup = tokensSetup();
  const start = performance.now();
  const first = runAllWasm(core, setup);
  const firstMs = performance.now() - start;
  const identical = identicalRuns(first, runAllTwin(setup));
  const wasm: Timing[] = [];
  const twin: Timing[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    wasm.push(measure("tokens wasm", () => runAllWasm(core, setup), { ...budgets.wasm, time: budgets.wasm.time / ROUNDS }));
    twin.push(measure("tokens twin", () => runAllTwin(setup), { ...budgets.twin, time: budgets.twin.time / ROUNDS }));
  }
  return {
    optimizers: setup.optimizers,
    steps: setup.options.steps,
    identical,
    firstMs,
    wasm: combine(wasm),
    twin: combine(twin),
  };
}
