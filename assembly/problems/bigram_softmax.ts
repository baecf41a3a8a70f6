// Bigram next-token model with softmax cross-entropy (SPEC items 4b, 5).
//   input token i (one-hot), logits z = W_i (row i of Wᵀ, contiguous: entry (k, i) at i·d + k),
//   data: counts c_ik (CSR by input row), n_i = Σ_k c_ik, N = Σ_i n_i,
//   L(W) = (1/N) Σ_i Σ_k c_ik (log Σ_j e^{W_ij} − W_ik) = Σ_i (n_i/N) lse(W_i) − Σ_ik (c_ik/N) W_ik
//   full batch: ∇_{W_i} L = (n_i/N) softmax(W_i) − (c_i·/N)            (rows with n_i = 0: zero)
//   mini-batch: B pairs (i_b, k_b) drawn ∝ c_ik (alias table over the nonzero entries),
//               g = (1/B) Σ_b (softmax(W_{i_b}) − e_{k_b}) in row i_b; zero outside the sampled
//               rows, which the kernel lists in the run loop's touched-row block.
// Any count matrix works (synthetic Zipf pairs or a corpus): the kernel only sees the CSR.
//
// Problem block (src/problems/bigram-softmax.ts mirrors it), 4-byte fields:
//   +0 d   +4 B (0 = full batch)   +8 nnz   +12 rowStart ptr (i32 d+1)   +16 cols ptr (i32 nnz)
//   +20 entry weights ptr (f32 nnz: c_e/N)   +24 row weights ptr (f32 d: n_i/N)
//   +28 entry rows ptr (i32 nnz)   +32 alias table ptr (nnz entries, sampling/alias.ts; from c_e)
//   +36 scratch row ptr (f32 d)   +40 hits ptr (i32 d; zero between steps)
//   +44 samples ptr (i32 B: the drawn entries)   +48 scatter coefficient (f32)   +52 rng ptr
//   +56 λ (f32): L2 regularization λ/2‖W‖², full batch only (its gradient is dense)
// (+28, +32, +44 are 0 for the full batch.)
// Touched-row block (the run loop's, loop.ts +64): +4 mark ptr (u8), +8 rows ptr (i32), +12 count.
// RNG draws per sample b (mini-batch only): one alias draw (2 words) for the entry e_b.
import { sampleAlias } from "../sampling/alias";
import { scatterAddRows } from "../sparse/scatter";
import { softmaxRow } from "./softmax";
import { addL2 } from "./l2";

export const BIGRAM_SOFTMAX_BYTES: usize = 60;

// L(W); with g ≠ 0 also the full-batch gradient into g; with classLoss ≠ 0 (f64 d) also
// Σ_i (c_ik/N)(lse_i − W_ik) added at each output class k.
export function bigramSoftmaxPass(prob: usize, w: usize, g: usize, classLoss: usize): f64 {
  const d = load<i32>(prob, 0);
  const rowStart = load<usize>(prob, 12);
  const cols = load<usize>(prob, 16);
  const entryWeight = load<usize>(prob, 20);
  const rowWeight = load<usize>(prob, 24);
  const scratch = load<usize>(prob, 36);
  const rowBytes = <usize>d << 2;
  let loss: f64 = 0.0;
  for (let i = 0; i < d; i++) {
    const wi = w + <usize>i * rowBytes;
    const gi = g + <usize>i * rowBytes;
    const rw = load<f32>(rowWeight + (<usize>i << 2));
    if (rw == 0) {
      if (g != 0) memory.fill(gi, 0, rowBytes);
      continue;
    }
    // g_i = (n_i/N)·softmax(W_i) in one pass; the loss alone needs lse_i only.
    const lse = g != 0 ? softmaxRow(wi, gi, d, <f64>rw) : softmaxRow(wi, scratch, d, 1.0);
    loss += <f64>rw * lse;
    const end = load<i32>(rowStart + (<usize>(i + 1) << 2));
    for (let e = load<i32>(rowStart + (<usize>i << 2)); e < end; e++) {
      const k = <usize>load<i32>(cols + (<usize>e << 2)) << 2;
      const ew = load<f32>(entryWeight + (<usize>e << 2));
      const wik = load<f32>(wi + k);
      loss -= <f64>ew * <f64>wik;
      if (g != 0) store<f32>(gi + k, load<f32>(gi + k) - ew);
      if (classLoss != 0) {
        const at = classLoss + (k << 1);
        store<f64>(at, load<f64>(at) + <f64>ew * (lse - <f64>wik));
      }
    }
  }
  const lambda = load<f32>(prob, 56);
  if (lambda != 0) loss += addL2(lambda, w, g, d * d);
  return loss;
}

