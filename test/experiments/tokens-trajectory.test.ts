import { describe, expect, it } from "vitest";
import { recordedTrajectory } from "../../src/experiments/tokens/trajectory.js";
import { runTokensExperiment } from "../../src/experiments/tokens/run.js";

describe("a six-token trajectory, kept as recorded and read as rows", () => {
  const steps = [2, 4, 6];
  const weights = Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]); // 3 records × K = 2
  const loss = Float32Array.from([1.5, Infinity, 0.25]);

  it("reads as steps from 0, rows from the all-zero start, losses with null at 0 and for non-finite ones", () => {
    const t = recordedTrajectory(steps, weights, loss, 2, 3);
    expect(t.steps).toEqual([0, 2, 4, 6]);
    expect(t.weights).toEqual([
      [0, 0],
      [Math.fround(0.1), Math.fround(0.2)],
      [Math.fround(0.3), Math.fround(0.4)],
      [Math.fround(0.5), Math.fround(0.6)],
    ]);
    expect(t.loss).toEqual([null, 1.5, null, 0.25]);
  });

  it("keeps only the records the run reached, and copies them (the run's memory is reused)", () => {
    const w = weights.slice();
    const t = recordedTrajectory(steps, w, loss, 2, 2);
    w.fill(9);
    expect(t.steps).toEqual([0, 2, 4]);
    expect(t.weights.at(-1)).toEqual([Math.fround(0.3), Math.fround(0.4)]);
    expect(t.loss).toHaveLength(3);
  });

  it("serializes like a plain object and takes assignments like one", () => {
    const t = recordedTrajectory(steps, weights, loss, 2, 3);
    const plain = { steps: t.steps, weights: t.weights, loss: t.loss };
    expect(JSON.stringify(recordedTrajectory(steps, weights, loss, 2, 3))).toBe(JSON.stringify(plain));
    expect(structuredClone(t)).toEqual(plain);
    t.weights[1] = [7, 7];
    t.loss = [null];
    expect(t.weights[1]).toEqual([7, 7]);
    expect(t.loss).toEqual([null]);
  });

  it("an experiment's trajectories survive later runs on the same WASM core", async () => {
    const a = await runTokensExperiment({ seed: 3, steps: 300 });
    const again = await runTokensExperiment({ seed: 3, steps: 300 });
    const expected = JSON.stringify(again.runs.map((r) => r.trajectory));
    await runTokensExperiment({ seed: 4, steps: 400, batch: 64 });
    expect(JSON.stringify(a.runs.map((r) => r.trajectory))).toBe(expected);
    expect(a.runs[1].trajectory.weights.at(-1)).toEqual(a.runs[1].finalWeights);
  });
});
