import { describe, expect, it } from "vitest";
import { rarityCorrelation } from "../../src/experiments/run/report.js";
import { runProblemExperiment } from "../../src/experiments/run/run.js";
import type { ProblemRun } from "../../src/results/run.js";

const finalGroups = (run: ProblemRun) => run.groupLoss!.map((g) => g.at(-1)!);
const initialGroups = (run: ProblemRun) => run.groupLoss!.map((g) => g[0]!);
const byName = (runs: ProblemRun[], name: string) => runs.find((r) => r.optimizer.name === name)!;

describe("the paper's linear model (m = 6 levels, d = 512, full batch, 300 steps), over 3 seeds", async () => {
  // Step sizes from the float64 measurements at m = 7: GD 0.1 (before it fits the data), Adam 1e-3, sign 3e-4.
  const results = await Promise.all(
    [0, 1, 2].map((seed) =>
      runProblemExperiment({
        problem: "linear-model",
        config: { levels: 6, d: 512 },
        seed,
        steps: 300,
        record: "every:100",
        optimizers: [
          { name: "sgd", lr: 0.1 },
          { name: "adam", lr: 1e-3 },
          { name: "sign", lr: 3e-4 },
        ],
      }),
    ),
  );

  it("there is one frequency group per level, each holding the same share of samples", () => {
    expect(results[0].groups!.count).toBe(6);
    expect(results[0].groups!.classes).toEqual([1, 2, 4, 8, 16, 32]);
  });

  it("GD's per-level loss rises with rarity", () => {
    for (const r of results) {
      const gd = byName(r.runs, "sgd");
      expect(rarityCorrelation(gd.groupLoss)).toBeGreaterThanOrEqual(0.9);
      expect(finalGroups(gd).at(-1)!).toBeGreaterThan(2 * finalGroups(gd)[0]);
    }
  });

  it("Adam and sign descent end with the rarest level lower than the most frequent", () => {
    for (const r of results) {
      for (const name of ["adam", "sign"]) {
        const g = finalGroups(byName(r.runs, name));
        expect(g.at(-1)!, name).toBeLessThan(0.5 * g[0]);
        expect(rarityCorrelation(byName(r.runs, name).groupLoss)!, name).toBeLessThanOrEqual(-0.5);
      }
    }
  });
  it("Adam's effective learning rate is larger for the rarer levels; GD has none; full batch = every step non-zero", () => {
    for (const r of results) {
      const adam = byName(r.runs, "adam").classMetrics!;
      expect(adam.groupEffectiveLr!.at(-1)!).toBeGreaterThan(adam.groupEffectiveLr![0]!);
      expect(byName(r.runs, "sgd").classMetrics!.groupEffectiveLr).toBeNull();
      for (const f of adam.groupNonzeroFraction!) expect(f).toBeCloseTo(1, 6);
    }
  });
});

describe("the synthetic bigram softmax (d = 500, α = 1, full batch, W = 0, 300 steps), over 2 seeds", async () => {
  // Step sizes from a half-decade grid (README): GD 100 (300 lowers the total loss a little
  // more by letting the frequent rows oscillate), Adam 0.03, sign 0.01.
  const results = await Promise.all(
    [0, 1].map((seed) =>
      runProblemExperiment({
        problem: "bigram-softmax",
        config: { d: 500, alpha: 1 },
        seed,
        steps: 300,
        record: "every:300",
        optimizers: [
          { name: "sgd", lr: 100 },
          { name: "adam", lr: 0.03 },
          { name: "sign", lr: 0.01 },
        ],
      }),
    ),
  );

  it("GD leaves the rarest group at its initial loss while the frequent groups fall", () => {
    for (const r of results) {
      const gd = byName(r.runs, "sgd");
      const [start, end] = [initialGroups(gd), finalGroups(gd)];
      expect(end.at(-1)!).toBeGreaterThan(start.at(-1)! - 0.05);
      expect(end[0]).toBeLessThan(start[0] - 2);
      expect(rarityCorrelation(gd.groupLoss)).toBeGreaterThanOrEqual(0.9);
    }
  });

  it("Adam and sign descent reduce every group and reach a lower loss than GD", () => {
    for (const r of results) {
      const gd = byName(r.runs, "sgd");
      for (const name of ["adam", "sign"]) {
        const run = byName(r.runs, name);
        const [start, end] = [initialGroups(run), finalGroups(run)];
        end.forEach((l, g) => expect(l, `${name} G${g + 1}`).toBeLessThan(start[g] - 0.2));
        expect(run.finalLoss!).toBeLessThan(gd.finalLoss! - 0.1);
      }
    }
  });
});
