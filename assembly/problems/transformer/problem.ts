// The transformer problem (twin: src/problems/transformer/problem.ts): the mean next-token
// cross-entropy of a small GPT (model.ts) over windows of a corpus token stream.
//   L(θ) = 1/(N·T) Σ_windows Σ_positions ℓ_p(θ)
// A step's windows (the full-batch set, or B windows drawn uniformly from the training
// windows) are cut into blocks of blockWindows windows. Each block's gradient is computed
// into a buffer of its own and added to g in block order, in an ordered section of the pool
// (parallel.ts): the sum, and so every result, has the same bits for any number of threads.
// The loss is Σ_blocks (Σ_positions ℓ_p) in block order, in f64.
//
// Problem block: `transformer` in src/layout/blocks.mjs; a thread's scratch area:
// `transformerArea`.
import { nextU32 } from "../../rng";
import { parallelFor, passTurn, waitTurn } from "../../parallel";
import { addVectors } from "../../nn/vector";
import { backwardBody, classPartialOf, Dims, featuresOf, forwardBody, head, headOffset, loadWindows, markOf, touchedOf, transposeWeights } from "./model";
import {
  TRANSFORMER_AREA, TRANSFORMER_AREA_LAYOUT, TRANSFORMER_AREA_STRIDE, TRANSFORMER_BATCH, TRANSFORMER_BATCH_STARTS,
  TRANSFORMER_BLOCK_GRADS, TRANSFORMER_BLOCK_LOSS, TRANSFORMER_BLOCK_WINDOWS, TRANSFORMER_CONTEXT, TRANSFORMER_EVAL_CLASS,
  TRANSFORMER_EVAL_FEATURES, TRANSFORMER_EVAL_LOSS, TRANSFORMER_EVAL_STARTS, TRANSFORMER_EVAL_W, TRANSFORMER_FROZEN,
  TRANSFORMER_HEADS, TRANSFORMER_JOB_CLASS, TRANSFORMER_JOB_FEATURES, TRANSFORMER_JOB_G, TRANSFORMER_JOB_SCALE,
  TRANSFORMER_JOB_STARTS, TRANSFORMER_JOB_W, TRANSFORMER_JOB_WINDOWS, TRANSFORMER_LAYERS, TRANSFORMER_N, TRANSFORMER_N_STARTS,
  TRANSFORMER_N_VAL, TRANSFORMER_RNG, TRANSFORMER_STARTS, TRANSFORMER_STREAM, TRANSFORMER_TRAIN, TRANSFORMER_TRANSPOSED,
  TRANSFORMER_VAL_FEATURES, TRANSFORMER_VAL_STARTS, TRANSFORMER_VOCAB, TRANSFORMER_WIDTH, TRANSFORMER_WINDOWS,
} from "../../layout";

const TRAIN_LAST = 1;

// The block's first five fields are V, T, D, L, H in Dims's order: Dims is a view of them.
@inline function dimsOf(prob: usize): Dims {
  if (TRANSFORMER_VOCAB != 0 || TRANSFORMER_CONTEXT != 4 || TRANSFORMER_WIDTH != 8 || TRANSFORMER_LAYERS != 12 || TRANSFORMER_HEADS != 16) {
    ERROR("the transformer block must start with vocab, context, width, layers, heads (Dims)");
  }
  return changetype<Dims>(prob);
}

