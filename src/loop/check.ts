// The arguments of runWasm and runTwin checked before a byte of memory is laid out: a problem
// (from a problem constructor), a chain of transforms, and run options whose steps, seed and
// recorded steps are integers in range. A ConfigError names the argument.
import { argHas, argInteger, argList, argObject } from "../config/args.js";
import { checkTransforms } from "../optimizers/chain.js";
import type { Transform } from "../optimizers/transform.js";
import type { Problem } from "../problems/problem.js";
import { MAX_SEED } from "../rng/seed.js";
import type { Core } from "../wasm/load.js";
import type { LoopOptions } from "./types.js";
import { ConfigError } from "../config/error.js";

/** Most steps one run takes (the configs' own limit). */
const MAX_STEPS = 1_000_000_000;

export function checkCore(core: unknown): Core {
  const c = argHas<Core>("core", core, ["exports", "arena"], "a loaded core (loadCore())");
  argHas("core.arena", c.arena, ["alloc", "reset"], "a core's arena");
  return c;
}

export function checkRunArgs(problem: unknown, transforms: unknown, opts: unknown): void {
  const p = argHas<Problem>(
    "problem",
    problem,
    ["code", "n", "layout", "twinGradient"],
    "a problem (quadraticProblem, bigramSquareProblem, …)",
  );
  argInteger("problem.n", p.n, 1);
  checkTransforms("transforms", transforms as readonly Transform[]);
  const o = argObject<LoopOptions>("opts", opts, "run options {steps, seed, recordSteps, …}");
  argInteger("opts.steps", o.steps, 1, MAX_STEPS);
  argInteger("opts.seed", o.seed, 0, MAX_SEED);
  const record = argList<number>("opts.recordSteps", o.recordSteps);
  for (let j = 0; j < record.length; j++) {
    if (!(Number.isSafeInteger(record[j]) && record[j] >= 1 && (j === 0 || record[j] > record[j - 1]))) {
      throw new ConfigError(`opts.recordSteps[${j}]`, `must be an integer step ≥ 1, ascending (got ${String(record[j])})`);
    }
  }
  if (o.chunk !== undefined) argInteger("opts.chunk", o.chunk, 1);
  if (o.updates !== undefined && o.updates !== "auto" && o.updates !== "dense" && o.updates !== "rows") {
    throw new ConfigError("opts.updates", `must be "auto", "dense" or "rows" (got ${JSON.stringify(o.updates)})`);
  }
}
