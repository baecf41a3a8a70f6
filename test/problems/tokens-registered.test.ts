// The six-token problem as a registered problem (`zipflab run tokens`): the same model and
// batches as the friendly `zipflab tokens`, and its config errors name the field.
import { describe, expect, it } from "vitest";
import { runProblemExperiment } from "../../src/experiments/run/run.js";
import { runTokensExperiment } from "../../src/experiments/tokens/run.js";
import { ConfigError } from "../../src/config/error.js";
import { resolveTokensProblemConfig } from "../../src/problems/tokens/declaration.js";

describe("zipflab run tokens: the registered six-token problem", () => {
  it("gives the batch losses of zipflab tokens on the same seed, bit for bit, for SGD and Adam", async () => {
    const common = { optimizers: ["sgd", "adam"], lr: 0.05, steps: 400, seed: 3, record: "every:1" };
    const run = await runProblemExperiment({
      problem: "tokens",
      config: { frequencies: [0.9, 0.3, 0.01], target: [1, -2, 0.5] },
      ...common,
    });
    const tokens = await runTokensExperiment({
      ...common,
      tokens: [
        { name: "a", frequency: 0.9, trueWeight: 1 },
        { name: "b", frequency: 0.3, trueWeight: -2 },
        { name: "c", frequency: 0.01, trueWeight: 0.5 },
      ],
    });
    for (let i = 0; i < 2; i++) {
      const a = run.runs[i].loss.slice(1);
      const b = tokens.runs[i].trajectory.loss.slice(1);
      expect(a.length).toBe(400);
      expect(a).toEqual(b);
    }
  });

  it("refuses a full batch, bad frequencies and a target list of the wrong length, naming the field", () => {
    const field = (input: Record<string, unknown>) => {
      try {
        resolveTokensProblemConfig(input);
      } catch (e) {
        return (e as ConfigError).field;
      }
      return "accepted";
    };
    expect(field({ batch: "full" })).toBe("problem.batch");
    expect(field({ frequencies: "0.5,1.5" })).toBe("problem.frequencies[1]");
    expect(field({ frequencies: "0.5,x" })).toBe("problem.frequencies");
    expect(field({ frequencies: [] })).toBe("problem.frequencies");
    expect(field({ frequencies: [0.5, 0.1], target: [1, 2, 3] })).toBe("problem.target");
    expect(field({ noise: -1 })).toBe("problem.noise");
    expect(resolveTokensProblemConfig({ frequencies: "0.5,0.25" }).frequencies).toEqual([0.5, 0.25]);
  });
});
