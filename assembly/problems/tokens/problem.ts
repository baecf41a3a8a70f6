// The six-token experiment (phenomenon 1): a linear model on 0/1 features.
//   x_k ~ Bernoulli(p_k) independently,  y = Σ_k x_k w*_k + σ·N(0,1)
//   L = ½·mean_b (x_b·w − y_b)²,  ∇_k L = mean_b (x_b·w − y_b)·x_bk
// A rare feature is absent from the whole batch most steps, so its gradient is exactly 0.
//
// Problem block: `tokens` in src/layout/blocks.mjs. Twin: src/problems/tokens/problem.ts.
//
// Samples (sampling.ts) come from a four-lane xoshiro128** in groups of eight: each sample is
// a presence mask (bit k of word k/32 = feature k present) and a target (Σ present w* + σz).
// A step uses ⌈B/8⌉ groups; samples past B are drawn and dropped.
//
// The batch is used four samples per SIMD lane group, without branches: a feature's presence
// is a lane mask and an absent feature adds +0, which leaves every sum bit for bit as "add
// only the present ones" (these sums start at +0 and so are never −0, the one value that
// adding +0 changes). Sums over samples are lane-wise: lane j adds samples b ≡ j (mod 4) in
// order, and the four lanes are added as (l0 + l1) + (l2 + l3) at the end of the step — short
// dependency chains instead of one chain through the whole batch. A prediction adds over k.
//
// A shared stream (src/problems/tokens/problem.ts): every optimizer of an experiment runs on the
// same seed, hence the same batches; the first run writes its samples into the stream as it
// draws them (mode 1), the others read them back (mode 2, no RNG work). The gradient reads a
// sample the same way wherever it lies: bit-identical runs either way.
import { TOKENS_BATCH, TOKENS_BLOCK_SAMPLES, TOKENS_LANES, TOKENS_SCRATCH, TOKENS_SIGMA, TOKENS_STREAM, TOKENS_STREAM_CURSOR, TOKENS_STREAM_LENGTH, TOKENS_STREAM_MODE, TOKENS_TARGET, TOKENS_THRESHOLDS, TOKENS_TOKENS } from "../../layout";
import { drawTokenSamples } from "./sampling";

export { TOKENS_BYTES } from "../../layout";

/** Presence of feature k (bit k of the word) in four samples: all ones or zero per lane. */
@inline function presentLanes(words: v128, k: i32): v128 {
  return i32x4.shr_s(i32x4.shl(words, 31 - (k & 31)), 31);
}

/** Lanes of samples b..b+3 that lie before R: all ones, else zero. */
@inline function validLanes(b: i32, R: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(R - b));
}

/** Σ_k present·w_k for the four samples whose mask words are at `at` (word stride `word`). */
@inline function predictions(K: i32, w: usize, at: usize, word: usize): v128 {
  let pred = f32x4.splat(0);
  let mv = v128.load(at);
  for (let k = 0; k < K; k++) {
    if ((k & 31) == 0 && k > 0) mv = v128.load(at + <usize>(k >>> 5) * word);
    pred = f32x4.add(pred, v128.and(v128.load32_splat(w + (<usize>k << 2)), presentLanes(mv, k)));
  }
  return pred;
}

/** Up to this many features, predictions come from a table of all 2^K subset sums. */
const TABLE_FEATURES = 8;

/**
 * table[m] = Σ_{k in m} w_k over k in increasing order from +0, for every mask m < 2^K, built
 * as table[2^j + m] = table[m] + w_j (m < 2^j): the same additions, in the same order, as
 * predictions() makes for a sample with mask m. Four entries a step from j = 2 on.
 */
