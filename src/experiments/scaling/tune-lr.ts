// Step sizes tuned per horizon on a log lattice (half-decades by default, as in the papers).
//
// The sweep rule (src/tuning/step-size-rule.ts) picks, for a horizon T, the step size with the lowest
// worst-seed loss at T, a diverged run (NaN/Inf or above 1.5× its initial loss) scoring its
// initial loss; ties go to the smaller step. Full batch is deterministic (one seed), and the
// steps to ε under that rule are the first T at which the tuned loss is ≤ ε, i.e.
//   min over η of (first t with R_η(t) ≤ ε),
// because a run with R_η(T) ≤ ε < 1 is never diverged at T, and one step size reaching ε at T
// is all the rule needs. Per parity likewise. So each target's tuned count is a minimum over
// the lattice, and the walk below finds it without visiting every lattice point: from a start,
// up and then down, until `patience` consecutive points improved no target. A run can stop
// once it cannot beat the counts already found (the bounds passed to `evaluate`).
import { logSpaced } from "../../sweep/values.js";

export interface LatticeOptions {
  lrMin: number;
  lrMax: number;
  /** Lattice points per decade (2 = half-decades). */
  perDecade: number;
  /** Consecutive non-improving points before a direction is given up. */
  patience: number;
  /** Skip the points below the start (where they provably cannot do better). */
  skipBelowStart?: boolean;
}

/** Steps to each target with step size lr; bounds[j] = best count so far (null = none). */
export type EvaluateLr = (lr: number, bounds: readonly (number | null)[]) => (number | null)[];

export interface TunedTarget {
  steps: number | null;
  lr: number | null;
  /** The chosen step size is an end of the lattice: the optimum may lie beyond. */
  edge: "smallest" | "largest" | null;
}

export interface LatticeTuning {
  targets: TunedTarget[];
  /** Every point visited, ascending in lr. */
  visited: { lr: number; steps: (number | null)[] }[];
}

export function lrLattice(opts: Pick<LatticeOptions, "lrMin" | "lrMax" | "perDecade">): number[] {
  return logSpaced(opts.lrMin, opts.lrMax, opts.perDecade);
}

export function tuneOnLattice(evaluate: EvaluateLr, targetCount: number, start: number, opts: LatticeOptions): LatticeTuning {
  const lattice = lrLattice(opts);
  const best: { steps: number | null; k: number }[] = Array.from({ length: targetCount }, () => ({ steps: null, k: -1 }));
  const visited = new Map<number, (number | null)[]>();

  /** Evaluates lattice point k; true if it strictly improved some target. */
  function visit(k: number): boolean {
    const steps = evaluate(
      lattice[k],
      best.map((b) => b.steps),
    );
    visited.set(k, steps);
    let improved = false;
    steps.forEach((s, j) => {
      const b = best[j];
      if (s === null) return;
      if (b.steps === null || s < b.steps) {
        best[j] = { steps: s, k };
        improved = true;
      } else if (s === b.steps && k < b.k) {
        best[j] = { steps: s, k }; // ties → the smaller step size
      }
    });
    return improved;
  }

  let k0 = 0;
  while (k0 + 1 < lattice.length && lattice[k0 + 1] <= start) k0++;
  visit(k0);
  for (const dir of opts.skipBelowStart ? [1] : [1, -1]) {
    let since = 0;
    for (let k = k0 + dir; k >= 0 && k < lattice.length && since < opts.patience; k += dir) {
      since = visit(k) ? 0 : since + 1;
    }
  }
  const last = lattice.length - 1;
  return {
    targets: best.map((b) => ({
      steps: b.steps,
      lr: b.k >= 0 ? lattice[b.k] : null,
      edge: b.k < 0 || last === 0 ? null : b.k === 0 ? "smallest" : b.k === last ? "largest" : null,
    })),
    visited: [...visited.entries()].sort((a, b) => a[0] - b[0]).map(([k, steps]) => ({ lr: lattice[k], steps })),
  };
}
