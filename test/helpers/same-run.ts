// Two runs of the step loop that must agree bit for bit (WASM and twin, one thread and many):
// every number the loop returns, compared field by field so a failure names the field.
import { expect } from "vitest";
import type { LoopOutput } from "../../src/loop/types.js";

export function expectSameRun(actual: LoopOutput, expected: LoopOutput, what: string): void {
  expect(actual.finalWeights, `${what}: finalWeights`).toEqual(expected.finalWeights);
  expect(actual.trajectory, `${what}: trajectory`).toEqual(expected.trajectory);
  expect(actual.loss, `${what}: loss`).toEqual(expected.loss);
  expect(actual.exactLoss, `${what}: exactLoss`).toEqual(expected.exactLoss);
  expect(actual.initialLoss, `${what}: initialLoss`).toEqual(expected.initialLoss);
  expect(actual.nonzeroCounts, `${what}: nonzeroCounts`).toEqual(expected.nonzeroCounts);
  expect(actual.classStats, `${what}: classStats`).toEqual(expected.classStats);
  expect(actual.state, `${what}: state`).toEqual(expected.state);
  expect(actual.divergedAt, `${what}: divergedAt`).toBe(expected.divergedAt);
}