/**
 * Mini-batch gradient, O(B + U·d) for U distinct sampled rows:
 *   1. draw B entries, count hits h_i per input row, list each first-touched row;
 *   2. per listed row: p = softmax(W_i), g_i += (h_i/B)·p (sparse/scatter.ts);
 *   3. per sample: g[i_b][k_b] −= 1/B.
 * Batch loss (1/B) Σ_b (lse(W_{i_b}) − W_{i_b k_b}) = (Σ_i h_i lse_i − Σ_b W_{i_b k_b}) / B.
 * g must be zero on entry; it is zero again outside the listed rows on return.
 */
function miniBatchGradient(prob: usize, w: usize, g: usize, touched: usize): f64 {
  const d = load<i32>(prob, 0);
  const B = load<i32>(prob, 4);
  const nnz = load<i32>(prob, 8);
  const cols = load<usize>(prob, 16);
  const entryRow = load<usize>(prob, 28);
  const table = load<usize>(prob, 32);
  const scratch = load<usize>(prob, 36);
  const hits = load<usize>(prob, 40);
  const samples = load<usize>(prob, 44);
  const rng = load<usize>(prob, 52);
  const mark = load<usize>(touched, 4);
  const rows = load<usize>(touched, 8);
  const rowBytes = <usize>d << 2;
  let nRows = 0;
  for (let b = 0; b < B; b++) {
    const e = sampleAlias(rng, table, nnz);
    store<i32>(samples + (<usize>b << 2), e);
    const i = load<i32>(entryRow + (<usize>e << 2));
    const h = hits + (<usize>i << 2);
    if (load<i32>(h) == 0) {
      store<u8>(mark + <usize>i, 1);
      store<i32>(rows + (<usize>nRows << 2), i);
      nRows++;
    }
    store<i32>(h, load<i32>(h) + 1);
  }
  store<i32>(touched, nRows, 12);
  const invB: f64 = 1.0 / <f64>B;
  const coef = prob + 48;
  let loss: f64 = 0.0;
  for (let j = 0; j < nRows; j++) {
    const rowAt = rows + (<usize>j << 2);
    const i = load<i32>(rowAt);
    const h = hits + (<usize>i << 2);
    const count = load<i32>(h);
    loss += <f64>count * softmaxRow(w + <usize>i * rowBytes, scratch, d, 1.0);
    store<f32>(coef, <f32>(<f64>count * invB));
    scatterAddRows(g, d, rowAt, coef, scratch, 1, mark, rows, nRows);
    store<i32>(h, 0);
  }
  const step = <f32>invB;
  for (let b = 0; b < B; b++) {
    const e = load<i32>(samples + (<usize>b << 2));
    const o = <usize>load<i32>(entryRow + (<usize>e << 2)) * rowBytes + (<usize>load<i32>(cols + (<usize>e << 2)) << 2);
    loss -= <f64>load<f32>(w + o);
    store<f32>(g + o, load<f32>(g + o) - step);
  }
  return loss * invB;
}

/**
 * Writes the gradient and returns the loss: full batch (B = 0) the exact ∇L and L(W);
 * mini-batch the sampled gradient (touched rows listed in `touched`) and the batch loss.
 */
export function bigramSoftmaxGradient(prob: usize, w: usize, g: usize, touched: usize): f64 {
  if (load<i32>(prob, 4) == 0) return bigramSoftmaxPass(prob, w, g, 0);
  return miniBatchGradient(prob, w, g, touched);
}

/** The exact loss L(W) (O(d²) exps), whatever the batch; g untouched. */
export function bigramSoftmaxLoss(prob: usize, w: usize): f64 {
  return bigramSoftmaxPass(prob, w, 0, 0);
}

/**
 * Per-class statistics (record steps only), over all pairs, into out (f64 2d):
 *   out[0, d)   ℓ_k = Σ_i c_ik (lse_i − W_ik) / Σ_i c_ik, the mean loss of the pairs with
 *               next token k (NaN for a token never seen as a next token)
 *   out[d, 2d)  π_k = Σ_i c_ik / N, from the stored f32 entry weights
 * Returns L(W).
 */
export function bigramSoftmaxClassStats(prob: usize, w: usize, out: usize): f64 {
  const d = load<i32>(prob, 0);
  const nnz = load<i32>(prob, 8);
  const cols = load<usize>(prob, 16);
  const entryWeight = load<usize>(prob, 20);
  const freq = out + (<usize>d << 3);
  memory.fill(out, 0, <usize>d << 4);
  const loss = bigramSoftmaxPass(prob, w, 0, out);
  for (let e = 0; e < nnz; e++) {
    const at = freq + (<usize>load<i32>(cols + (<usize>e << 2)) << 3);
    store<f64>(at, load<f64>(at) + <f64>load<f32>(entryWeight + (<usize>e << 2)));
  }
  for (let k = 0; k < d; k++) {
    const o = <usize>k << 3;
    store<f64>(out + o, load<f64>(out + o) / load<f64>(freq + o));
  }
  return loss;
}
