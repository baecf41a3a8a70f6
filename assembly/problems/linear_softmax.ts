// The paper's linear softmax model (SPEC item 4a), cross-entropy, with bias:
//   z_nk = x_n·W_k + b_k,   p_n = softmax(z_n),   ℓ_n = log Σ_k e^{z_nk} − z_{n,y_n}
//   L = Σ_n ω_{y_n} ℓ_n / Σ_n ω_{y_n}  +  λ/2 ‖W‖²        (ω ≡ 1: the plain mean; bias not decayed)
//   ∇_{W_k} L = Σ_n a_n (p_nk − [y_n = k]) x_n + λ W_k,   ∇_{b_k} L = Σ_n a_n (p_nk − [y_n = k])
// with a_n = ω_{y_n} / Σ_m ω_{y_m} (= 1/N unweighted). Parameters: W (c×d, row k = class k)
// then b (c), one vector of c·(d+1) entries.
// Mini-batch (B < N): B distinct samples per step (a partial Fisher–Yates shuffle of `order`),
// the same formulas over them.
//
// Problem block (src/problems/linear-softmax.ts mirrors it), 4-byte fields:
//   +0 N samples   +4 d   +8 c classes   +12 B (= N: full batch)
//   +16 X ptr (f32 N×d)   +20 labels ptr (i32 N)   +24 ω ptr (f32 c)   +28 λ (f32)
//   +32 order ptr (i32 N: a permutation; the batch is its first B entries)
//   +36 Z ptr (f32 N×c scratch: logits, then probabilities, then a_n(p_n − e_{y_n}))
//   +40 ‖x_n‖² ptr (f32 N)   +44 class sample counts ptr (i32 c)   +48 rng ptr
//   +52 all ptr (i32 N: 0, 1, …, N−1; the exact loss and the class statistics run over it)
//   +56 column-block scratch ptr (f32 8c, dense.ts)
// RNG draws per step (mini-batch only): B words, j_b = b + ⌊u·(N−b)/2³²⌋, swap order[b], order[j_b].
import { nextU32 } from "../rng";
import { addL2 } from "./l2";
import { denseAccumulate, denseLogits } from "./dense";
import { softmaxRow } from "./softmax";

export const LINEAR_SOFTMAX_BYTES: usize = 60;

/** Moves a uniformly random B-subset of the samples to order[0..B) (O(B), any prior order). */
function sampleBatch(prob: usize): void {
  const N = load<i32>(prob, 0);
  const B = load<i32>(prob, 12);
  const order = load<usize>(prob, 32);
  const rng = load<usize>(prob, 48);
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
export function linearSoftmaxPass(prob: usize, w: usize, g: usize, list: usize, count: i32,
  classLoss: usize, classHess: usize): f64 {
  const d = load<i32>(prob, 4);
  const c = load<i32>(prob, 8);
  const x = load<usize>(prob, 16);
  const labels = load<usize>(prob, 20);
  const omega = load<usize>(prob, 24);
  const lambda = load<f32>(prob, 28);
  const z = load<usize>(prob, 36);
  const xNormSq = load<usize>(prob, 40);
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
  if (g != 0) denseAccumulate(x, list, count, d, z, c, g, g + wBytes, load<usize>(prob, 56));

  if (lambda != 0) loss += addL2(lambda, w, g, c * d);
  return loss;
}

/** Writes the (mini-)batch gradient to g (all c·(d+1) entries) and returns the batch loss. */
export function linearSoftmaxGradient(prob: usize, w: usize, g: usize): f64 {
  const N = load<i32>(prob, 0);
  const B = load<i32>(prob, 12);
  if (B < N) sampleBatch(prob);
  return linearSoftmaxPass(prob, w, g, load<usize>(prob, 32), B, 0, 0);
}

/** The loss over all N samples (the exact objective), whatever the batch; no gradient. */
export function linearSoftmaxLoss(prob: usize, w: usize): f64 {
  return linearSoftmaxPass(prob, w, 0, load<usize>(prob, 52), load<i32>(prob, 0), 0, 0);
}
