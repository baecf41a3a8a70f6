// Bigram next-token model with softmax cross-entropy (phenomena 4b, 5).
//   input token i (one-hot), logits z = W_i (row i of Wᵀ, contiguous: entry (k, i) at i·d + k),
//   data: weights c_ik/N, n_i = Σ_k c_ik, N = Σ_i n_i,
//   L(W) = (1/N) Σ_i Σ_k c_ik (log Σ_j e^{W_ij} − W_ik) = Σ_i (n_i/N) lse(W_i) − Σ_ik (c_ik/N) W_ik
//   full batch: ∇_{W_i} L = (n_i/N) softmax(W_i) − (c_i·/N)            (+ λW_i with L2)
//   mini-batch: B pairs (i_b, k_b) drawn ∝ c_ik, g = (1/B) Σ_b (softmax(W_{i_b}) − e_{k_b}) in
//               row i_b; zero elsewhere. Stored counts: one alias draw over the entries;
//               expected counts c_ik ∝ π_i·π_{rank_i(k)}: i ~ π, then a rank r ~ π (the same
//               table), k = classOfRank_i(r) — nothing of size d² but the u16 tables.
// The counts come two ways, and only the −c part differs:
//   dense   synthetic expected counts, never stored: c_ik/N = f32(f32(a_i·b_{rank_i(k)})·ω_k)
//           (a = π, b = π by rank, rank_i a u16 permutation per row or the identity, ω the
//           optional reweighting) — a gather per entry, then one SIMD pass;
//   sparse  a CSR list (sampled pairs, a corpus): u = s·e in one SIMD pass, then −c_e per entry.
//
// One fused row pass (rows.ts): max, e = exp(z − M) with S = Σe, then
// u = (n_i/N)/S·e − c with Σ c·z, so the row loss (n_i/N)·lse − Σ c·z and, at recorded
// steps, the per-class loss Σ_i c_ik (lse_i − W_ik) come with the gradient. A row-local
// optimizer chain then runs on the row while it is in cache (chainRow): no gradient matrix.
// The loss is Σ_i of the row losses in row order (any split of the rows gives the same bits).
//
// Problem block (src/problems/bigram-softmax/problem.ts mirrors it), 4-byte fields:
//   block: `bigramSoftmax` in src/layout/blocks.mjs (CSR counts and their weights, alias table,
//   scratch, hits/samples/next/head of a mini-batch, rng, λ, and a, b, ranks and ω of expected counts).
// Per-class losses are summed over CLASS_BLOCKS fixed row blocks (rows ⌊b·d/16⌋ … ⌊(b+1)·d/16⌋−1),
// each into a zeroed partial, the partials added in block order: any split of the blocks
// across threads gives the same bits.
// Touched rows: the run loop's `touchedRows` view (src/layout/blocks.mjs).
// RNG draws per sample b (mini-batch only): stored counts, one alias draw (2 words) for the
// entry e_b; expected counts, two (4 words): i_b, then r_b.
import { hitRow } from "../../sparse/scatter";
import { BIGRAM_SOFTMAX_A, BIGRAM_SOFTMAX_ALIAS_TABLE, BIGRAM_SOFTMAX_B, BIGRAM_SOFTMAX_BATCH, BIGRAM_SOFTMAX_CLASS_PARTIAL, BIGRAM_SOFTMAX_COLS, BIGRAM_SOFTMAX_D, BIGRAM_SOFTMAX_DENSE, BIGRAM_SOFTMAX_ENTRY_ROWS, BIGRAM_SOFTMAX_ENTRY_WEIGHTS, BIGRAM_SOFTMAX_HEAD, BIGRAM_SOFTMAX_HITS, BIGRAM_SOFTMAX_LAMBDA, BIGRAM_SOFTMAX_NEXT, BIGRAM_SOFTMAX_NNZ, BIGRAM_SOFTMAX_OMEGA, BIGRAM_SOFTMAX_RANK, BIGRAM_SOFTMAX_RNG, BIGRAM_SOFTMAX_ROW_START, BIGRAM_SOFTMAX_ROW_WEIGHTS, BIGRAM_SOFTMAX_SAMPLE_ROWS, BIGRAM_SOFTMAX_SAMPLES, BIGRAM_SOFTMAX_SCRATCH, BIGRAM_SOFTMAX_CLASS_OF_RANK, BIGRAM_SOFTMAX_ROW_MAXES, BIGRAM_SOFTMAX_TARGETS } from "../../layout";
import { CLASS_BLOCKS, TOUCHED_ROWS_MARK, TOUCHED_ROWS_N_TOUCHED, TOUCHED_ROWS_ROWS } from "../../layout";
import { sampleAlias } from "../../sampling/alias";
import { chainRow } from "../../optimizers/chain";
import { ln } from "../../math/ln";
import { addL2Row, countNonzeroRow, expRow, gradientExpected, rowMax, scaleRow } from "./rows";
import { addRows, gradientExpectedUpdate, updateRow } from "./fused";
import { elementwiseCode } from "../../optimizers/elementwise";

