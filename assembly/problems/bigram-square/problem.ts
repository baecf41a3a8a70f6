// Linear bigram model under Zipf, square loss (SPEC item 3).
//   input  x = e_i,  i ~ π,    π_i ∝ i^(−α)
//   output y = e_k,  k | i ~ p_i,  p_ik = π_{rank_i(k)}  (rank_i a per-row permutation, or the identity)
//   L(W) = E ½‖Wx − y‖² = ½ Σ_i π_i ‖W_i − p_i‖² + L*,   L* = ½ Σ_i π_i (1 − ‖p_i‖²)
// W_i = W[:, i] is stored as row i (Wᵀ row-major: entry (k, i) at i·d + k), so input i
// touches one contiguous row.
//   full batch: ∇_{W_i} L = π_i (W_i − p_i)      (entry (k, i): π_i (W_ki − p_ik))
//   mini-batch: g = (1/B) Σ_b (W_{i_b} − e_{k_b}), unbiased; it is zero outside the sampled
//               rows, which the kernel appends to the run loop's touched-row list.
//
// Problem block (src/problems/bigram-square/problem.ts mirrors it):
//   block: `bigramSquare` in src/layout/blocks.mjs (d, B, π, alias table, classOfRank, row
//   scratch, hits, samples, rng, a row's coefficient, L*, ℓ*). The TS side writes classOfRank
//   row by row from the seeded rankings (no d² copy on its side).
// Per-class losses (record steps): bigramSquareClassLoss below.
// Touched rows: the run loop's `touchedRows` view (src/layout/blocks.mjs).
//
// RNG draws per sample b, in order: i_b (alias table, 2 draws), then the rank r_b of its
// output (same table, 2 draws); k_b = classOfRank[i_b][r_b]. The full batch draws nothing.
//
// Row sums (rows.ts) follow math/reduce.ts: terms rounded to f32, four f64 lane sums over the
// 4-aligned body, (l0+l1)+(l2+l3), then the tail one by one.
import { hitRow } from "../../sparse/scatter";
import { BIGRAM_SQUARE_ALIAS_TABLE, BIGRAM_SQUARE_BATCH, BIGRAM_SQUARE_CLASS_OF_RANK, BIGRAM_SQUARE_COEFFICIENT, BIGRAM_SQUARE_D, BIGRAM_SQUARE_HITS, BIGRAM_SQUARE_OPTIMAL_LOSS, BIGRAM_SQUARE_OPTIMAL_ROW_LOSS, BIGRAM_SQUARE_PI, BIGRAM_SQUARE_RNG, BIGRAM_SQUARE_ROW_SCRATCH, BIGRAM_SQUARE_SAMPLES } from "../../layout";
import { TOUCHED_ROWS_MARK, TOUCHED_ROWS_N_TOUCHED, TOUCHED_ROWS_ROWS } from "../../layout";
import { residualRow } from "./rows";
import { sampleAlias } from "../../sampling/alias";

export { BIGRAM_SQUARE_BYTES } from "../../layout";

/** p_i: π itself under the identity ranking, else π scattered to the classes of row i. */
function conditionalRow(prob: usize, i: i32): usize {
  const d = load<i32>(prob + BIGRAM_SQUARE_D);
  const pi = load<usize>(prob + BIGRAM_SQUARE_PI);
  const classOfRank = load<usize>(prob + BIGRAM_SQUARE_CLASS_OF_RANK);
  if (classOfRank == 0) return pi;
  const row = load<usize>(prob + BIGRAM_SQUARE_ROW_SCRATCH);
  const ranks = classOfRank + (<usize>i * <usize>d << 1);
  for (let r = 0; r < d; r++) {
    const k = <usize>load<u16>(ranks + (<usize>r << 1));
    store<f32>(row + (k << 2), load<f32>(pi + (<usize>r << 2)));
  }
  return row;
}

// L(W) over all rows; with `write` also the full-batch gradient into g.
@inline function fullPass(prob: usize, w: usize, g: usize, write: bool): f64 {
  const d = load<i32>(prob + BIGRAM_SQUARE_D);
  const pi = load<usize>(prob + BIGRAM_SQUARE_PI);
  const rowBytes = <usize>d << 2;
  let total: f64 = 0.0;
  for (let i = 0; i < d; i++) {
    const piAt = pi + (<usize>i << 2);
    const off = <usize>i * rowBytes;
    const p = conditionalRow(prob, i);
    total += <f64>load<f32>(piAt) * residualRow(w + off, p, g + off, piAt, d, write);
  }
  return 0.5 * total + load<f64>(prob + BIGRAM_SQUARE_OPTIMAL_LOSS);
}

