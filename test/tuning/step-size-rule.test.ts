import { describe, expect, it } from "vitest";
import type { CellSummary } from "../../src/tuning/cell.js";
import { diverged, score, tuneStepSizes, varyingFields, type CellResult } from "../../src/tuning/step-size-rule.js";

let next = 0;
function result(
  cell: Record<string, unknown>,
  finalLoss: number | null,
  { initialLoss = 1, divergedAt = null as number | null } = {},
): CellResult {
  const summary: CellSummary = { initialLoss, finalLoss, divergedAt, seconds: 0 };
  return { index: next++, cell, summary };
}

describe("the step-size rule: lowest worst-seed final loss, diverged runs scored at their initial loss", () => {
  it("a run diverged if its loss went NaN/Inf or ended above 1.5× the initial loss", () => {
    expect(diverged(result({}, 0.5).summary)).toBe(false);
    expect(diverged(result({}, 1.5).summary)).toBe(false);
    expect(diverged(result({}, 1.51).summary)).toBe(true);
    expect(diverged(result({}, null, { divergedAt: 7 }).summary)).toBe(true);
    expect(score(result({}, 1.51, { initialLoss: 1 }).summary)).toBe(1);
    expect(score(result({}, null, { initialLoss: 2, divergedAt: 3 }).summary)).toBe(2);
    expect(score(result({}, 0.25).summary)).toBe(0.25);
  });

  it("picks the step size whose worst seed is best, not the best mean", () => {
    const cells = [
      // lr 0.1: mean 0.2 but one bad seed (0.35); lr 0.01: mean 0.25, worst 0.3.
      result({ lr: 0.1, seed: 0 }, 0.05),
      result({ lr: 0.1, seed: 1 }, 0.35),
      result({ lr: 0.01, seed: 0 }, 0.2),
      result({ lr: 0.01, seed: 1 }, 0.3),
      result({ lr: 0.001, seed: 0 }, 0.6),
      result({ lr: 0.001, seed: 1 }, 0.7),
    ];
    const { groups } = tuneStepSizes(cells);
    expect(groups).toHaveLength(1);
    expect(groups[0].chosen).toMatchObject({ lr: 0.01, worst: 0.3, seeds: 2, divergedSeeds: 0 });
    expect(groups[0].grid.map((s) => s.lr)).toEqual([0.001, 0.01, 0.1]);
    expect(groups[0].edge).toBeNull();
  });

  it("a diverged seed makes its step size score the initial loss", () => {
    const { groups } = tuneStepSizes([
      result({ lr: 1, seed: 0 }, 0.01),
      result({ lr: 1, seed: 1 }, null, { divergedAt: 12 }),
      result({ lr: 0.1, seed: 0 }, 0.4),
      result({ lr: 0.1, seed: 1 }, 0.5),
    ]);
    expect(groups[0].chosen).toMatchObject({ lr: 0.1, worst: 0.5 });
    expect(groups[0].grid[1]).toMatchObject({ lr: 1, worst: 1, divergedSeeds: 1 });
  });

  it("groups by every varying field except lr and seed; fields that never vary are ignored", () => {
    const cells = ["sgd", "adam"].flatMap((optimizer) =>
      [0.1, 1].flatMap((lr) => [0, 1].map((seed) => result({ steps: 100, optimizer, lr, seed }, optimizer === "sgd" ? lr : 1 - lr / 2))),
    );
    expect(varyingFields(cells.map((c) => c.cell))).toEqual(["optimizer", "lr", "seed"]);
    const tuning = tuneStepSizes(cells);
    expect(tuning.groupFields).toEqual(["optimizer"]);
    expect(tuning.groups.map((g) => [g.fields.optimizer, g.chosen.lr])).toEqual([
      ["sgd", 0.1],
      ["adam", 1],
    ]);
  });

  it("flags a choice at either end of its grid, and breaks ties toward the smaller step", () => {
    const tuning = tuneStepSizes([
      result({ o: "a", lr: 0.1 }, 0.1),
      result({ o: "a", lr: 1 }, 0.5), // smallest wins
      result({ o: "b", lr: 0.1 }, 0.5),
      result({ o: "b", lr: 1 }, 0.1), // largest wins
      result({ o: "c", lr: 0.1 }, 0.5),
      result({ o: "c", lr: 0.3 }, 0.2),
      result({ o: "c", lr: 1 }, 0.2), // tie: 0.3
    ]);
    expect(tuning.groups.map((g) => [g.chosen.lr, g.edge])).toEqual([
      [0.1, "smallest"],
      [1, "largest"],
      [0.3, null],
    ]);
  });
});