export { BIGRAM_SOFTMAX_BYTES } from "../../layout";

/**
 * Row i of the full-batch gradient into u (f32 d);
 * returns row i's share of L. classLoss ≠ 0 (f64 d): adds c_ik (lse_i − W_ik) at each k.
 */
function fullRow(prob: usize, w: usize, i: i32, u: usize, classLoss: usize, maxes: usize): f64 {
  const d = load<i32>(prob + BIGRAM_SOFTMAX_D);
  const rowBytes = <usize>d << 2;
  const wi = w + <usize>i * rowBytes;
  const rw = load<f32>(load<usize>(prob + BIGRAM_SOFTMAX_ROW_WEIGHTS) + (<usize>i << 2));
  let loss: f64 = 0.0;
  if (rw == 0) {
    memory.fill(u, 0, rowBytes);
  } else {
    // the max the last fused step left (same value: the same rowMax on the same weights), else now
    let M: f32 = maxes != 0 ? load<f32>(maxes + (<usize>i << 2)) : NaN;
    if (isNaN(M)) M = rowMax(wi, d);
    const S = expRow(wi, u, d, M);
    const lse = <f64>M + ln(S);
    const s = <f32>(<f64>rw / S);
    let dot: f64 = 0.0;
    if (load<u32>(prob + BIGRAM_SOFTMAX_DENSE) != 0) {
      const ai = load<f32>(load<usize>(prob + BIGRAM_SOFTMAX_A) + (<usize>i << 2));
      const rank = load<usize>(prob + BIGRAM_SOFTMAX_RANK);
      const ranks = rank != 0 ? rank + (<usize>i * <usize>d << 1) : 0;
      const table = load<usize>(prob + BIGRAM_SOFTMAX_TARGETS);
      const targets = table != 0 ? table + (<usize>i * <usize>d << 2) : 0;
      dot = gradientExpected(u, wi, d, s, ai, targets, load<usize>(prob + BIGRAM_SOFTMAX_B), ranks,
        load<usize>(prob + BIGRAM_SOFTMAX_OMEGA), classLoss, lse);
    } else {
      scaleRow(u, d, s);
      const rowStart = load<usize>(prob + BIGRAM_SOFTMAX_ROW_START);
      const cols = load<usize>(prob + BIGRAM_SOFTMAX_COLS);
      const entryWeight = load<usize>(prob + BIGRAM_SOFTMAX_ENTRY_WEIGHTS);
      const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
      for (let e = load<i32>(rowStart + (<usize>i << 2)); e < end; e++) {
        const k = <usize>load<i32>(cols + (<usize>e << 2)) << 2;
        const ew = load<f32>(entryWeight + (<usize>e << 2));
        const wik = load<f32>(wi + k);
        dot += <f64>ew * <f64>wik;
        store<f32>(u + k, load<f32>(u + k) - ew);
        if (classLoss != 0) {
          const at = classLoss + (k << 1);
          store<f64>(at, load<f64>(at) + <f64>ew * (lse - <f64>wik));
        }
      }
    }
    loss = <f64>rw * lse - dot;
  }
  const lambda = load<f32>(prob + BIGRAM_SOFTMAX_LAMBDA);
  if (lambda != 0) loss += 0.5 * <f64>lambda * addL2Row(u, wi, d, lambda);
  return loss;
}

