// Linear bigram model with the square loss (phenomena 3, 5), on one of two data:
//   Zipf:   input x = e_i, i ~ π, π_i ∝ i^(−α); output y = e_k, k | i ~ p_i, p_ik = π_{rank_i(k)}
//           (rank_i a per-row permutation, or the identity);
//   counts: a count matrix c_ik (CSR by input row i, a real corpus), N = Σ c_ik, q_ik = c_ik/N,
//           π_i = Σ_k q_ik, p_ik = q_ik/π_i.
//   L(W) = E ½‖Wx − y‖² = ½ Σ_i π_i ‖W_i − p_i‖² + L*,   L* = ½ Σ_i π_i (1 − ‖p_i‖²)
//        = ½ Σ_i π_i ‖W_i‖² − Σ_ik q_ik W_ik + ½         (counts: sparse targets, Σ q = 1)
// W_i = W[:, i] is stored as row i (Wᵀ row-major: entry (k, i) at i·d + k), so input i
// touches one contiguous row.
//   full batch: ∇_{W_i} L = π_i (W_i − p_i)      (entry (k, i): π_i W_ki − q_ik)
//   mini-batch: g = (1/B) Σ_b (W_{i_b} − e_{k_b}), unbiased; it is zero outside the sampled
//               rows, which the kernel appends to the run loop's touched-row list.
// The full batch computes Zipf rows with their dense target p_i (the sum Σ (W_ik − p_ik)²) and
// count rows without one, then Σ_e q_e W_ie over the row's entries (f64 of f32 products).
//
// Problem block: `bigramSquare` in src/layout/blocks.mjs, written by
// src/problems/bigram-square/zipf.ts and counts.ts (Zipf: π, its alias table, the rankings,
// written row by row from the seeded generator; counts: the CSR, q, π and the entries' alias
// table).
// Touched rows: the run loop's `touchedRows` view.
//
// RNG draws per sample b (drawPair): Zipf: i_b and then the rank r_b of its output from π's
// alias table (2 draws each), k_b = classOfRank[i_b][r_b]; counts: one entry e_b from the
// entries' alias table (2 draws), (i_b, k_b) = (row, column) of e_b. The full batch draws nothing.
//
// Row sums (rows.ts) follow math/reduce.ts: terms rounded to f32, four f64 lane sums over the
// 4-aligned body, (l0+l1)+(l2+l3), then the tail one by one.
import { hitRow } from "../../sparse/scatter";
import {
  BIGRAM_SQUARE_ALIAS_SIZE, BIGRAM_SQUARE_ALIAS_TABLE, BIGRAM_SQUARE_BATCH, BIGRAM_SQUARE_CLASS_OF_RANK, BIGRAM_SQUARE_COEFFICIENT,
  BIGRAM_SQUARE_COLS, BIGRAM_SQUARE_D, BIGRAM_SQUARE_DATA, BIGRAM_SQUARE_ENTRY_ROWS, BIGRAM_SQUARE_HITS, BIGRAM_SQUARE_OPTIMAL_LOSS,
  BIGRAM_SQUARE_OPTIMAL_ROW_LOSS, BIGRAM_SQUARE_PI, BIGRAM_SQUARE_Q, BIGRAM_SQUARE_RNG, BIGRAM_SQUARE_ROW_SCRATCH, BIGRAM_SQUARE_ROW_START,
  BIGRAM_SQUARE_SAMPLES, BigramData,
} from "../../layout";
import { TOUCHED_ROWS_MARK, TOUCHED_ROWS_N_TOUCHED, TOUCHED_ROWS_ROWS } from "../../layout";
import { residualRow } from "./rows";
import { sampleAlias } from "../../sampling/alias";

@inline function isZipf(prob: usize): bool {
  return load<u32>(prob + BIGRAM_SQUARE_DATA) == BigramData.Zipf;
}

/** Zipf: p_i, π itself under the identity ranking, else π scattered to the classes of row i. */
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

// Counts: acc + Σ_e q_e W_ie over row i's entries e in order (f64 of f32 products); with
// `write` also g_ie −= q_e. The loss adds every row into one accumulator, the class loss one row.
@inline function addRowEntries(acc: f64, prob: usize, i: i32, w: usize, g: usize, write: bool): f64 {
  const rowStart = load<usize>(prob + BIGRAM_SQUARE_ROW_START);
  const cols = load<usize>(prob + BIGRAM_SQUARE_COLS);
  const q = load<usize>(prob + BIGRAM_SQUARE_Q);
  const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
  for (let e = load<i32>(rowStart + (<usize>i << 2)); e < end; e++) {
    const o = <usize>load<i32>(cols + (<usize>e << 2)) << 2;
    const qe = load<f32>(q + (<usize>e << 2));
    acc += <f64>(qe * load<f32>(w + o));
    if (write) store<f32>(g + o, load<f32>(g + o) - qe);
  }
  return acc;
}

