// Steps to ε: the first step t at which the relative loss R(t) = (L(t) − L*)/(L(0) − L*) is
// ≤ ε. Sign descent zig-zags, so R is not monotone and the first step depends on which
// iterates are looked at: a target also names a parity — any step, even steps only, or odd
// steps only (step 0, the start, counts as even).
import type { StepParity } from "../../results/scaling.js";
export interface Target {
  eps: number;
  parity: StepParity;
}

export function matchesParity(t: number, parity: StepParity): boolean {
  return parity === "any" || (t % 2 === 0) === (parity === "even");
}

export function targetKey(target: Target): string {
  return `${target.eps}/${target.parity}`;
}

/** The targets ε × parities, in that order. */
export function targetsOf(epsList: readonly number[], parities: readonly StepParity[]): Target[] {
  return epsList.flatMap((eps) => parities.map((parity) => ({ eps, parity })));
}

/**
 * Watches R(t) step by step and keeps the first hit of each target. `bounds[j]` (optional) is a
 * step count already achieved for target j elsewhere (another step size): past it this run can
 * no longer improve on j, so `resolved` lets the caller stop once every target is hit or beaten.
 */
export class HitTracker {
  readonly hits: (number | null)[];
  private open: number;

  constructor(
    readonly targets: readonly Target[],
    private readonly bounds: readonly (number | null)[] = [],
  ) {
    this.hits = targets.map(() => null);
    this.open = targets.length;
  }

  observe(t: number, relative: number): void {
    if (this.open === 0) return;
    this.targets.forEach((target, j) => {
      if (this.hits[j] === null && relative <= target.eps && matchesParity(t, target.parity)) {
        this.hits[j] = t;
        this.open--;
      }
    });
  }

  /** Every target is hit, or its bound is passed at step t (nothing left to learn past t). */
  resolved(t: number): boolean {
    if (this.open === 0) return true;
    return this.targets.every((_, j) => this.hits[j] !== null || (this.bounds[j] ?? Infinity) <= t);
  }
}

/** First hits of each target on a recorded curve R(0), R(1), …, R(T). */
export function hitsOnCurve(curve: ArrayLike<number>, targets: readonly Target[]): (number | null)[] {
  const tracker = new HitTracker(targets);
  for (let t = 0; t < curve.length; t++) tracker.observe(t, curve[t]);
  return tracker.hits;
}
