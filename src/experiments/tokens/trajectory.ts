import type { TokensTrajectory } from "../../results/tokens.js";
// A six-token run's trajectory, kept as the run recorded it: the weights as one row-major
// Float32Array (records × K) and the batch losses as another, copied out of WASM memory in
// two memcpys. The row form of the JSON result ({ steps, weights: number[][], loss }) is built
// only when a field is first read (the report never reads it; a figure, --json or a test
// does), then kept. Building it eagerly — 6000 row arrays and 6000 loss entries per default
// experiment — cost a third of the experiment's time, most of it allocation and GC.

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * The trajectory of `records` recorded steps of a K-token run: `steps[j]`, `weights` (row j
 * at j·K) and `loss[j]` for j < records. The arrays are copied (they may be views into WASM
 * memory that the next run overwrites); the rows are built on first read. Every field is a
 * plain enumerable property as far as JSON.stringify, structured clone and equality go, and
 * may be assigned like one.
 */
export function recordedTrajectory(
  steps: readonly number[],
  weights: Float32Array,
  loss: Float32Array,
  K: number,
  records: number,
): TokensTrajectory {
  const w = weights.slice(0, records * K);
  const l = loss.slice(0, records);
  const t = records === steps.length ? steps : steps.slice(0, records); // the run's own list: never changed
  let stepRows: number[] | undefined;
  let weightRows: number[][] | undefined;
  let lossRows: (number | null)[] | undefined;
  return {
    get steps() {
      if (stepRows === undefined) {
        stepRows = new Array(records + 1);
        stepRows[0] = 0;
        for (let j = 0; j < records; j++) stepRows[j + 1] = t[j];
      }
      return stepRows;
    },
    set steps(value) {
      stepRows = value;
    },
    get weights() {
      return (weightRows ??= rows(w, K, records));
    },
    set weights(value) {
      weightRows = value;
    },
    get loss() {
      if (lossRows === undefined) {
        lossRows = new Array(records + 1);
        lossRows[0] = null;
        for (let j = 0; j < records; j++) lossRows[j + 1] = finite(l[j]);
      }
      return lossRows;
    },
    set loss(value) {
      lossRows = value;
    },
  };
}

/** The initial all-zero row, then one row of K numbers per record. */
function rows(w: Float32Array, K: number, records: number): number[][] {
  const out: number[][] = new Array(records + 1);
  out[0] = new Array(K).fill(0);
  // Rows copied from a double-typed template: one allocation a row (V8 makes `new Array(K)` for
  // small integers and reallocates its store as doubles on the first double written).
  const template = new Array<number>(K).fill(0.5);
  for (let j = 0; j < records; j++) {
    const row = template.slice();
    for (let k = 0, o = j * K; k < K; k++) row[k] = w[o + k];
    out[j + 1] = row;
  }
  return out;
}
