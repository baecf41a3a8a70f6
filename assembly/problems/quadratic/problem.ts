// Weighted quadratic (phenomenon 2), deterministic (full batch):
//   f(w) = Σ_k π_k · ½ (w_k − w*_k)²,   ∇_k f = π_k (w_k − w*_k),   min f = 0 at w = w*
// with π_k ∝ k^(−α). GD moves coordinate k at speed π_k — from w = 0,
//   w_k(t) = w*_k (1 − (1 − ηπ_k)^t)  — so rare coordinates crawl.
//
// Problem block: `quadratic` in src/layout/blocks.mjs (d, π, w*).
// No random draws.
//
// The loss sum follows optimizers/reduce.ts: terms (π_k·δ_k)·δ_k rounded to f32 (as f32x4
// gives them), four f64 lane sums over the 4-aligned body, (l0+l1)+(l2+l3), then the tail.
import { QUADRATIC_D, QUADRATIC_PI, QUADRATIC_TARGET } from "../../layout";
import { addLowLanes, addHighLanes, laneTotal } from "../../math/reduce";

export { QUADRATIC_BYTES } from "../../layout";

// One pass over the coordinates; `write` is a constant at each call site, so after inlining
// the loss-only variant has no stores and no branch.
@inline function quadraticPass(prob: usize, w: usize, g: usize, write: bool): f64 {
  const d = load<i32>(prob + QUADRATIC_D);
  const pi = load<usize>(prob + QUADRATIC_PI);
  const target = load<usize>(prob + QUADRATIC_TARGET);
  let lo = f64x2.splat(0.0);
  let hi = f64x2.splat(0.0);
  const n4 = d & ~3;
  let k = 0;
  for (; k < n4; k += 4) {
    const o = <usize>k << 2;
    const delta = f32x4.sub(v128.load(w + o), v128.load(target + o));
    const grad = f32x4.mul(v128.load(pi + o), delta);
    if (write) v128.store(g + o, grad);
    const term = f32x4.mul(grad, delta);
    lo = addLowLanes(lo, term);
    hi = addHighLanes(hi, term);
  }
  let total = laneTotal(lo, hi);
  for (; k < d; k++) {
    const o = <usize>k << 2;
    const delta = load<f32>(w + o) - load<f32>(target + o);
    const grad = load<f32>(pi + o) * delta;
    if (write) store<f32>(g + o, grad);
    total += <f64>(grad * delta);
  }
  return 0.5 * total;
}

/** Writes ∇f(w) to g (d entries) and returns f(w). */
export function quadraticGradient(prob: usize, w: usize, g: usize): f64 {
  return quadraticPass(prob, w, g, true);
}

/** f(w) exactly as quadraticGradient computes it, without writing g. */
export function quadraticLoss(prob: usize, w: usize): f64 {
  return quadraticPass(prob, w, 0, false);
}