// L(W) over all rows; with `write` also the full-batch gradient into g.
@inline function fullPass(prob: usize, w: usize, g: usize, write: bool): f64 {
  const d = load<i32>(prob + BIGRAM_SQUARE_D);
  const pi = load<usize>(prob + BIGRAM_SQUARE_PI);
  const zipf = isZipf(prob);
  const rowBytes = <usize>d << 2;
  let squares: f64 = 0.0;
  let linear: f64 = 0.0;
  for (let i = 0; i < d; i++) {
    const piAt = pi + (<usize>i << 2);
    const off = <usize>i * rowBytes;
    const p = zipf ? conditionalRow(prob, i) : 0;
    squares += <f64>load<f32>(piAt) * residualRow(w + off, p, g + off, piAt, d, write);
    if (!zipf) linear = addRowEntries(linear, prob, i, w + off, g + off, write);
  }
  return zipf ? 0.5 * squares + load<f64>(prob + BIGRAM_SQUARE_OPTIMAL_LOSS) : 0.5 * squares - linear + 0.5;
}

/** One sampled pair (i, k) into samples[b]; returns i. */
@inline function drawPair(prob: usize, rng: usize, samples: usize, b: i32): i32 {
  const table = load<usize>(prob + BIGRAM_SQUARE_ALIAS_TABLE);
  const size = load<i32>(prob + BIGRAM_SQUARE_ALIAS_SIZE);
  let i: i32, k: i32;
  if (isZipf(prob)) {
    const d = load<i32>(prob + BIGRAM_SQUARE_D);
    const classOfRank = load<usize>(prob + BIGRAM_SQUARE_CLASS_OF_RANK);
    i = sampleAlias(rng, table, size);
    const r = sampleAlias(rng, table, size);
    k = classOfRank == 0 ? r : <i32>load<u16>(classOfRank + ((<usize>i * <usize>d + <usize>r) << 1));
  } else {
    const e = <usize>sampleAlias(rng, table, size) << 2;
    i = load<i32>(load<usize>(prob + BIGRAM_SQUARE_ENTRY_ROWS) + e);
    k = load<i32>(load<usize>(prob + BIGRAM_SQUARE_COLS) + e);
  }
  store<i32>(samples + (<usize>b << 3), i);
  store<i32>(samples + (<usize>b << 3), k, 4);
  return i;
}

/**
 * Mini-batch gradient, O(B + U·d) for U distinct sampled rows:
 *   1. draw the B pairs, count hits h_i per row, list each first-touched row;
 *   2. per touched row: g_i = (h_i/B)·W_i  (one SIMD pass, which also gives ‖W_i‖²);
 *   3. per sample: g[i][k] −= 1/B.
 * Batch loss (1/B) Σ_b ½‖W_{i_b} − e_{k_b}‖² = (Σ_i h_i‖W_i‖² + Σ_b (1 − 2W_{k_b i_b})) / 2B.
 * g must be zero on entry; it is zero again outside the listed rows on return.
 */
function miniBatchGradient(prob: usize, w: usize, g: usize, touched: usize): f64 {
  const d = load<i32>(prob + BIGRAM_SQUARE_D);
  const B = load<i32>(prob + BIGRAM_SQUARE_BATCH);
  const hits = load<usize>(prob + BIGRAM_SQUARE_HITS);
  const samples = load<usize>(prob + BIGRAM_SQUARE_SAMPLES);
  const rng = load<usize>(prob + BIGRAM_SQUARE_RNG);
  const mark = load<usize>(touched + TOUCHED_ROWS_MARK);
  const rows = load<usize>(touched + TOUCHED_ROWS_ROWS);
  const rowBytes = <usize>d << 2;
  let nRows = 0;
  for (let b = 0; b < B; b++) nRows = hitRow(drawPair(prob, rng, samples, b), hits, mark, rows, nRows);
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

/** The exact loss L(W) (O(d² + nnz)), whatever the batch; g untouched. */
export function bigramSquareLoss(prob: usize, w: usize): f64 {
  return fullPass(prob, w, 0, false);
}

/**
 * Per-class losses for record steps (O(d² + nnz); g untouched): input token i is a class of
 * frequency π_i, and out[i] (f64) = ℓ_i = ½ E[‖We_i − e_k‖² | i], so that L = Σ_i π_i ℓ_i
 * in bigramSquareLoss's terms:
 *   Zipf:   ℓ_i = ½‖W_i − p_i‖² + ℓ*, ℓ* = ½(1 − ‖p_i‖²) the same for every row (its entries are π permuted);
 *   counts: ℓ_i = ½(‖W_i‖² − 2 p_i·W_i + 1), p_i·W_i = Σ_e q_e W_ie / π_i (a row without pairs: ½(‖W_i‖² + 1)).
 */
export function bigramSquareClassLoss(prob: usize, w: usize, out: usize): void {
  const d = load<i32>(prob + BIGRAM_SQUARE_D);
  const pi = load<usize>(prob + BIGRAM_SQUARE_PI);
  const zipf = isZipf(prob);
  const optimalRowLoss = load<f64>(prob + BIGRAM_SQUARE_OPTIMAL_ROW_LOSS);
  const rowBytes = <usize>d << 2;
  for (let i = 0; i < d; i++) {
    const piAt = pi + (<usize>i << 2);
    const off = <usize>i * rowBytes;
    let loss: f64;
    if (zipf) {
      loss = 0.5 * residualRow(w + off, conditionalRow(prob, i), 0, piAt, d, false) + optimalRowLoss;
    } else {
      const squares = residualRow(w + off, 0, 0, piAt, d, false);
      const linear = addRowEntries(0.0, prob, i, w + off, 0, false);
      const p = <f64>load<f32>(piAt);
      const dot = p > 0 ? linear / p : 0.0;
      loss = 0.5 * (squares - 2.0 * dot + 1.0);
    }
    store<f64>(out + (<usize>i << 3), loss);
  }
}