/**
 * Row i of a full-batch step with expected counts and an elementwise optimizer (code ≠ 0) in
 * one fused pass after the exponentials (rows.ts gradientExpectedUpdate): W_i updated in
 * place, its new max stored at maxAt; returns row i's share of L. Only for rows with n_i > 0
 * and no L2 term (the caller checks): the same bits as fullRow, the chain and rowMax. The
 * non-zero counts of the row's first d & ~3 entries are left to the caller (addRows).
 */
function fusedExpectedRow(prob: usize, w: usize, i: i32, u: usize, classLoss: usize, maxes: usize,
  code: u32, op: usize, counts: usize, maxAt: usize): f64 {
  const d = load<i32>(prob + BIGRAM_SOFTMAX_D);
  const off = <usize>i * (<usize>d << 2);
  const wi = w + off;
  const rw = load<f32>(load<usize>(prob + BIGRAM_SOFTMAX_ROW_WEIGHTS) + (<usize>i << 2));
  let M: f32 = maxes != 0 ? load<f32>(maxes + (<usize>i << 2)) : NaN;
  if (isNaN(M)) M = rowMax(wi, d);
  const S = expRow(wi, u, d, M);
  const lse = <f64>M + ln(S);
  const s = <f32>(<f64>rw / S);
  const ai = load<f32>(load<usize>(prob + BIGRAM_SOFTMAX_A) + (<usize>i << 2));
  const rank = load<usize>(prob + BIGRAM_SOFTMAX_RANK);
  const ranks = rank != 0 ? rank + (<usize>i * <usize>d << 1) : 0;
  const table = load<usize>(prob + BIGRAM_SOFTMAX_TARGETS);
  const targets = table != 0 ? table + off : 0;
  const dot = gradientExpectedUpdate(code, op, off, u, wi, d, s, ai, targets, load<usize>(prob + BIGRAM_SOFTMAX_B), ranks,
    load<usize>(prob + BIGRAM_SOFTMAX_OMEGA), classLoss, lse, counts, maxAt);
  return <f64>rw * lse - dot;
}

/**
 * Full batch over rows [i0, i1): each row's gradient, then (nOps > 0) the row-local chain on
 * it in `scratch` (f32 2d), or (nOps = 0) the gradient row written to g. counts ≠ 0 (u32 d):
 * non-zero gradient counts per next-token class k (the problem's countFold = d); classLoss ≠ 0: per-class loss sums; rowLoss ≠ 0 (f64 d): each
 * row's loss. Returns Σ of the row losses in row order. Expected counts with an elementwise
 * chain (SGD, sign, Adam) take the fused row pass.
 */
export function bigramSoftmaxRows(prob: usize, w: usize, g: usize, i0: i32, i1: i32, scratch: usize,
  chain: usize, nOps: i32, counts: usize, classLoss: usize, rowLoss: usize): f64 {
  return rowsFrom(prob, w, g, i0, i1, scratch, chain, nOps, counts, classLoss, rowLoss, 0.0);
}

