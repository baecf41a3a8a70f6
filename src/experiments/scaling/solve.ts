// Steps to each target for one (optimizer, law, step size): the exact reduced model where the
// reduction holds, the brute-force d×d model otherwise (or when asked).
//   sgd         reduced always (closed form, any π and q)
//   sign        reduced always (closed form of the ramp and the two-value oscillation)
//   adam, ε = 0 reduced (d coordinates on the WASM quadratic kernel)
//   adam, ε > 0 brute force: ε breaks the invariance to π_i
import type { Core } from "../../wasm/load.js";
import type { BigramLaw } from "./bigram-law.js";
import { bruteStepsTo, scalingChain, type AdamHyper } from "./brute.js";
import { runReducedAdam } from "./reduced-adam.js";
import { reducedGd } from "./reduced-gd.js";
import { reducedSign } from "./reduced-sign.js";
import type { Target } from "./steps-to-eps.js";
import type { ScalingMethod } from "../../results/scaling.js";

export type Method = "reduced" | "brute";

/** Whether the reduced model covers this optimizer. */
export function reducible(optimizer: ScalingMethod, adam: AdamHyper): boolean {
  return optimizer !== "adam" || adam.eps === 0;
}

export interface SolveContext {
  core: Core;
  law: BigramLaw;
  /** The Zipf exponent and ranking seed of the brute-force model. */
  alpha: number;
  adam: AdamHyper;
  stepsMax: number;
  method: Method;
}

export function stepsToTargets(
  ctx: SolveContext,
  optimizer: ScalingMethod,
  lr: number,
  targets: readonly Target[],
  bounds: readonly (number | null)[] = [],
): (number | null)[] {
  if (ctx.method === "brute") {
    return bruteStepsTo(ctx.core, { d: ctx.law.d, alpha: ctx.alpha }, scalingChain(optimizer, lr, ctx.adam), targets, ctx.stepsMax, bounds);
  }
  if (!reducible(optimizer, ctx.adam)) throw new Error(`${optimizer} with these settings has no reduced model`);
  switch (optimizer) {
    case "sgd": {
      const gd = reducedGd(ctx.law, lr);
      const any = gd.stepsTo(
        targets.map((t) => t.eps),
        ctx.stepsMax,
      );
      // ln R is convex, so {t : R(t) ≤ ε} is an interval: the first step of the other parity is
      // the next one if it is still in it.
      return targets.map((target, j) => {
        const t = any[j];
        if (t === null || target.parity === "any" || (t % 2 === 0) === (target.parity === "even")) return t;
        return t + 1 <= ctx.stepsMax && gd.relativeLoss(t + 1) <= target.eps ? t + 1 : null;
      });
    }
    case "sign": {
      const sign = reducedSign(ctx.law, lr);
      return targets.map(({ eps, parity }) => {
        if (parity !== "any") return sign.stepsTo(eps, parity, ctx.stepsMax);
        const hits = [sign.stepsTo(eps, "even", ctx.stepsMax), sign.stepsTo(eps, "odd", ctx.stepsMax)].filter((t) => t !== null);
        return hits.length > 0 ? Math.min(...hits) : null;
      });
    }
    case "adam":
      return runReducedAdam(ctx.core, ctx.law, { lr, b1: ctx.adam.b1, b2: ctx.adam.b2 }, { targets, stepsMax: ctx.stepsMax, bounds }).hits;
  }
}