/** One task of a pass: block b of the job's windows, on `thread`'s area and gradient buffer. */
function blockTask(prob: usize, b: i32, thread: i32): void {
  const d = dimsOf(prob);
  const bw = load<i32>(prob + TRANSFORMER_BLOCK_WINDOWS);
  const windows = min(bw, load<i32>(prob + TRANSFORMER_JOB_WINDOWS) - b * bw);
  const P = windows * d.T;
  const n = load<i32>(prob + TRANSFORMER_N);
  const last = load<i32>(prob + TRANSFORMER_TRAIN) == TRAIN_LAST;
  const layout = load<usize>(prob + TRANSFORMER_AREA_LAYOUT);
  const area = load<usize>(prob + TRANSFORMER_AREA) + <usize>thread * <usize>load<i32>(prob + TRANSFORMER_AREA_STRIDE);
  const w = load<usize>(prob + TRANSFORMER_JOB_W);
  const g = load<usize>(prob + TRANSFORMER_JOB_G);
  const cls = load<usize>(prob + TRANSFORMER_JOB_CLASS);
  const starts = load<usize>(prob + TRANSFORMER_JOB_STARTS) + (<usize>(b * bw) << 2);
  const cached = load<usize>(prob + TRANSFORMER_JOB_FEATURES);
  const scale = load<f64>(prob + TRANSFORMER_JOB_SCALE);
  const body = last ? load<usize>(prob + TRANSFORMER_FROZEN) : w;
  const V = d.V, D = d.D;
  const headAt: usize = last ? 0 : <usize>headOffset(d) << 2;
  const gb = g != 0 ? load<usize>(prob + TRANSFORMER_BLOCK_GRADS) + <usize>thread * (<usize>n << 2) : 0;
  // E's rows of gb are zero already (cleared after each use); the rest is zeroed here
  const dense: usize = last ? 0 : <usize>(V * D) << 2;
  if (gb != 0) memory.fill(gb + dense, 0, (<usize>n << 2) - dense);

  loadWindows(d, load<usize>(prob + TRANSFORMER_STREAM), starts, windows, area, layout);
  let h: usize;
  if (cached != 0) h = cached + (<usize>(b * bw * d.T * D) << 2);
  else {
    forwardBody(d, body, windows, area, layout);
    h = featuresOf(area, layout);
  }
  const partial = cls != 0 ? classPartialOf(area, layout) : 0;
  if (partial != 0) memory.fill(partial, 0, <usize>V << 3);
  const U = last ? w : body + headAt;
  const gU = gb != 0 ? gb + headAt : 0;
  const loss = head(d, U, U + (<usize>(D * V) << 2), h, P, scale, area, layout, partial, gU, gU + (<usize>(D * V) << 2));
  let touched = 0;
  if (gb != 0 && !last) touched = backwardBody(d, body, load<usize>(prob + TRANSFORMER_TRANSPOSED), windows, area, layout, gb);
  store<f64>(load<usize>(prob + TRANSFORMER_BLOCK_LOSS) + (<usize>b << 3), loss);

  // ordered section: this block's sums join the pass's in block order
  waitTurn(b);
  if (gb != 0) {
    addVectors(g + dense, gb + dense, g + dense, n - <i32>(dense >>> 2));
    const list = touchedOf(area, layout);
    const rowBytes = <usize>D << 2;
    for (let j = 0; j < touched; j++) {
      const o = <usize>load<i32>(list + (<usize>j << 2)) * rowBytes;
      addVectors(g + o, gb + o, g + o, D);
    }
  }
  if (partial != 0) {
    for (let k = 0; k < V; k++) {
      const c = cls + (<usize>k << 3);
      store<f64>(c, load<f64>(c) + load<f64>(partial + (<usize>k << 3)));
    }
  }
  passTurn(b);
  // leave gb's E rows and the marks zero for the next block
  if (touched > 0) {
    const list = touchedOf(area, layout), mark = markOf(area, layout);
    const rowBytes = <usize>D << 2;
    for (let j = 0; j < touched; j++) {
      const row = load<i32>(list + (<usize>j << 2));
      memory.fill(gb + <usize>row * rowBytes, 0, rowBytes);
      store<u8>(mark + <usize>row, 0);
    }
  }
}

/** One pass over `windows` windows: Σ ℓ / (windows·T); gradient into g (≠ 0), class sums into cls (≠ 0). */
function pass(prob: usize, w: usize, g: usize, starts: usize, windows: i32, features: usize, cls: usize): f64 {
  const T = load<i32>(prob + TRANSFORMER_CONTEXT);
  const positions = <f64>windows * <f64>T;
  store<usize>(prob + TRANSFORMER_JOB_W, w);
  store<usize>(prob + TRANSFORMER_JOB_G, g);
  store<usize>(prob + TRANSFORMER_JOB_STARTS, starts);
  store<i32>(prob + TRANSFORMER_JOB_WINDOWS, windows);
  store<usize>(prob + TRANSFORMER_JOB_FEATURES, features);
  store<usize>(prob + TRANSFORMER_JOB_CLASS, cls);
  store<f64>(prob + TRANSFORMER_JOB_SCALE, 1.0 / positions);
  const bw = load<i32>(prob + TRANSFORMER_BLOCK_WINDOWS);
  const blocks = (windows + bw - 1) / bw;
  parallelFor(blockTask, prob, blocks);
  const losses = load<usize>(prob + TRANSFORMER_BLOCK_LOSS);
  let total = 0.0;
  for (let b = 0; b < blocks; b++) total += load<f64>(losses + (<usize>b << 3));
  return total / positions;
}

