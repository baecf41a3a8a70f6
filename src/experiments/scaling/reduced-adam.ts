// Full-batch Adam with ε = 0 on the bigram square loss, on d coordinates instead of d².
//
// Adam's direction m̂/√v̂ is unchanged when a coordinate's gradients are all multiplied by the
// same c > 0 (m scales by c, √v by c) once ε = 0. Entry (k, i) of the bigram model sees the
// gradient π_i (W_ki − p_ik), so it follows exactly the path that coordinate r of the unweighted
// quadratic ½‖w − q‖² follows when q_r = p_ik — and every row holds the values q. Hence
//   L(t) − L* = ½ (Σ_i π_i) ‖w(t) − q‖²,   R(t) = ‖w(t) − q‖² / ‖q‖²,
// computed here by the WASM quadratic kernel (weights "ones") and the fused Adam kernel, one
// call each per step, so that a run can stop as soon as its targets are settled.
//
// The run is in f32 like the brute-force model, whose gradients carry the factor π_i: the
// two differ by f32 rounding only (test/experiments/scaling/reduced-models.test.ts measures how much).
import { argInteger, argList, argNumber, argObject } from "../../config/args.js";
import { checkCore } from "../../loop/check.js";
import { checkLaw } from "./bigram-law.js";
import { chain, fuse, layoutChain } from "../../optimizers/chain.js";
import { scaleByAdam } from "../../optimizers/adam.js";
import { apply, scale } from "../../optimizers/scale.js";
import type { Core } from "../../wasm/load.js";
import type { BigramLaw } from "./bigram-law.js";
import { HitTracker, type Target } from "./steps-to-eps.js";
import { quadraticProblem } from "../../problems/quadratic/declaration.js";
import { ConfigError } from "../../config/error.js";

export interface AdamSettings {
  lr: number;
  b1: number;
  b2: number;
}

export interface AdamRunOptions {
  /** The run stops once each is hit or beaten (with none, it runs stepsMax steps). */
  targets: readonly Target[];
  stepsMax: number;
  /** Per target, a step count already achieved (the run stops once it cannot do better). */
  bounds?: readonly (number | null)[];
  /** Keep R(0), R(1), … (default false). */
  keepCurve?: boolean;
}

export interface AdamRun {
  hits: (number | null)[];
  /** Steps taken. */
  steps: number;
  /** The step at which the loss became NaN/Inf, or null. */
  divergedAt: number | null;
  /** R(t) for t = 0 … steps, when asked for. */
  curve: Float64Array | null;
}

export function runReducedAdam(core: Core, law: BigramLaw, adam: AdamSettings, opts: AdamRunOptions): AdamRun {
  checkCore(core);
  checkLaw(law);
  const a = argObject<AdamSettings>("adam", adam, "Adam's settings {lr, b1, b2}");
  argNumber("adam.lr", a.lr, Number.MIN_VALUE);
  argNumber("adam.b1", a.b1, 0, 1 - Number.EPSILON);
  argNumber("adam.b2", a.b2, 0, 1 - Number.EPSILON);
  const o = argObject<AdamRunOptions>("opts", opts, "run options {targets, stepsMax, …}");
  Array.from(argList<Target>("opts.targets", o.targets)).forEach((t, j) => {
    if (!(t !== null && typeof t === "object" && t.eps > 0 && t.eps < 1 && ["any", "even", "odd"].includes(t.parity))) {
      throw new ConfigError(`opts.targets[${j}]`, 'must be {eps in (0, 1), parity "any" | "even" | "odd"}');
    }
  });
  argInteger("opts.stepsMax", o.stepsMax, 1, 1_000_000_000);
  const { arena, exports } = core;
  const d = law.d;
  arena.reset();
  const problem = quadraticProblem({ d, target: Array.from(law.row), weights: "ones" });
  const w = arena.allocF32(d);
  const g = arena.allocF32(d);
  const prob = problem.layout(arena, 0);
  const transforms = fuse(chain(scaleByAdam({ b1: adam.b1, b2: adam.b2, eps: 0 }), scale(-adam.lr), apply()));
  const adamChain = layoutChain(arena, transforms, d);
  const tracker = new HitTracker(opts.targets, opts.bounds);
  const curve: number[] | null = opts.keepCurve ? [] : null;

  let initial = 0;
  let t = 0;
  let divergedAt: number | null = null;
  for (;;) {
    // The gradient kernel returns f(w_t) = ½‖w_t − q‖² before the step that leaves w_t.
    const loss = exports.quadraticGradient(prob, w, g);
    if (t === 0) initial = loss;
    if (!Number.isFinite(loss)) {
      divergedAt = t;
      break;
    }
    const relative = loss / initial;
    curve?.push(relative);
    tracker.observe(t, relative);
    if (t >= opts.stepsMax || (opts.targets.length > 0 && tracker.resolved(t))) break;
    t++;
    exports.chainStep(adamChain.ptr, adamChain.nOps, w, g, d, 0, 0, 0, t, 1);
  }
  return { hits: tracker.hits, steps: t, divergedAt, curve: curve ? Float64Array.from(curve) : null };
}