function subsetSums(K: i32, w: usize, table: usize): void {
  store<f32>(table, 0);
  for (let j = 0; j < K; j++) {
    const half = <usize>1 << j;
    const at = table + (half << 2);
    const wj = load<f32>(w + (<usize>j << 2));
    if (j < 2) {
      for (let m: usize = 0; m < half; m++) store<f32>(at + (m << 2), load<f32>(table + (m << 2)) + wj);
    } else {
      const wv = f32x4.splat(wj);
      for (let m: usize = 0; m < half; m += 4) v128.store(at + (m << 2), f32x4.add(v128.load(table + (m << 2)), wv));
    }
  }
}

/** predictions() for K ≤ TABLE_FEATURES: the four samples' subset sums, looked up. */
@inline function lookedUp(table: usize, masks: v128): v128 {
  let pred = v128.load32_zero(table + (<usize>i32x4.extract_lane(masks, 0) << 2));
  pred = v128.load32_lane(table + (<usize>i32x4.extract_lane(masks, 1) << 2), pred, 1);
  pred = v128.load32_lane(table + (<usize>i32x4.extract_lane(masks, 2) << 2), pred, 2);
  return v128.load32_lane(table + (<usize>i32x4.extract_lane(masks, 3) << 2), pred, 3);
}

/**
 * Adds samples [0, R) of a block to the lane sums: the loss lanes Σ r_b² (f64 ×4 at `loss`)
 * and g's lanes Σ_b r_b·x_bk (f32 ×4 per feature at `gl`); the first block starts them at +0.
 * masks: word m of sample b at masks + 4·(m·stride + b); targets: f32 per sample. Eight
 * samples (two lane groups) a pass; lanes past R (the end of a batch inside a group of eight:
 * stale or unwritten values, within the buffers' padding) get r = +0.
 */
function addBlock(K: i32, R: i32, w: usize, table: usize, masks: usize, stride: i32, targets: usize,
  res: usize, gl: usize, loss: usize, first: bool): void {
  const word = <usize>stride << 2;
  let l01 = first ? f64x2.splat(0) : v128.load(loss);
  let l23 = first ? f64x2.splat(0) : v128.load(loss, 16);
  for (let b = 0; b < R; b += 8) {
    const o = <usize>b << 2;
    // lanes past R may hold any mask: only a table of 2^K entries is indexed by a masked copy
    const p0 = table != 0 ? lookedUp(table, v128.and(v128.load(masks + o), i32x4.splat((1 << K) - 1))) : predictions(K, w, masks + o, word);
    const p1 = table != 0 ? lookedUp(table, v128.and(v128.load(masks + o, 16), i32x4.splat((1 << K) - 1))) : predictions(K, w, masks + o + 16, word);
    let r0 = f32x4.sub(p0, v128.load(targets + o));
    let r1 = f32x4.sub(p1, v128.load(targets + o, 16));
    if (b + 8 > R) {
      r0 = v128.and(r0, validLanes(b, R));
      r1 = v128.and(r1, validLanes(b + 4, R));
    }
    v128.store(res + o, r0);
    v128.store(res + o, r1, 16);
    let lo = f64x2.promote_low_f32x4(r0);
    let hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(r0, r0, 2, 3, 2, 3));
    l01 = f64x2.add(l01, f64x2.mul(lo, lo));
    l23 = f64x2.add(l23, f64x2.mul(hi, hi));
    lo = f64x2.promote_low_f32x4(r1);
    hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(r1, r1, 2, 3, 2, 3));
    l01 = f64x2.add(l01, f64x2.mul(lo, lo));
    l23 = f64x2.add(l23, f64x2.mul(hi, hi));
  }
  v128.store(loss, l01);
  v128.store(loss, l23, 16);
  for (let k = 0; k < K; k++) {
    const m = masks + <usize>(k >>> 5) * word;
    const at = gl + (<usize>k << 4);
    let acc = first ? f32x4.splat(0) : v128.load(at);
    for (let b = 0; b < R; b += 8) {
      const o = <usize>b << 2;
      acc = f32x4.add(acc, v128.and(v128.load(res + o), presentLanes(v128.load(m + o), k)));
      acc = f32x4.add(acc, v128.and(v128.load(res + o, 16), presentLanes(v128.load(m + o, 16), k)));
    }
    v128.store(at, acc);
  }
}

