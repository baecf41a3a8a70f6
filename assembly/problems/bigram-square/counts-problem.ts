// Linear bigram model with the square loss on a count matrix (a real corpus): SPEC items 3, 5.
//   pairs (i, k) with counts c_ik (CSR by input row i), N = Σ c_ik, q_ik = c_ik/N,
//   π_i = Σ_k q_ik (input frequency), p_ik = q_ik/π_i
//   L(W) = E ½‖We_i − e_k‖² = ½ Σ_i π_i ‖W_i‖² − Σ_ik q_ik W_ik + ½        (Σ q = 1)
//        = ½ Σ_i π_i ‖W_i − p_i‖² + L*,   L* = ½ − ½ Σ_ik q_ik²/π_i
//   full batch: ∇_{W_i} L = π_i W_i − q_i    (entry (k, i): π_i W_ki − q_ik; O(d² + nnz))
//   mini-batch: B pairs drawn ∝ c_ik (alias table over the entries); g = (1/B) Σ_b (W_{i_b} − e_{k_b}),
//               zero outside the sampled rows, which are appended to the touched-row list.
// W_i = W[:, i] is stored as row i (entry (k, i) at i·d + k), as in bigram_square.ts.
//
// Problem block (src/problems/bigram-square/counts-problem.ts mirrors it):
//   block: `bigramSquareCounts` in src/layout/blocks.mjs (d, B, nnz, CSR rowStart/cols, q = c_e/N,
//   π, entry rows, alias table, hits, samples, rng, a row's coefficient).
// RNG draws per sample: one entry from the alias table (2 draws). The full batch draws nothing.
// Row sums (rows.ts) follow math/reduce.ts (f32 terms, four f64 lanes, then the tail); the entry
// sum Σ q_e W_e is in entry order, in f64 of f32 products. Per-class losses (record steps):
// bigramSquareCountsClassLoss below.
import { hitRow } from "../../sparse/scatter";
import { BIGRAM_SQUARE_COUNTS_ALIAS_TABLE, BIGRAM_SQUARE_COUNTS_BATCH, BIGRAM_SQUARE_COUNTS_COEFFICIENT, BIGRAM_SQUARE_COUNTS_COLS, BIGRAM_SQUARE_COUNTS_D, BIGRAM_SQUARE_COUNTS_ENTRY_ROWS, BIGRAM_SQUARE_COUNTS_HITS, BIGRAM_SQUARE_COUNTS_NNZ, BIGRAM_SQUARE_COUNTS_PI, BIGRAM_SQUARE_COUNTS_Q, BIGRAM_SQUARE_COUNTS_RNG, BIGRAM_SQUARE_COUNTS_ROW_START, BIGRAM_SQUARE_COUNTS_SAMPLES } from "../../layout";
import { TOUCHED_ROWS_MARK, TOUCHED_ROWS_N_TOUCHED, TOUCHED_ROWS_ROWS } from "../../layout";
import { residualRow } from "./rows";
import { sampleAlias } from "../../sampling/alias";

// acc + Σ_e q_e W_ie over row i's entries e in order (f64 of f32 products); with `write`
// also g_ie −= q_e. The loss adds every row into one accumulator, the class loss one row.
@inline function addRowEntries(acc: f64, prob: usize, i: i32, w: usize, g: usize, write: bool): f64 {
  const rowStart = load<usize>(prob + BIGRAM_SQUARE_COUNTS_ROW_START);
  const cols = load<usize>(prob + BIGRAM_SQUARE_COUNTS_COLS);
  const q = load<usize>(prob + BIGRAM_SQUARE_COUNTS_Q);
  const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
  for (let e = load<i32>(rowStart + (<usize>i << 2)); e < end; e++) {
    const o = <usize>load<i32>(cols + (<usize>e << 2)) << 2;
    const qe = load<f32>(q + (<usize>e << 2));
    acc += <f64>(qe * load<f32>(w + o));
    if (write) store<f32>(g + o, load<f32>(g + o) - qe);
  }
  return acc;
}

@inline function fullPass(prob: usize, w: usize, g: usize, write: bool): f64 {
  const d = load<i32>(prob + BIGRAM_SQUARE_COUNTS_D);
  const pi = load<usize>(prob + BIGRAM_SQUARE_COUNTS_PI);
  const rowBytes = <usize>d << 2;
  let squares: f64 = 0.0;
  let linear: f64 = 0.0;
  for (let i = 0; i < d; i++) {
    const piAt = pi + (<usize>i << 2);
    const off = <usize>i * rowBytes;
    squares += <f64>load<f32>(piAt) * residualRow(w + off, 0, g + off, piAt, d, write);
    linear = addRowEntries(linear, prob, i, w + off, g + off, write);
  }
  return 0.5 * squares - linear + 0.5;
}