/** Gradient at w into g (all n entries); returns the batch's mean loss. */
export function transformerGradient(prob: usize, w: usize, g: usize): f64 {
  const B = load<i32>(prob + TRANSFORMER_BATCH);
  const last = load<i32>(prob + TRANSFORMER_TRAIN) == TRAIN_LAST;
  let starts: usize, windows: i32, features: usize = 0;
  if (B == 0) {
    starts = load<usize>(prob + TRANSFORMER_EVAL_STARTS);
    windows = load<i32>(prob + TRANSFORMER_WINDOWS);
    if (last) features = load<usize>(prob + TRANSFORMER_EVAL_FEATURES);
  } else {
    // B windows uniformly from the training windows: ⌊u·S / 2³²⌋ (src/rng/scaled-index.ts)
    const rng = load<usize>(prob + TRANSFORMER_RNG);
    const all = load<usize>(prob + TRANSFORMER_STARTS);
    const S = <u64>load<i32>(prob + TRANSFORMER_N_STARTS);
    starts = load<usize>(prob + TRANSFORMER_BATCH_STARTS);
    windows = B;
    for (let j = 0; j < B; j++) {
      const i = <usize>((<u64>nextU32(rng) * S) >>> 32);
      store<i32>(starts + (<usize>j << 2), load<i32>(all + (i << 2)));
    }
  }
  if (!last) {
    const d = dimsOf(prob);
    transposeWeights(d, w, load<usize>(prob + TRANSFORMER_TRANSPOSED));
  }
  memory.fill(g, 0, <usize>load<i32>(prob + TRANSFORMER_N) << 2);
  store<usize>(prob + TRANSFORMER_EVAL_W, 0);
  return pass(prob, w, g, starts, windows, features, 0);
}

/**
 * L(w) on the evaluation set (the full-batch set), keeping its per-class loss sums for
 * transformerClassLoss at the same weights.
 */
export function transformerLoss(prob: usize, w: usize): f64 {
  const V = load<i32>(prob + TRANSFORMER_VOCAB);
  const cls = load<usize>(prob + TRANSFORMER_EVAL_CLASS);
  memory.fill(cls, 0, <usize>V << 3);
  const last = load<i32>(prob + TRANSFORMER_TRAIN) == TRAIN_LAST;
  const loss = pass(prob, w, 0, load<usize>(prob + TRANSFORMER_EVAL_STARTS), load<i32>(prob + TRANSFORMER_WINDOWS),
    last ? load<usize>(prob + TRANSFORMER_EVAL_FEATURES) : 0, cls);
  store<f64>(prob + TRANSFORMER_EVAL_LOSS, loss);
  store<usize>(prob + TRANSFORMER_EVAL_W, w);
  return loss;
}

/** Per-class loss sums on the evaluation set into out (f64 V); returns L(w). Reuses transformerLoss's pass at the same w. */
export function transformerClassLoss(prob: usize, w: usize, out: usize): f64 {
  const loss = load<usize>(prob + TRANSFORMER_EVAL_W) == w ? load<f64>(prob + TRANSFORMER_EVAL_LOSS) : transformerLoss(prob, w);
  memory.copy(out, load<usize>(prob + TRANSFORMER_EVAL_CLASS), <usize>load<i32>(prob + TRANSFORMER_VOCAB) << 3);
  return loss;
}

/** The mean loss on the held-out windows. */
export function transformerValidationLoss(prob: usize, w: usize): f64 {
  const last = load<i32>(prob + TRANSFORMER_TRAIN) == TRAIN_LAST;
  return pass(prob, w, 0, load<usize>(prob + TRANSFORMER_VAL_STARTS), load<i32>(prob + TRANSFORMER_N_VAL),
    last ? load<usize>(prob + TRANSFORMER_VAL_FEATURES) : 0, 0);
}

/**
 * Final-LayerNorm outputs of `windows` windows at starts (i32) into out (f32 windows·T·D),
 * through the body at `params` (every parameter): the frozen features of train last.
 */
export function transformerFeatures(prob: usize, params: usize, starts: usize, windows: i32, out: usize): void {
  const d = dimsOf(prob);
  const bw = load<i32>(prob + TRANSFORMER_BLOCK_WINDOWS);
  const layout = load<usize>(prob + TRANSFORMER_AREA_LAYOUT);
  const area = load<usize>(prob + TRANSFORMER_AREA);
  const blockBytes = <usize>(bw * d.T * d.D) << 2;
  for (let b = 0; b * bw < windows; b++) {
    const k = min(bw, windows - b * bw);
    loadWindows(d, load<usize>(prob + TRANSFORMER_STREAM), starts + (<usize>(b * bw) << 2), k, area, layout);
    forwardBody(d, params, k, area, layout);
    memory.copy(out + <usize>b * blockBytes, featuresOf(area, layout), <usize>(k * d.T * d.D) << 2);
  }
}
