import { describe, expect, it, vi } from "vitest";
import { PROBLEMS } from "../../../src/problems/registry.js";
import { SWEEP_RUNNERS } from "../../../src/experiments/sweep-runners.js";
import { getRunner as runnerOf } from "../../../src/sweep/cell-runner.js";

const getRunner = (problem: string) => runnerOf(SWEEP_RUNNERS, problem);

describe("sweep cells of the heavy-tailed problems", () => {
  it("a bigram-square cell reports exact initial/final loss, relative loss and group losses", async () => {
    const runner = getRunner("bigram-square");
    const cell = { optimizer: "sgd", lr: 5, steps: 50, seed: 1, d: 40 };
    runner.validate(cell);
    const s = await runner.run(cell);
    expect(s.initialLoss).toBeGreaterThan(s.finalLoss!);
    expect(s.finalRelativeLoss as number).toBeGreaterThan(0);
    expect(s.finalRelativeLoss as number).toBeLessThan(1);
    expect((s.finalGroupLoss as number[]).length).toBeGreaterThanOrEqual(8); // ≤ 10: the top class alone may hold more than a tenth
    expect(s.divergedAt).toBeNull();
  });

  it("validating a bigram cell builds no data (its shape is checked from the config), and still rejects a size that cannot fit", () => {
    const runner = getRunner("bigram-softmax");
    const create = vi.spyOn(PROBLEMS["bigram-softmax"], "create");
    try {
      runner.validate({ optimizer: "sgd", lr: 1, d: 20000 });
      expect(create).not.toHaveBeenCalled();
      expect(() => runner.validate({ optimizer: "sgd", lr: 1, d: 30000 })).toThrow(/^d: .*GiB/);
    } finally {
      create.mockRestore();
    }
  });

  it("the same cell gives the same numbers", async () => {
    const runner = getRunner("linear-model");
    const cell = { optimizer: "adam", lr: 1e-3, steps: 20, seed: 2, levels: 3, d: 16 };
    const [a, b] = [await runner.run(cell), await runner.run(cell)];
    expect({ ...a, seconds: 0 }).toEqual({ ...b, seconds: 0 });
  });

  it.each([
    [{ optimizer: "sgd", lr: 1, levels: 3 }, /^levels: unknown field for quadratic/],
    [{ optimizer: "sgd", lr: 1, alpha: -1 }, /^alpha: .*\[0, ∞\)/],
    [{ lr: 1 }, /^optimizer: every cell needs an optimizer/],
    [{ optimizer: "adam:lr=1", lr: 1 }, /^optimizer\.lr: give the step size as the cell field lr/],
    [{ optimizer: "sgd", lr: 0 }, /^lr: /],
  ])("bad cell %j is rejected naming the field", (cell, pattern) => {
    expect(() => getRunner("quadratic").validate(cell)).toThrow(pattern);
  });
});