/** Mini-batch gradient, O(B + U·d) for U distinct sampled rows (as bigram_square.ts). */
function miniBatchGradient(prob: usize, w: usize, g: usize, touched: usize): f64 {
  const d = load<i32>(prob + BIGRAM_SQUARE_COUNTS_D);
  const B = load<i32>(prob + BIGRAM_SQUARE_COUNTS_BATCH);
  const nnz = load<i32>(prob + BIGRAM_SQUARE_COUNTS_NNZ);
  const cols = load<usize>(prob + BIGRAM_SQUARE_COUNTS_COLS);
  const entryRow = load<usize>(prob + BIGRAM_SQUARE_COUNTS_ENTRY_ROWS);
  const table = load<usize>(prob + BIGRAM_SQUARE_COUNTS_ALIAS_TABLE);
  const hits = load<usize>(prob + BIGRAM_SQUARE_COUNTS_HITS);
  const samples = load<usize>(prob + BIGRAM_SQUARE_COUNTS_SAMPLES);
  const rng = load<usize>(prob + BIGRAM_SQUARE_COUNTS_RNG);
  const mark = load<usize>(touched + TOUCHED_ROWS_MARK);
  const rows = load<usize>(touched + TOUCHED_ROWS_ROWS);
  const rowBytes = <usize>d << 2;
  let nRows = 0;
  for (let b = 0; b < B; b++) {
    const e = sampleAlias(rng, table, nnz);
    store<i32>(samples + (<usize>b << 2), e);
    const i = load<i32>(entryRow + (<usize>e << 2));
    nRows = hitRow(i, hits, mark, rows, nRows);
  }
  store<i32>(touched + TOUCHED_ROWS_N_TOUCHED, nRows);
  const cAt = prob + BIGRAM_SQUARE_COUNTS_COEFFICIENT;
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
    const e = load<i32>(samples + (<usize>b << 2));
    const o = <usize>load<i32>(entryRow + (<usize>e << 2)) * rowBytes + (<usize>load<i32>(cols + (<usize>e << 2)) << 2);
    total += 1.0 - 2.0 * <f64>load<f32>(w + o);
    store<f32>(g + o, load<f32>(g + o) - step);
  }
  return total * (0.5 * invB);
}

export function bigramSquareCountsGradient(prob: usize, w: usize, g: usize, touched: usize): f64 {
  if (load<i32>(prob + BIGRAM_SQUARE_COUNTS_BATCH) == 0) return fullPass(prob, w, g, true);
  return miniBatchGradient(prob, w, g, touched);
}

/** The exact loss L(W) (O(d² + nnz)); g untouched. */
export function bigramSquareCountsLoss(prob: usize, w: usize): f64 {
  return fullPass(prob, w, 0, false);
}

/**
 * Per-class losses for record steps (O(d² + nnz); g untouched): input token i is a class of
 * frequency π_i, and out[i] (f64) = ℓ_i = ½ E[‖We_i − e_k‖² | i] = ½(‖W_i‖² − 2 p_i·W_i + 1)
 * with p_i·W_i = Σ_e q_e W_ie / π_i (a row without pairs: ½(‖W_i‖² + 1)), so that
 * L = Σ_i π_i ℓ_i in bigramSquareCountsLoss's terms.
 */
export function bigramSquareCountsClassLoss(prob: usize, w: usize, out: usize): void {
  const d = load<i32>(prob + BIGRAM_SQUARE_COUNTS_D);
  const pi = load<usize>(prob + BIGRAM_SQUARE_COUNTS_PI);
  const rowBytes = <usize>d << 2;
  for (let i = 0; i < d; i++) {
    const piAt = pi + (<usize>i << 2);
    const off = <usize>i * rowBytes;
    const squares = residualRow(w + off, 0, 0, piAt, d, false);
    const linear = addRowEntries(0.0, prob, i, w + off, 0, false);
    const p = <f64>load<f32>(piAt);
    const dot = p > 0 ? linear / p : 0.0;
    store<f64>(out + (<usize>i << 3), 0.5 * (squares - 2.0 * dot + 1.0));
  }
}
