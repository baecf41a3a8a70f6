// Twin of the kernel's miniBatchStep (assembly/problems/bigram-softmax/problem.ts), shared by
// the two data modes: only how a pair (i, k) is drawn differs — an entry of the stored counts,
// or for expected counts a row i ~ π and a rank r ~ π with k = classOfRank_i(r).
import type { Xoshiro128 } from "../../rng/xoshiro.js";
import type { TouchedRows } from "../../sparse/touched-rows.js";
import { ln } from "../../math/ln.js";
import { expRow, rowMax, scaleRow } from "./rows.js";

const f32 = Math.fround;

/** Draws one pair: writes its row and class into pair[0], pair[1]. */
export type DrawPair = (rng: Xoshiro128, pair: Int32Array) => void;

/** The mini-batch gradient into g's touched rows; returns the batch loss. */
export function miniBatchTwin(
  d: number,
  B: number,
  draw: DrawPair,
): (w: Float32Array, g: Float32Array, rng: Xoshiro128, touched: TouchedRows) => number {
  const hits = new Int32Array(d);
  const head = new Int32Array(d).fill(-1);
  const rows = new Int32Array(B);
  const classes = new Int32Array(B);
  const next = new Int32Array(B);
  const pair = new Int32Array(2);
  return (w, g, rng, touched) => {
    for (let b = 0; b < B; b++) {
      draw(rng, pair);
      rows[b] = pair[0];
      classes[b] = pair[1];
      touched.touch(pair[0]);
      hits[pair[0]]++;
    }
    for (let b = B - 1; b >= 0; b--) {
      next[b] = head[rows[b]];
      head[rows[b]] = b;
    }
    const invB = 1 / B;
    const step = f32(invB);
    let loss = 0;
    for (const i of touched.list()) {
      const off = i * d;
      const M = rowMax(w, off, d);
      const S = expRow(w, off, g, off, d, M);
      scaleRow(g, off, d, f32((hits[i] * invB) / S));
      let rowLoss = hits[i] * (M + ln(S));
      for (let b = head[i]; b >= 0; b = next[b]) {
        const o = off + classes[b];
        rowLoss -= w[o];
        g[o] = f32(g[o] - step);
      }
      loss += rowLoss;
      hits[i] = 0;
      head[i] = -1;
    }
    return loss * invB;
  };
}
