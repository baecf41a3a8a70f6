import { argInteger, argList, argObject } from "../config/args.js";
import { ConfigError } from "../config/error.js";

/** Largest vocabulary a count matrix holds (tokens are u16 in the kernels' rankings; 2¹⁶). */
export const MAX_TOKENS = 65536;
// Count matrices: c_ik = how often token k follows token i, stored by input row (CSR). The
// bigram problems see only this, so synthetic Zipf pairs (src/problems/bigram-softmax/
// zipf-counts.ts) and a real corpus (src/corpus/) plug in the same way; any token stream
// becomes one through countsFromPairs(d, tokens[0..T−1), tokens[1..T)).

export interface CountMatrix {
  /** Vocabulary size: inputs and outputs are tokens 0..d−1. */
  readonly d: number;
  /** Row i's entries are rowStart[i] .. rowStart[i+1]−1 (length d + 1). */
  readonly rowStart: Int32Array;
  /** Output token k of each entry. */
  readonly cols: Int32Array;
  /** c_ik > 0 of each entry (need not be integers: expected counts). */
  readonly counts: Float64Array;
}

/** Aggregates pairs (inputs[t], outputs[t]) into counts; entries sorted by (i, k). */
export function countsFromPairs(d: number, inputs: ArrayLike<number>, outputs: ArrayLike<number>): CountMatrix {
  argInteger("d", d, 1, MAX_TOKENS);
  argList("inputs", inputs);
  argList("outputs", outputs);
  if (outputs.length !== inputs.length)
    throw new ConfigError("outputs", `must have as many entries as inputs (${inputs.length}) (got ${outputs.length})`);
  for (let t = 0; t < inputs.length; t++) {
    if (!(Number.isInteger(inputs[t]) && inputs[t] >= 0 && inputs[t] < d))
      throw new ConfigError(`inputs[${t}]`, `must be a token in [0, ${d - 1}] (got ${inputs[t]})`);
    if (!(Number.isInteger(outputs[t]) && outputs[t] >= 0 && outputs[t] < d))
      throw new ConfigError(`outputs[${t}]`, `must be a token in [0, ${d - 1}] (got ${outputs[t]})`);
  }
  const keys = Float64Array.from({ length: inputs.length }, (_, t) => inputs[t] * d + outputs[t]).sort();
  const rowStart = new Int32Array(d + 1);
  const cols: number[] = [];
  const counts: number[] = [];
  for (let t = 0; t < keys.length; ) {
    let u = t + 1;
    while (u < keys.length && keys[u] === keys[t]) u++;
    const i = Math.floor(keys[t] / d);
    rowStart[i + 1]++;
    cols.push(keys[t] - i * d);
    counts.push(u - t);
    t = u;
  }
  for (let i = 0; i < d; i++) rowStart[i + 1] += rowStart[i];
  return { d, rowStart, cols: Int32Array.from(cols), counts: Float64Array.from(counts) };
}

/** Throws a ConfigError naming `field` unless m is a well-formed count matrix. */
export function checkCountMatrix(m: CountMatrix, field = "counts"): void {
  argObject(field, m, "a count matrix {d, rowStart, cols, counts}");
  const { d, rowStart, cols, counts } = m;
  const fail = (detail: string): never => {
    throw new ConfigError(field, detail);
  };
  if (!(rowStart instanceof Int32Array) || !(cols instanceof Int32Array) || !(counts instanceof Float64Array)) {
    fail("rowStart and cols must be Int32Arrays, counts a Float64Array");
  }
  if (!Number.isInteger(d) || d < 1) fail(`d must be an integer ≥ 1 (got ${d})`);
  if (rowStart.length !== d + 1) fail(`rowStart must have d + 1 = ${d + 1} entries (got ${rowStart.length})`);
  if (rowStart[0] !== 0) fail(`rowStart[0] must be 0 (got ${rowStart[0]})`);
  for (let i = 0; i < d; i++) if (rowStart[i + 1] < rowStart[i]) fail(`rowStart must not decrease (row ${i})`);
  const nnz = rowStart[d];
  if (cols.length !== nnz || counts.length !== nnz) {
    fail(`cols and counts must have rowStart[d] = ${nnz} entries (got ${cols.length}, ${counts.length})`);
  }
  if (nnz === 0) fail("must hold at least one pair");
  for (let e = 0; e < nnz; e++) {
    if (!(cols[e] >= 0 && cols[e] < d)) fail(`cols[${e}] must be a token in [0, ${d}) (got ${cols[e]})`);
    if (!(counts[e] > 0 && Number.isFinite(counts[e]))) fail(`counts[${e}] must be a finite number > 0 (got ${counts[e]})`);
  }
}
