// The brute-force path: the d×d bigram model itself (src/problems/bigram-square/) in the WASM
// core, in f32, with the exact loss recorded at every step. It covers every setting (Adam with
// ε > 0, …) at the price of d² memory and time; the reduced models are checked against it.
import { chain, fuse } from "../../optimizers/chain.js";
import { scaleByAdam } from "../../optimizers/adam.js";
import { apply, scale } from "../../optimizers/scale.js";
import { sign } from "../../optimizers/sign.js";
import type { Transform } from "../../optimizers/transform.js";
import { runWasm } from "../../loop/wasm.js";
import type { Core } from "../../wasm/load.js";
import { hitsOnCurve, type Target } from "./steps-to-eps.js";
import type { ScalingMethod } from "../../results/scaling.js";
import { bigramSquareProblem } from "../../problems/bigram-square/declaration.js";
import type { BigramSquareInput } from "../../problems/bigram-square/declaration.js";

export interface AdamHyper {
  b1: number;
  b2: number;
  eps: number;
}

/** The optimizer as a (fused) chain: sgd = scale(−η), sign = sign ∘ scale(−η), adam = Adam ∘ scale(−η). */
export function scalingChain(optimizer: ScalingMethod, lr: number, adam: AdamHyper): Transform[] {
  const direction = optimizer === "sgd" ? [] : optimizer === "sign" ? [sign()] : [scaleByAdam(adam)];
  return fuse(chain(...direction, scale(-lr), apply()));
}

export interface BruteCurve {
  /** R(t) for t = 0 … steps run (shorter if the loss went NaN/Inf). */
  relative: Float64Array;
  /** L(t) − L* for the same steps. */
  excess: Float64Array;
}

/** Runs T steps of the full-batch bigram model and returns its loss curve at every step. */
export function bruteCurve(core: Core, problem: BigramSquareInput, transforms: readonly Transform[], steps: number): BruteCurve {
  const model = bigramSquareProblem({ ...problem, batch: "full" });
  const out = runWasm(core, model, transforms, {
    steps,
    seed: 0,
    recordSteps: Array.from({ length: steps }, (_, j) => j + 1),
    recordWeights: false,
  });
  const ran = out.recordedSteps.filter((s) => s <= out.steps).length;
  const excess = new Float64Array(ran + 1);
  excess[0] = out.initialLoss! - model.optimalLoss;
  for (let j = 0; j < ran; j++) excess[j + 1] = out.exactLoss![j] - model.optimalLoss;
  return { relative: excess.map((e) => e / excess[0]), excess };
}

/** Steps of the first brute-force horizon; it doubles until every target is settled. */
const FIRST_HORIZON = 1024;

/**
 * First hits of the targets by brute force. The run is repeated on doubling horizons (at most
 * twice the work of the last one) until every target is hit or past its bound (a count already
 * achieved elsewhere), the loss went NaN/Inf, or stepsMax is reached.
 */
export function bruteStepsTo(
  core: Core,
  problem: BigramSquareInput,
  transforms: readonly Transform[],
  targets: readonly Target[],
  stepsMax: number,
  bounds: readonly (number | null)[] = [],
): (number | null)[] {
  let horizon = Math.min(stepsMax, FIRST_HORIZON);
  for (;;) {
    const curve = bruteCurve(core, problem, transforms, horizon).relative;
    const hits = hitsOnCurve(curve, targets);
    const settled = hits.every((t, j) => t !== null || (bounds[j] ?? Infinity) <= horizon);
    if (settled || curve.length <= horizon || horizon >= stepsMax) return hits;
    horizon = Math.min(stepsMax, 2 * horizon);
  }
}