/** bigramSoftmaxRows with the row losses added to `loss`, so that blocks of rows give the sum of one call. */
function rowsFrom(prob: usize, w: usize, g: usize, i0: i32, i1: i32, scratch: usize,
  chain: usize, nOps: i32, counts: usize, classLoss: usize, rowLoss: usize, loss: f64): f64 {
  const d = load<i32>(prob + BIGRAM_SOFTMAX_D);
  const rowBytes = <usize>d << 2;
  // Row maxima (full batch): a fused step takes each updated row's max while the row is in
  // cache, so the next pass starts with exp instead of a cold max pass; a gradient-only pass
  // (the loop updates W after it) forgets them; a loss-only pass keeps them.
  const maxes = load<usize>(prob + BIGRAM_SOFTMAX_ROW_MAXES);
  const rowWeights = load<usize>(prob + BIGRAM_SOFTMAX_ROW_WEIGHTS);
  const fusable = load<u32>(prob + BIGRAM_SOFTMAX_DENSE) != 0 && load<f32>(prob + BIGRAM_SOFTMAX_LAMBDA) == 0;
  const code = nOps > 0 ? elementwiseCode(chain, nOps) : 0;
  let deferred: u32 = 0; // rows through the fused passes, whose counts addRows completes
  for (let i = i0; i < i1; i++) {
    const off = <usize>i * rowBytes;
    const u = nOps > 0 || g == 0 ? scratch : g + off;
    // the row's next max goes to maxes, or to the scratch's second half when none are kept
    const maxAt = maxes != 0 ? maxes + (<usize>i << 2) : scratch + rowBytes;
    let l: f64;
    if (code != 0 && fusable && load<f32>(rowWeights + (<usize>i << 2)) != 0) {
      l = fusedExpectedRow(prob, w, i, u, classLoss, maxes, code, chain, counts, maxAt);
      deferred++;
    } else {
      l = fullRow(prob, w, i, u, classLoss, maxes);
      if (code != 0) {
        updateRow(code, chain, off, u, w + off, d, counts, maxAt);
        deferred++;
      } else {
        if (counts != 0) countNonzeroRow(u, counts, d);
        if (nOps > 0) chainRow(chain, nOps, w, u, off, d);
        if (maxes != 0 && (nOps > 0 || g != 0)) {
          store<f32>(maxes + (<usize>i << 2), nOps > 0 ? rowMax(w + off, d) : NaN);
        }
      }
    }
    if (rowLoss != 0) store<f64>(rowLoss + (<usize>i << 3), l);
    loss += l;
  }
  if (counts != 0 && deferred != 0) addRows(counts, d, deferred);
  return loss;
}

/**
 * Mini-batch step, O(B + U·d) for U distinct sampled rows:
 *   1. draw B entries, count hits h_i per input row, list each first-touched row, and chain
 *      each row's samples (head/next, in increasing b);
 *   2. per listed row: u = (h_i/B)·softmax(W_i), u_{k_b} −= 1/B for its samples; then either
 *      the chain on the row (nOps > 0: no gradient written; marks cleared here) or u = g_i.
 * With an elementwise chain (SGD, sign, lazy Adam) the update, the non-zero counts and the
 * row's new max are one loop (updateRow), and the max is kept (rowMaxes), so a row's next
 * visit starts with exp instead of a max pass over a row that is no longer in cache. Other
 * chains change W outside this kernel: every max is forgotten (NaN) at each step.
 * Batch loss (1/B) Σ_i (h_i lse_i − Σ_{b in i} W_{i k_b}).
 */
