// Bigram counts of token-id sequences in one streaming pass into CSR (rows = previous token):
//   1. count the pairs of each row;  2. bucket each pair's next token into its row;
//   3. sort each row's bucket and run-length encode it into (cols, counts).
// O(T + Σ_i n_i log n_i) time and O(T) memory; the result equals countsFromPairs on the same pairs.
import { argInteger, argList } from "../config/args.js";
import type { CountMatrix } from "../sparse/count-matrix.js";
import { ConfigError } from "../config/error.js";

/** c_ik = number of positions t with (x_t, x_{t+1}) = (i, k), over every sequence (no pair crosses two sequences). */
export function bigramCounts(V: number, sequences: readonly Int32Array[]): CountMatrix {
  argInteger("V", V, 1, 0x7fffffff);
  argList("sequences", sequences);
  sequences.forEach((s, j) => {
    if (!(s instanceof Int32Array)) throw new ConfigError(`sequences[${j}]`, "must be an Int32Array of token ids");
    for (let t = 0; t < s.length; t++)
      if (!(s[t] >= 0 && s[t] < V)) throw new ConfigError(`sequences[${j}][${t}]`, `must be a token id in [0, ${V - 1}] (got ${s[t]})`);
  });
  const rowPairs = new Int32Array(V + 1);
  let T = 0;
  for (const s of sequences) {
    for (let t = 0; t + 1 < s.length; t++) rowPairs[s[t] + 1]++;
    T += Math.max(0, s.length - 1);
  }
  for (let i = 0; i < V; i++) rowPairs[i + 1] += rowPairs[i];
  const fill = rowPairs.slice(0, V);
  const next = new Int32Array(T);
  for (const s of sequences) for (let t = 0; t + 1 < s.length; t++) next[fill[s[t]]++] = s[t + 1];
  const rowStart = new Int32Array(V + 1);
  const cols = new Int32Array(T);
  const counts = new Float64Array(T);
  let nnz = 0;
  for (let i = 0; i < V; i++) {
    const bucket = next.subarray(rowPairs[i], rowPairs[i + 1]).sort();
    for (let a = 0; a < bucket.length; ) {
      let b = a + 1;
      while (b < bucket.length && bucket[b] === bucket[a]) b++;
      cols[nnz] = bucket[a];
      counts[nnz++] = b - a;
      a = b;
    }
    rowStart[i + 1] = nnz;
  }
  return { d: V, rowStart, cols: cols.slice(0, nnz), counts: counts.slice(0, nnz) };
}
