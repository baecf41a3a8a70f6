import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runProblemExperiment } from "../../src/experiments/run/run.js";
import "../../src/corpus/node/load.js";

process.env.ZIPFLAB_CACHE_DIR = mkdtempSync(join(tmpdir(), "zipflab-brown-phenomenon-"));

// V = 2000 (not smaller): the rarest groups' optimal loss (their conditional entropy) must lie
// below the start ln V for "falls" to be possible at all. Measured on Brown: at V = 300 and
// 1000 the rarest group's loss at the optimum is above ln V (6.34 > 5.70 at V = 300), so Adam
// and sign descent, which reach the optimum, end there above the start too. 30 full-batch steps.
describe("the Brown bigram next-word model (V = 2000, full batch, W = 0)", () => {
  it("GD's rarest groups end at or above their start; Adam's and sign descent's fall on every group", async () => {
    const result = await runProblemExperiment({
      problem: "bigram-softmax",
      config: { corpus: "brown", vocab: 2000 },
      steps: 30,
      record: "every:30",
      optimizers: [
        { name: "sgd", lr: 100 },
        { name: "sgd", lr: 31.6 },
        { name: "adam", lr: 0.0316 },
        { name: "sign", lr: 0.0316 },
      ],
    });
    const G = result.groups!.count;
    // The unknown class (21% of next tokens) is a group of its own: 9 groups, not 10.
    expect(G).toBe(9);
    expect(result.groups!.classes[0]).toBe(1);
    for (const run of result.runs) {
      const start = run.groupLoss!.map((c) => c[0]!);
      const end = run.groupLoss!.map((c) => c.at(-1)!);
      expect(run.initialLoss).toBeCloseTo(Math.log(2000), 5);
      if (run.optimizer.name === "sgd") {
        for (const g of [G - 2, G - 1]) expect(end[g], `GD η=${run.optimizer.lr} G${g + 1}`).toBeGreaterThanOrEqual(start[g]);
        expect(end[0]).toBeLessThan(start[0]); // it does learn the frequent next words
      } else {
        end.forEach((e, g) => expect(e, `${run.optimizer.name} G${g + 1}`).toBeLessThan(start[g]));
      }
    }
  }, 120_000);
});