function miniBatchStep(prob: usize, w: usize, g: usize, touched: usize, chain: usize, nOps: i32,
  counts: usize): f64 {
  const d = load<i32>(prob + BIGRAM_SOFTMAX_D);
  const B = load<i32>(prob + BIGRAM_SOFTMAX_BATCH);
  const nnz = load<i32>(prob + BIGRAM_SOFTMAX_NNZ);
  const cols = load<usize>(prob + BIGRAM_SOFTMAX_COLS);
  const entryRow = load<usize>(prob + BIGRAM_SOFTMAX_ENTRY_ROWS);
  const table = load<usize>(prob + BIGRAM_SOFTMAX_ALIAS_TABLE);
  const scratch = load<usize>(prob + BIGRAM_SOFTMAX_SCRATCH);
  const hits = load<usize>(prob + BIGRAM_SOFTMAX_HITS);
  const samples = load<usize>(prob + BIGRAM_SOFTMAX_SAMPLES);
  const sampleRows = load<usize>(prob + BIGRAM_SOFTMAX_SAMPLE_ROWS);
  const classOfRank = load<usize>(prob + BIGRAM_SOFTMAX_CLASS_OF_RANK);
  const expected = load<u32>(prob + BIGRAM_SOFTMAX_DENSE) != 0;
  const next = load<usize>(prob + BIGRAM_SOFTMAX_NEXT);
  const rng = load<usize>(prob + BIGRAM_SOFTMAX_RNG);
  const head = load<usize>(prob + BIGRAM_SOFTMAX_HEAD);
  const mark = load<usize>(touched + TOUCHED_ROWS_MARK);
  const rows = load<usize>(touched + TOUCHED_ROWS_ROWS);
  const rowBytes = <usize>d << 2;
  const maxes = load<usize>(prob + BIGRAM_SOFTMAX_ROW_MAXES);
  const code = nOps > 0 && maxes != 0 ? elementwiseCode(chain, nOps) : 0;
  // Other chains update W outside this kernel (every row, or rows caught up later): no max is known.
  if (code == 0 && maxes != 0) forgetMaxes(maxes, d);
  let nRows = 0;
  let deferred: u32 = 0; // rows through updateRow, whose counts addRows completes
  for (let b = 0; b < B; b++) {
    let i: i32, k: i32;
    if (expected) {
      i = sampleAlias(rng, table, d);
      const r = sampleAlias(rng, table, d);
      k = classOfRank == 0 ? r : <i32>load<u16>(classOfRank + ((<usize>i * <usize>d + <usize>r) << 1));
    } else {
      const e = sampleAlias(rng, table, nnz);
      i = load<i32>(entryRow + (<usize>e << 2));
      k = load<i32>(cols + (<usize>e << 2));
    }
    store<i32>(samples + (<usize>b << 2), k);
    store<i32>(sampleRows + (<usize>b << 2), i);
    nRows = hitRow(i, hits, mark, rows, nRows);
  }
  for (let b = B - 1; b >= 0; b--) {
    const i = load<i32>(sampleRows + (<usize>b << 2));
    const hd = head + (<usize>i << 2);
    store<i32>(next + (<usize>b << 2), load<i32>(hd));
    store<i32>(hd, b);
  }
  const invB: f64 = 1.0 / <f64>B;
  const step = <f32>invB;
  let loss: f64 = 0.0;
  for (let j = 0; j < nRows; j++) {
    const i = load<i32>(rows + (<usize>j << 2));
    const off = <usize>i * rowBytes;
    const wi = w + off;
    const u = nOps > 0 ? scratch : g + off;
    const h = hits + (<usize>i << 2);
    const hd = head + (<usize>i << 2);
    const count = load<i32>(h);
    let M: f32 = code != 0 ? load<f32>(maxes + (<usize>i << 2)) : NaN;
    if (isNaN(M)) M = rowMax(wi, d);
    const S = expRow(wi, u, d, M);
    scaleRow(u, d, <f32>(<f64>count * invB / S));
    let rowLoss = <f64>count * (<f64>M + ln(S));
    for (let b = load<i32>(hd); b >= 0; b = load<i32>(next + (<usize>b << 2))) {
      const k = <usize>load<i32>(samples + (<usize>b << 2)) << 2;
      rowLoss -= <f64>load<f32>(wi + k);
      store<f32>(u + k, load<f32>(u + k) - step);
    }
    loss += rowLoss;
    store<i32>(h, 0);
    store<i32>(hd, -1);
    if (code != 0) {
      updateRow(code, chain, off, u, wi, d, counts, maxes + (<usize>i << 2));
      deferred++;
      store<u8>(mark + <usize>i, 0);
    } else if (nOps > 0) {
      if (counts != 0) countNonzeroRow(u, counts, d);
      chainRow(chain, nOps, w, u, off, d);
      store<u8>(mark + <usize>i, 0);
    }
  }
  if (counts != 0 && deferred != 0) addRows(counts, d, deferred);
  store<i32>(touched + TOUCHED_ROWS_N_TOUCHED, nOps > 0 ? 0 : nRows);
  return loss * invB;
}

