import { describe, expect, it } from "vitest";
import { runProblemExperiment } from "../../src/experiments/run/run.js";
import { effectiveLearningRate, effectiveLearningRateAt } from "../../src/metrics/effective-lr.js";
import { lrFactor, resolveLrSchedule } from "../../src/optimizers/lr-schedule.js";
import type { OptimizerConfig } from "../../src/optimizers/registry.js";
import type { Transform } from "../../src/optimizers/transform.js";

// The effective learning rate is η_t·P_i with η_t the step size the last update used: with a
// schedule, η_t = η·s_T, not the configured η.
describe("effective learning rate", () => {
  it("is η·s·P_i: the schedule factor multiplies the configured η", () => {
    const transforms = [{ preconditioner: () => (i: number) => i + 1 } as unknown as Transform];
    const config = { name: "adam", lr: 0.1 } as OptimizerConfig;
    expect(effectiveLearningRate(config, transforms, [[]], 10, 3)).toEqual([0.1, 0.2, 0.1 * 3]);
    expect(effectiveLearningRate(config, transforms, [[]], 10, 3, 0.5)).toEqual([0.05, 0.1, 0.05 * 3]);
    expect(effectiveLearningRate(config, [], [], 10, 3)).toBeNull();
    // the same values one index at a time, for n = d² where no array is built
    const at = effectiveLearningRateAt(config, transforms, [[]], 10, 0.5)!;
    expect([at(0), at(1), at(2)]).toEqual([0.05, 0.1, 0.05 * 3]);
    expect(effectiveLearningRateAt(config, [], [], 10)).toBeNull();
  });

  it("zipflab run reports 0 after a cosine decay to 0, and > 0 without a schedule", async () => {
    const run = (schedule: string) =>
      runProblemExperiment({
        problem: "quadratic",
        config: { d: 64 },
        seed: 1,
        steps: 40,
        record: "every:20",
        schedule,
        optimizers: [{ name: "adam", lr: 0.01 }],
      });
    expect(lrFactor(resolveLrSchedule("cosine"), 40, 40)).toBe(0);
    const [constant, cosine] = await Promise.all([run("constant"), run("cosine")]);
    const groupLr = (r: typeof constant) => r.runs[0].classMetrics!.groupEffectiveLr!;
    for (const v of groupLr(constant)) expect(v).toBeGreaterThan(0);
    for (const v of groupLr(cosine)) expect(v).toBe(0);
  });
});
