// The six-token experiment (SPEC item 1): a linear model on 0/1 features.
//   x_k ~ Bernoulli(p_k) independently,  y = Σ_k x_k w*_k + σ·N(0,1)
//   L = ½·mean_b (x_b·w − y_b)²,  ∇_k L = mean_b (x_b·w − y_b)·x_bk
// A rare feature is absent from the whole batch most steps, so its gradient is exactly 0.
//
// Problem block: `tokens` in src/layout/blocks.mjs (K, B, σ, p, w*, scratch, rng, R, and the
// shared sample stream: pointer, mode 0 draw / 1 draw and record / 2 replay, cursor, length N).
//   stream: masks (i32 N+4: bit k = feature k present) then targets (f32 N+4: Σ present w* + σz)
//   scratch, with S = R rounded up to 4: uniforms (f32 K×S, feature-major), normals (f64 S),
//   residuals (f32 S)
// RNG draws per sample, in order: K uniforms (feature k present iff u_k < p_k), one normal
// (rng.ts drawRecords: the same stream as K uniformF32() calls then one normal()).
//
// The batch is drawn R samples at a time and then used four samples per SIMD lane group,
// without branches: a feature's presence is a lane mask and an absent feature adds +0. That
// leaves every sum bit for bit as the twin's "add only the present ones" because these sums
// start at +0 and so are never −0, the one value that adding +0 changes. Each sum still adds
// its terms in the twin's order: over k for a prediction, over samples for g_k and the loss.
// Lanes past the last sample of a block hold stale values and are never added.
//
// A shared stream (src/problems/tokens/problem.ts): every optimizer of an experiment runs on the same
// seed, hence the same batches; the first run records each sample's presence mask and target,
// the others replay them instead of drawing (no RNG work). The predictions, residuals, loss and
// gradient are the same f32/f64 operations in the same order either way: bit-identical runs.
import { TOKENS_BATCH, TOKENS_BLOCK_SAMPLES, TOKENS_P, TOKENS_RNG, TOKENS_SCRATCH, TOKENS_SIGMA, TOKENS_STREAM, TOKENS_STREAM_CURSOR, TOKENS_STREAM_LENGTH, TOKENS_STREAM_MODE, TOKENS_TARGET, TOKENS_TOKENS } from "../../layout";
import { drawRecords } from "../../rng";

export { TOKENS_BYTES } from "../../layout";

/** x if the mask is all ones, +0 if it is zero. */
@inline function masked(x: f32, mask: i32): f32 {
  return reinterpret<f32>(reinterpret<i32>(x) & mask);
}

/** r_b = x_b·w − y_b for samples [0, R) of a block, four at a time, into res. */
function residuals(K: i32, R: i32, S: i32, sigma: f64, p: usize, w: usize, wTrue: usize,
  uniforms: usize, normals: usize, res: usize, masksOut: usize, targetsOut: usize): void {
  const column = <usize>S << 2;
  const sig = f64x2.splat(sigma);
  for (let b = 0; b < R; b += 4) {
    let pred = f32x4.splat(0);
    let target = f32x4.splat(0);
    let mask = i32x4.splat(0);
    let u = uniforms + (<usize>b << 2);
    for (let k = 0; k < K; k++) {
      const o = <usize>k << 2;
      const present = f32x4.lt(v128.load(u), v128.load32_splat(p + o));
      pred = f32x4.add(pred, v128.and(v128.load32_splat(w + o), present));
      target = f32x4.add(target, v128.and(v128.load32_splat(wTrue + o), present));
      mask = v128.or(mask, v128.and(present, i32x4.splat(1 << k)));
      u += column;
    }
    // + σ·z, the f64 product rounded to f32 as in the twin
    const z = normals + (<usize>b << 3);
    const noise = v128.shuffle<f32>(
      f32x4.demote_f64x2_zero(f64x2.mul(sig, v128.load(z))),
      f32x4.demote_f64x2_zero(f64x2.mul(sig, v128.load(z, 16))), 0, 1, 4, 5);
    target = f32x4.add(target, noise);
    v128.store(res + (<usize>b << 2), f32x4.sub(pred, target));
    if (targetsOut != 0) { // lanes past R are overwritten by the next block (or padding)
      v128.store(masksOut + (<usize>b << 2), mask);
      v128.store(targetsOut + (<usize>b << 2), target);
    }
  }
}

/** Presence of feature k in four samples, from their masks: all ones or zero per lane. */
@inline function presentLanes(masks: v128, k: i32): v128 {
  return i32x4.ne(v128.and(masks, i32x4.splat(1 << k)), i32x4.splat(0));
}

/** residuals() from a recorded stream: the same pred sums, minus the recorded targets. */
function replayResiduals(K: i32, R: i32, w: usize, masks: usize, targets: usize, res: usize): void {
  for (let b = 0; b < R; b += 4) {
    const o = <usize>b << 2;
    const mv = v128.load(masks + o);
    let pred = f32x4.splat(0);
    for (let k = 0; k < K; k++) {
      pred = f32x4.add(pred, v128.and(v128.load32_splat(w + (<usize>k << 2)), presentLanes(mv, k)));
    }
    v128.store(res + o, f32x4.sub(pred, v128.load(targets + o)));
  }
}