/** maxes_i ← NaN (unknown) for every row. */
function forgetMaxes(maxes: usize, d: i32): void {
  const nan = f32x4.splat(NaN);
  let i = 0;
  for (; i + 4 <= d; i += 4) v128.store(maxes + (<usize>i << 2), nan);
  for (; i < d; i++) store<f32>(maxes + (<usize>i << 2), NaN);
}

/** Full batch over all rows; with classLoss, block by block through the partial (see header). */
function fullBatch(prob: usize, w: usize, g: usize, chain: usize, nOps: i32, counts: usize, classLoss: usize): f64 {
  const d = load<i32>(prob + BIGRAM_SOFTMAX_D);
  const scratch = load<usize>(prob + BIGRAM_SOFTMAX_SCRATCH);
  if (classLoss == 0) return bigramSoftmaxRows(prob, w, g, 0, d, scratch, chain, nOps, counts, 0, 0);
  const partial = load<usize>(prob + BIGRAM_SOFTMAX_CLASS_PARTIAL);
  let loss: f64 = 0.0;
  for (let b = 0; b < CLASS_BLOCKS; b++) {
    const i0 = <i32>(<i64>b * <i64>d / CLASS_BLOCKS);
    const i1 = <i32>(<i64>(b + 1) * <i64>d / CLASS_BLOCKS);
    memory.fill(partial, 0, <usize>d << 3);
    // the block's row losses added to the running sum: the same sum as in one call
    loss = rowsFrom(prob, w, g, i0, i1, scratch, chain, nOps, counts, partial, 0, loss);
    addClassPartial(classLoss, partial, d);
  }
  return loss;
}

/** classLoss_k += partial_k. */
export function addClassPartial(classLoss: usize, partial: usize, d: i32): void {
  for (let k = 0; k < d; k++) {
    const at = classLoss + (<usize>k << 3);
    store<f64>(at, load<f64>(at) + load<f64>(partial + (<usize>k << 3)));
  }
}

/** Writes the gradient (full batch: all of g; mini-batch: the listed rows) and returns the loss. */
export function bigramSoftmaxGradient(prob: usize, w: usize, g: usize, touched: usize): f64 {
  return bigramSoftmaxStep(prob, w, g, touched, 0, 0, 0, 0);
}

/**
 * One step with a row-local chain fused in (nOps > 0; its prepare already ran), or the
 * gradient into g (nOps = 0). classLoss: see bigramSoftmaxRows (full batch only).
 */
export function bigramSoftmaxStep(prob: usize, w: usize, g: usize, touched: usize, chain: usize, nOps: i32,
  counts: usize, classLoss: usize): f64 {
  if (load<i32>(prob + BIGRAM_SOFTMAX_BATCH) != 0) return miniBatchStep(prob, w, g, touched, chain, nOps, counts);
  return fullBatch(prob, w, g, chain, nOps, counts, classLoss);
}

/** The exact loss L(W) (O(d²) exps), whatever the batch; no gradient kept. */
export function bigramSoftmaxLoss(prob: usize, w: usize): f64 {
  return bigramSoftmaxRows(prob, w, 0, 0, load<i32>(prob + BIGRAM_SOFTMAX_D), load<usize>(prob + BIGRAM_SOFTMAX_SCRATCH), 0, 0, 0, 0, 0);
}

/** L(W), and Σ_i c_ik (lse_i − W_ik) added into classLoss (f64 d, zeroed by the caller). */
export function bigramSoftmaxClassLoss(prob: usize, w: usize, classLoss: usize): f64 {
  return fullBatch(prob, w, 0, 0, 0, 0, classLoss);
}
