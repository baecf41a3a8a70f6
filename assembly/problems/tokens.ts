// The six-token experiment (SPEC item 1): a linear model on 0/1 features.
//   x_k ~ Bernoulli(p_k) independently,  y = Σ_k x_k w*_k + σ·N(0,1)
//   L = ½·mean_b (x_b·w − y_b)²,  ∇_k L = mean_b (x_b·w − y_b)·x_bk
// A rare feature is absent from the whole batch most steps, so its gradient is exactly 0.
//
// Problem block (src/problems/tokens.ts mirrors it):
//   +0 K i32, +4 B i32, +8 σ f32, +12 p ptr (f32 K), +16 w* ptr (f32 K),
//   +20 scratch ptr (i32 K: the present features of one sample), +24 rng ptr
// RNG draws per sample, in order: K uniforms (feature k present iff u_k < p_k), one normal.
import { normal, uniformF32 } from "../rng";

export const TOKENS_BYTES: usize = 28;

/** Writes the batch gradient to g (K entries) and returns the batch loss. */
export function tokensGradient(prob: usize, w: usize, g: usize): f64 {
  const K = load<i32>(prob, 0);
  const B = load<i32>(prob, 4);
  const sigma = <f64>load<f32>(prob, 8);
  const p = load<usize>(prob, 12);
  const wTrue = load<usize>(prob, 16);
  const present = load<usize>(prob, 20);
  const rng = load<usize>(prob, 24);
  memory.fill(g, 0, <usize>K << 2);
  let loss: f64 = 0.0;
  for (let b = 0; b < B; b++) {
    let nPresent = 0;
    let pred: f32 = 0;
    let target: f32 = 0;
    for (let k = 0; k < K; k++) {
      const o = <usize>k << 2;
      if (uniformF32(rng) < load<f32>(p + o)) {
        store<i32>(present + (<usize>nPresent << 2), k);
        nPresent++;
        pred += load<f32>(w + o);
        target += load<f32>(wTrue + o);
      }
    }
    target += <f32>(sigma * normal(rng));
    const r = pred - target;
    loss += <f64>r * <f64>r;
    for (let j = 0; j < nPresent; j++) {
      const o = <usize>load<i32>(present + (<usize>j << 2)) << 2;
      store<f32>(g + o, load<f32>(g + o) + r);
    }
  }
  const fb = <f32>B;
  for (let k = 0; k < K; k++) {
    const o = <usize>k << 2;
    store<f32>(g + o, load<f32>(g + o) / fb);
  }
  return 0.5 * loss / <f64>B;
}