/** Writes the batch gradient to g (K entries) and returns the batch loss. */
export function tokensGradient(prob: usize, w: usize, g: usize): f64 {
  const K = load<i32>(prob + TOKENS_TOKENS);
  const B = load<i32>(prob + TOKENS_BATCH);
  const sigma = load<f32>(prob + TOKENS_SIGMA);
  const thresholds = load<usize>(prob + TOKENS_THRESHOLDS);
  const wTrue = load<usize>(prob + TOKENS_TARGET);
  const lanes = load<usize>(prob + TOKENS_LANES);
  const blockR = load<i32>(prob + TOKENS_BLOCK_SAMPLES);
  const S = (blockR + 7) & ~7;
  const words = (K + 31) >>> 5;
  // scratch: draws (16·(2K + 2)·S/8), masks (i32 words×S), targets, residuals (f32 S),
  // g's lanes (f32 4K), loss lanes (f64 4), normals (f32 8), subset sums (f32 2^K, K ≤ 8)
  const draws = load<usize>(prob + TOKENS_SCRATCH);
  const blockMasks = draws + (<usize>(2 * K + 2) * <usize>(S >>> 3) << 4);
  const blockTargets = blockMasks + (<usize>words * <usize>S << 2);
  const res = blockTargets + (<usize>S << 2);
  const gl = res + (<usize>S << 2);
  const lossLanes = gl + (<usize>K << 4);
  const normals = lossLanes + 32;
  const table = K <= TABLE_FEATURES ? normals + 32 : 0; // f32 2^K (≤ 1 KiB)
  if (table != 0) subsetSums(K, w, table);
  const stream = load<usize>(prob + TOKENS_STREAM);
  let mode = load<i32>(prob + TOKENS_STREAM_MODE);
  let cursor = load<i32>(prob + TOKENS_STREAM_CURSOR);
  const N = load<i32>(prob + TOKENS_STREAM_LENGTH);
  if (mode != 0 && cursor + B > N) {
    if (mode == 2) unreachable(); // a replay never outruns its recording (checked in TS)
    mode = 0; // a longer run than the stream holds: stop recording (the stream is discarded)
    store<i32>(prob + TOKENS_STREAM_MODE, 0);
  }
  // stream: masks (i32 words×(N + 8), word-major) then targets (f32 N + 8)
  const streamStride = N + 8;
  const streamTargets = stream + (<usize>words * <usize>streamStride << 2);
  for (let b0 = 0; b0 < B; b0 += blockR) {
    const R = min(blockR, B - b0);
    const at = <usize>cursor << 2;
    let masks = blockMasks, targets = blockTargets, stride = S;
    if (mode != 0) {
      masks = stream + at;
      targets = streamTargets + at;
      stride = streamStride;
    }
    if (mode != 2) {
      drawTokenSamples(lanes, K, (R + 7) >>> 3, sigma, thresholds, wTrue, draws, masks, stride, targets, normals);
    }
    addBlock(K, R, w, table, masks, stride, targets, res, gl, lossLanes, b0 == 0);
    if (mode != 0) cursor += R;
  }
  store<i32>(prob + TOKENS_STREAM_CURSOR, cursor);
  const fb = <f32>B;
  for (let k = 0; k < K; k++) {
    const acc = v128.load(gl + (<usize>k << 4));
    const sum = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) +
      (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
    store<f32>(g + (<usize>k << 2), sum / fb);
  }
  const loss = (load<f64>(lossLanes) + load<f64>(lossLanes, 8)) + (load<f64>(lossLanes, 16) + load<f64>(lossLanes, 24));
  return 0.5 * loss / <f64>B;
}