/** accumulate() with presence from the recorded masks. */
function replayAccumulate(K: i32, R: i32, masks: usize, res: usize, g: usize, first: bool): void {
  const R4 = R & ~3;
  for (let k = 0; k < K; k++) {
    const o = <usize>k << 2;
    let acc: f32 = first ? 0 : load<f32>(g + o);
    let b = 0;
    for (; b < R4; b += 4) {
      const ob = <usize>b << 2;
      const terms = v128.and(v128.load(res + ob), presentLanes(v128.load(masks + ob), k));
      acc += f32x4.extract_lane(terms, 0);
      acc += f32x4.extract_lane(terms, 1);
      acc += f32x4.extract_lane(terms, 2);
      acc += f32x4.extract_lane(terms, 3);
    }
    for (; b < R; b++) {
      const ob = <usize>b << 2;
      acc += masked(load<f32>(res + ob), -((load<i32>(masks + ob) >>> k) & 1));
    }
    store<f32>(g + o, acc);
  }
}

/**
 * g_k += Σ_b r_b·x_bk over samples [0, R) of a block, in sample order; the first block starts
 * g from +0 (instead of clearing g first: memory.fill is a call out of WASM in V8).
 */
function accumulate(K: i32, R: i32, S: i32, p: usize, uniforms: usize, res: usize, g: usize,
  first: bool): void {
  const R4 = R & ~3;
  for (let k = 0; k < K; k++) {
    const o = <usize>k << 2;
    const pk = v128.load32_splat(p + o);
    const u = uniforms + (<usize>k * <usize>S << 2);
    let acc: f32 = first ? 0 : load<f32>(g + o);
    let b = 0;
    for (; b < R4; b += 4) {
      const ob = <usize>b << 2;
      const terms = v128.and(v128.load(res + ob), f32x4.lt(v128.load(u + ob), pk));
      acc += f32x4.extract_lane(terms, 0);
      acc += f32x4.extract_lane(terms, 1);
      acc += f32x4.extract_lane(terms, 2);
      acc += f32x4.extract_lane(terms, 3);
    }
    for (; b < R; b++) {
      const ob = <usize>b << 2;
      acc += masked(load<f32>(res + ob), -<i32>(load<f32>(u + ob) < load<f32>(p + o)));
    }
    store<f32>(g + o, acc);
  }
}

/** Writes the batch gradient to g (K entries) and returns the batch loss. */
export function tokensGradient(prob: usize, w: usize, g: usize): f64 {
  const K = load<i32>(prob + TOKENS_TOKENS);
  const B = load<i32>(prob + TOKENS_BATCH);
  const sigma = <f64>load<f32>(prob + TOKENS_SIGMA);
  const p = load<usize>(prob + TOKENS_P);
  const wTrue = load<usize>(prob + TOKENS_TARGET);
  const uniforms = load<usize>(prob + TOKENS_SCRATCH);
  const rng = load<usize>(prob + TOKENS_RNG);
  const blockR = load<i32>(prob + TOKENS_BLOCK_SAMPLES);
  const S = (blockR + 3) & ~3;
  const normals = uniforms + (<usize>K * <usize>S << 2);
  const res = normals + (<usize>S << 3);
  const stream = load<usize>(prob + TOKENS_STREAM);
  let mode = load<i32>(prob + TOKENS_STREAM_MODE);
  let cursor = load<i32>(prob + TOKENS_STREAM_CURSOR);
  const N = load<i32>(prob + TOKENS_STREAM_LENGTH);
  if (mode != 0 && cursor + B > N) {
    if (mode == 2) unreachable(); // a replay never outruns its recording (checked in TS)
    mode = 0; // a longer run than the stream holds: stop recording (the stream is discarded)
    store<i32>(prob + TOKENS_STREAM_MODE, 0);
  }
  const masks = stream;
  const targets = stream + ((<usize>N + 4) << 2);
  let loss: f64 = 0.0;
  for (let b0 = 0; b0 < B; b0 += blockR) {
    const R = min(blockR, B - b0);
    const at = <usize>cursor << 2;
    if (mode == 2) {
      replayResiduals(K, R, w, masks + at, targets + at, res);
    } else {
      drawRecords(rng, K, R, uniforms, S, normals);
      residuals(K, R, S, sigma, p, w, wTrue, uniforms, normals, res,
        mode == 1 ? masks + at : 0, mode == 1 ? targets + at : 0);
    }
    for (let b = 0; b < R; b++) {
      const r = load<f32>(res + (<usize>b << 2));
      loss += <f64>r * <f64>r;
    }
    if (mode == 2) replayAccumulate(K, R, masks + at, res, g, b0 == 0);
    else accumulate(K, R, S, p, uniforms, res, g, b0 == 0);
    if (mode != 0) cursor += R;
  }
  store<i32>(prob + TOKENS_STREAM_CURSOR, cursor);
  const fb = <f32>B;
  for (let k = 0; k < K; k++) {
    const o = <usize>k << 2;
    store<f32>(g + o, load<f32>(g + o) / fb);
  }
  return 0.5 * loss / <f64>B;
}
