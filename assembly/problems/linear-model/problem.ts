// The paper's linear softmax model (phenomenon 4a), cross-entropy, with bias:
//   z_nk = x_n·W_k + b_k,   p_n = softmax(z_n),   ℓ_n = log Σ_k e^{z_nk} − z_{n,y_n}
//   L = Σ_n ω_{y_n} ℓ_n / Σ_n ω_{y_n}  +  λ/2 ‖W‖²        (ω ≡ 1: the plain mean; bias not decayed)
//   ∇_{W_k} L = Σ_n a_n (p_nk − [y_n = k]) x_n + λ W_k,   ∇_{b_k} L = Σ_n a_n (p_nk − [y_n = k])
// with a_n = ω_{y_n} / Σ_m ω_{y_m} (= 1/N unweighted). Parameters: W (c×d, row k = class k)
// then b (c), one vector of c·(d+1) entries.
// Mini-batch (B < N): B distinct samples per step (a partial Fisher–Yates shuffle of `order`),
// the same formulas over them.
//
// Problem block: `linearModel` in src/layout/blocks.mjs (N, d, c, B, X, labels, ω, λ, the
// sample order whose first B entries are the batch, scratch, ‖x_n‖², class counts, rng, …).
// RNG draws per step (mini-batch only): B words, j_b = b + ⌊u·(N−b)/2³²⌋, swap order[b], order[j_b].
import { LINEAR_MODEL_ALL, LINEAR_MODEL_BATCH, LINEAR_MODEL_CLASSES, LINEAR_MODEL_COLUMN_SCRATCH, LINEAR_MODEL_D, LINEAR_MODEL_LABELS, LINEAR_MODEL_LAMBDA, LINEAR_MODEL_OMEGA, LINEAR_MODEL_ORDER, LINEAR_MODEL_RNG, LINEAR_MODEL_SAMPLES, LINEAR_MODEL_X, LINEAR_MODEL_X_NORM_SQ, LINEAR_MODEL_Z } from "../../layout";
import { nextU32 } from "../../rng";
import { addL2 } from "../shared/l2";
import { denseAccumulate, denseLogits } from "../shared/dense";
import { softmaxRow } from "../../math/softmax";

export { LINEAR_MODEL_BYTES } from "../../layout";

/** Moves a uniformly random B-subset of the samples to order[0..B) (O(B), any prior order). */
function sampleBatch(prob: usize): void {
  const N = load<i32>(prob + LINEAR_MODEL_SAMPLES);
  const B = load<i32>(prob + LINEAR_MODEL_BATCH);
  const order = load<usize>(prob + LINEAR_MODEL_ORDER);
  const rng = load<usize>(prob + LINEAR_MODEL_RNG);
  for (let b = 0; b < B; b++) {
    const j = b + <i32>((<u64>nextU32(rng) * <u64><u32>(N - b)) >>> 32);
    const pb = order + (<usize>b << 2);
    const pj = order + (<usize>j << 2);
    const t = load<i32>(pb);
    store<i32>(pb, load<i32>(pj));
    store<i32>(pj, t);
  }
}

/**
 * Loss over the samples list[0..count); with g ≠ 0 also the gradient into g. classLoss (f64 c)
 * ≠ 0 gets Σ ℓ_n per label; classHess (f64 c) ≠ 0 gets Σ_n a_n p_nk (1 − p_nk) ‖x_n‖².
 */
export function linearModelPass(prob: usize, w: usize, g: usize, list: usize, count: i32,
  classLoss: usize, classHess: usize): f64 {
  const d = load<i32>(prob + LINEAR_MODEL_D);
  const c = load<i32>(prob + LINEAR_MODEL_CLASSES);
  const x = load<usize>(prob + LINEAR_MODEL_X);
  const labels = load<usize>(prob + LINEAR_MODEL_LABELS);
  const omega = load<usize>(prob + LINEAR_MODEL_OMEGA);
  const lambda = load<f32>(prob + LINEAR_MODEL_LAMBDA);
  const z = load<usize>(prob + LINEAR_MODEL_Z);
  const xNormSq = load<usize>(prob + LINEAR_MODEL_X_NORM_SQ);
  const wBytes = <usize>c * <usize>d << 2;
  const zBytes = <usize>c << 2;
  denseLogits(x, list, count, d, w, w + wBytes, c, z);

  let totalOmega: f64 = 0.0;
  for (let r = 0; r < count; r++) {
    const s = load<i32>(list + (<usize>r << 2));
    totalOmega += <f64>load<f32>(omega + (<usize>load<i32>(labels + (<usize>s << 2)) << 2));
  }

  let loss: f64 = 0.0;
  for (let r = 0; r < count; r++) {
    const s = load<i32>(list + (<usize>r << 2));
    const y = load<i32>(labels + (<usize>s << 2));
    const om = <f64>load<f32>(omega + (<usize>y << 2));
    const zr = z + <usize>r * zBytes;
    const zy = <f64>load<f32>(zr + (<usize>y << 2));
    const lse = softmaxRow(zr, zr, c, 1.0);
    const ell = lse - zy;
    loss += om * ell;
    if (classLoss != 0) {
      const at = classLoss + (<usize>y << 3);
      store<f64>(at, load<f64>(at) + ell);
    }
    if (classHess != 0) {
      const weight = (om / totalOmega) * <f64>load<f32>(xNormSq + (<usize>s << 2));
      for (let k = 0; k < c; k++) {
        const p = <f64>load<f32>(zr + (<usize>k << 2));
        const at = classHess + (<usize>k << 3);
        store<f64>(at, load<f64>(at) + weight * (p * (1.0 - p)));
      }
    }
    if (g == 0) continue;
    // D_r = a_r (p_r − e_y): p_y − 1 first, then one scaling pass.
    const py = zr + (<usize>y << 2);
    store<f32>(py, load<f32>(py) - 1.0);
    const a = <f32>(om / totalOmega);
    const av = f32x4.splat(a);
    const c4 = c & ~3;
    let k = 0;
    for (; k < c4; k += 4) {
      const o = <usize>k << 2;
      v128.store(zr + o, f32x4.mul(av, v128.load(zr + o)));
    }
    for (; k < c; k++) {
      const o = <usize>k << 2;
      store<f32>(zr + o, a * load<f32>(zr + o));
    }
  }
  loss /= totalOmega;
  if (g != 0) denseAccumulate(x, list, count, d, z, c, g, g + wBytes, load<usize>(prob + LINEAR_MODEL_COLUMN_SCRATCH));

  if (lambda != 0) loss += addL2(lambda, w, g, c * d);
  return loss;
}

/** Writes the (mini-)batch gradient to g (all c·(d+1) entries) and returns the batch loss. */
export function linearModelGradient(prob: usize, w: usize, g: usize): f64 {
  const N = load<i32>(prob + LINEAR_MODEL_SAMPLES);
  const B = load<i32>(prob + LINEAR_MODEL_BATCH);
  if (B < N) sampleBatch(prob);
  return linearModelPass(prob, w, g, load<usize>(prob + LINEAR_MODEL_ORDER), B, 0, 0);
}

/** The loss over all N samples (the exact objective), whatever the batch; no gradient. */
export function linearModelLoss(prob: usize, w: usize): f64 {
  return linearModelPass(prob, w, 0, load<usize>(prob + LINEAR_MODEL_ALL), load<i32>(prob + LINEAR_MODEL_SAMPLES), 0, 0);
}
