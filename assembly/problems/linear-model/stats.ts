// Per-class statistics of the linear softmax model (phenomena 4, 6), over all N samples;
// meant for record steps only (one full-data pass plus O(c·d)). With a_n = ω_{y_n}/Σ_m ω_{y_m}:
//   out[0, c)    ℓ_k = mean of ℓ_n over the samples of class k (all share the weight ω_k, so
//                this is also their sample-weighted mean)
//   out[c, 2c)   ‖∇_{W_k} L‖₂ of the full-data gradient (ω and λ included, bias entry excluded)
//   out[2c, 3c)  tr ∇²_{W_k W_k} L = Σ_n a_n p_nk (1 − p_nk) ‖x_n‖² + λ·d  (the Hessian block of
//                class k's weights; unweighted a_n = 1/N gives phenomenon 6's Σ_n p_nk(1−p_nk)‖x_n‖²/N)
// Block layout: problem.ts (linearModel in src/layout/blocks.mjs).
import { LINEAR_MODEL_ALL, LINEAR_MODEL_CLASSES, LINEAR_MODEL_CLASS_COUNTS, LINEAR_MODEL_D, LINEAR_MODEL_LAMBDA, LINEAR_MODEL_SAMPLES } from "../../layout";
import { sumSquares } from "../../math/reduce";
import { linearModelPass } from "./problem";

/**
 * Writes 3c f64 to out and returns the full-data loss. g is scratch of c·(d+1) f32 (the run's
 * gradient buffer will do between steps); it is left holding the full-data gradient.
 */
export function linearModelClassStats(prob: usize, w: usize, g: usize, out: usize): f64 {
  const N = load<i32>(prob + LINEAR_MODEL_SAMPLES);
  const d = load<i32>(prob + LINEAR_MODEL_D);
  const c = load<i32>(prob + LINEAR_MODEL_CLASSES);
  const lambda = <f64>load<f32>(prob + LINEAR_MODEL_LAMBDA);
  const counts = load<usize>(prob + LINEAR_MODEL_CLASS_COUNTS);
  const all = load<usize>(prob + LINEAR_MODEL_ALL);
  const cBytes = <usize>c << 3;
  memory.fill(out, 0, 3 * cBytes);
  const loss = linearModelPass(prob, w, g, all, N, out, out + 2 * cBytes);
  for (let k = 0; k < c; k++) {
    const ko = <usize>k << 3;
    store<f64>(out + ko, load<f64>(out + ko) / <f64>load<i32>(counts + (<usize>k << 2)));
    store<f64>(out + cBytes + ko, Math.sqrt(sumSquares(g + (<usize>k * <usize>d << 2), d)));
    const h = out + 2 * cBytes + ko;
    store<f64>(h, load<f64>(h) + lambda * <f64>d);
  }
  return loss;
}
