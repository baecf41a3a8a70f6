// The in-process memory-bandwidth ceiling: core.exports.ceilingAdamPattern(a, b, c, d, n)
// reads four arrays and writes three with one add each (a += d, b += d, c += d), Adam's
// access pattern with trivial math, so fused Adam's 28 B/param can be put against it.
// Adam and the ceiling are timed in alternation (ROUNDS rounds each, at the same n in the same
// process) so that both see the same load from elsewhere; the fastest samples, least disturbed
// by it, are compared as well as the medians.
import type { Core } from "../src/wasm/load.js";
import { combine, measure, type Budget, type Timing } from "./measure.js";
import { optimizerChain, timeWasmStep } from "./kernels.js";

/** Bytes per element of the ceiling kernel: 4 reads + 3 writes of f32, as fused Adam. */
export const CEILING_BYTES = 28;

const ROUNDS = 3;

export interface CeilingRow {
  n: number;
  ceiling: Timing;
  adam: Timing;
}

function timeCeiling(core: Core, n: number, budget: Budget): Timing {
  const { arena, exports } = core;
  arena.reset();
  const [a, b, c, d] = [0, 1, 2, 3].map(() => arena.allocF32(n));
  for (const p of [a, b, c]) arena.f32(p, n).fill(1);
  arena.f32(d, n).fill(1e-7); // a, b, c grow by 1e-7 a call: no overflow, no subnormals
  return measure(`ceiling n=${n}`, () => exports.ceilingAdamPattern(a, b, c, d, n), budget);
}

export function benchCeiling(
  core: Core,
  sizes: readonly number[],
  gradient: Float32Array,
  budget: Budget,
  onRow: (row: CeilingRow) => void = () => {},
): CeilingRow[] {
  const adam = optimizerChain("adam");
  const round = { ...budget, time: budget.time / ROUNDS };
  return sizes.map((n) => {
    const ceiling: Timing[] = [];
    const fused: Timing[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      ceiling.push(timeCeiling(core, n, round));
      fused.push(timeWasmStep(core, adam, gradient.subarray(0, n), `adam wasm n=${n}`, round));
    }
    const row = { n, ceiling: combine(ceiling), adam: combine(fused) };
    onRow(row);
    return row;
  });
}
