import { describe, expect, it } from "vitest";
import { parseRecording, recordSteps, stepsWithin } from "../../src/loop/record-steps.js";

describe("the recorded steps a run reaches", () => {
  it("are the ascending list's entries in [1, total], as a new array", () => {
    const all = recordSteps(parseRecording("every:1"), 3000);
    const within = stepsWithin(all, 3000);
    expect(within).toEqual(all);
    expect(within).not.toBe(all);
    expect(stepsWithin([0, 1, 5, 9, 10, 11], 10)).toEqual([1, 5, 9, 10]);
    expect(stepsWithin([4, 8], 3)).toEqual([]);
    expect(stepsWithin([], 3)).toEqual([]);
  });

  it("equal filtering for every schedule and run length", () => {
    for (const text of ["every:1", "every:7", "log:10", "log:1000"]) {
      const steps = recordSteps(parseRecording(text), 500);
      for (const total of [0, 1, 2, 37, 499, 500, 600]) {
        expect(stepsWithin(steps, total)).toEqual(steps.filter((s) => s >= 1 && s <= total));
      }
    }
  });
});
