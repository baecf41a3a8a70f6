import { describe, expect, it } from "vitest";
import { lrLattice, tuneOnLattice } from "../../../src/experiments/scaling/tune-lr.js";

const lattice = { lrMin: 1e-4, lrMax: 1e2, perDecade: 2, patience: 3 };

describe("step sizes tuned per horizon on a half-decade lattice", () => {
  it("the lattice is 10^(k/2) from lrMin to lrMax", () => {
    expect(lrLattice(lattice)).toHaveLength(13);
    expect(lrLattice(lattice)[1]).toBe(0.000316227766017);
  });

  it("finds each target's minimum over the lattice from any start, walking up then down", () => {
    // Two targets with optima at 1e-2 and 1: steps = 10 + 4·|log10(lr/opt)|·2.
    const evaluate = (lr: number) => [1e-2, 1].map((opt) => 10 + Math.round(8 * Math.abs(Math.log10(lr / opt))));
    for (const start of [1e-4, 3e-3, 1, 50]) {
      const tuned = tuneOnLattice(evaluate, 2, start, lattice);
      expect(tuned.targets.map((t) => [t.steps, t.lr])).toEqual([
        [10, 0.01],
        [10, 1],
      ]);
    }
  });

  it("ties go to the smaller step size; a step size that never reaches ε (null) is never chosen", () => {
    const evaluate = (lr: number) => [lr > 1 ? null : lr >= 0.01 ? 5 : 9];
    const tuned = tuneOnLattice(evaluate, 1, 0.1, lattice);
    expect(tuned.targets[0]).toEqual({ steps: 5, lr: 0.01, edge: null });
  });

  it("passes the best counts so far as bounds, and flags a choice at an end of the lattice", () => {
    const seen: (number | null)[][] = [];
    const evaluate = (lr: number, bounds: readonly (number | null)[]) => {
      seen.push([...bounds]);
      return [Math.round(1000 / lr)];
    };
    const tuned = tuneOnLattice(evaluate, 1, 1, lattice);
    expect(tuned.targets[0].edge).toBe("largest");
    expect(tuned.targets[0].lr).toBe(100);
    expect(seen[0]).toEqual([null]);
    expect(seen[1]).toEqual([1000]);
  });

  it("skipBelowStart walks up only", () => {
    const visited: number[] = [];
    tuneOnLattice((lr) => (visited.push(lr), [1]), 1, 0.5, { ...lattice, skipBelowStart: true });
    expect(Math.min(...visited)).toBeCloseTo(0.316227766017, 10);
  });
});