/**
 * Mini-batch gradient, O(B + U·d) for U distinct sampled rows:
 *   1. draw the B pairs, count hits h_i per row, list each first-touched row;
 *   2. per touched row: g_i = (h_i/B)·W_i  (one SIMD pass, which also gives ‖W_i‖²);
 *   3. per sample: g[i_b][k_b] −= 1/B.
 * Batch loss (1/B) Σ_b ½‖W_{i_b} − e_{k_b}‖² = (Σ_i h_i‖W_i‖² + Σ_b (1 − 2W_{k_b i_b})) / 2B.
 * g must be zero on entry; it is zero again outside the listed rows on return.
 */
function miniBatchGradient(prob: usize, w: usize, g: usize, touched: usize): f64 {
  const d = load<i32>(prob + BIGRAM_SQUARE_D);
  const B = load<i32>(prob + BIGRAM_SQUARE_BATCH);
  const table = load<usize>(prob + BIGRAM_SQUARE_ALIAS_TABLE);
  const classOfRank = load<usize>(prob + BIGRAM_SQUARE_CLASS_OF_RANK);
  const hits = load<usize>(prob + BIGRAM_SQUARE_HITS);
  const samples = load<usize>(prob + BIGRAM_SQUARE_SAMPLES);
  const rng = load<usize>(prob + BIGRAM_SQUARE_RNG);
  const mark = load<usize>(touched + TOUCHED_ROWS_MARK);
  const rows = load<usize>(touched + TOUCHED_ROWS_ROWS);
  const rowBytes = <usize>d << 2;
  let nRows = 0;
  for (let b = 0; b < B; b++) {
    const i = sampleAlias(rng, table, d);
    const r = sampleAlias(rng, table, d);
    const k = classOfRank == 0 ? r : <i32>load<u16>(classOfRank + ((<usize>i * <usize>d + <usize>r) << 1));
    store<i32>(samples + (<usize>b << 3), i);
    store<i32>(samples + (<usize>b << 3), k, 4);
    nRows = hitRow(i, hits, mark, rows, nRows);
  }
  store<i32>(touched + TOUCHED_ROWS_N_TOUCHED, nRows);
  const cAt = prob + BIGRAM_SQUARE_COEFFICIENT;
  const invB: f64 = 1.0 / <f64>B;
  let total: f64 = 0.0;
  for (let j = 0; j < nRows; j++) {
    const i = load<i32>(rows + (<usize>j << 2));
    const h = hits + (<usize>i << 2);
    const count = load<i32>(h);
    store<f32>(cAt, <f32>(<f64>count * invB));
    const off = <usize>i * rowBytes;
    total += <f64>count * residualRow(w + off, 0, g + off, cAt, d, true);
    store<i32>(h, 0);
  }
  const step = <f32>invB;
  for (let b = 0; b < B; b++) {
    const i = load<i32>(samples + (<usize>b << 3));
    const k = load<i32>(samples + (<usize>b << 3), 4);
    const o = <usize>i * rowBytes + (<usize>k << 2);
    total += 1.0 - 2.0 * <f64>load<f32>(w + o);
    store<f32>(g + o, load<f32>(g + o) - step);
  }
  return total * (0.5 * invB);
}

/**
 * Writes the gradient and returns the loss: full batch (B = 0) the exact ∇L and L(W);
 * mini-batch the sampled gradient (touched rows listed in `touched`) and the batch loss.
 */
export function bigramSquareGradient(prob: usize, w: usize, g: usize, touched: usize): f64 {
  if (load<i32>(prob + BIGRAM_SQUARE_BATCH) == 0) return fullPass(prob, w, g, true);
  return miniBatchGradient(prob, w, g, touched);
}

/** The exact loss L(W) (O(d²)), whatever the batch; g untouched. */
export function bigramSquareLoss(prob: usize, w: usize): f64 {
  return fullPass(prob, w, 0, false);
}

/**
 * Per-class losses for record steps (O(d²); g untouched): input token i is a class of
 * frequency π_i, and out[i] (f64) = ℓ_i = ½ E[‖We_i − e_k‖² | i] = ½‖W_i − p_i‖² + ℓ*, where
 * ℓ* = ½(1 − ‖p_i‖²) is the same for every row (its entries are π permuted), so that
 * L = Σ_i π_i ℓ_i, the exact loss in bigramSquareLoss's terms.
 */
export function bigramSquareClassLoss(prob: usize, w: usize, out: usize): void {
  const d = load<i32>(prob + BIGRAM_SQUARE_D);
  const pi = load<usize>(prob + BIGRAM_SQUARE_PI);
  const optimalRowLoss = load<f64>(prob + BIGRAM_SQUARE_OPTIMAL_ROW_LOSS);
  const rowBytes = <usize>d << 2;
  for (let i = 0; i < d; i++) {
    const off = <usize>i * rowBytes;
    const p = conditionalRow(prob, i);
    const residual = residualRow(w + off, p, 0, pi, d, false);
    store<f64>(out + (<usize>i << 3), 0.5 * residual + optimalRowLoss);
  }
}

