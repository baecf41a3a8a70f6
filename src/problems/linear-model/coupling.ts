// How the classes of the paper's linear softmax model interact (phenomenon 6), on a subset of
// classes, in f64 from the weights (diagnostics at chosen steps, not part of the hot loop):
//   • per-class gradients ∇_{W_k}L = (1/N) Σ_n (p_nk − y_nk) x_n and their cosine similarities;
//   • Hessian blocks H_kl = ∇²_{W_k W_l}L = (1/N) Σ_n (p_nk δ_kl − p_nk p_nl) x_n x_nᵀ and their
//     Frobenius norms, ‖H_kl‖_F² = (1/N²) Σ_{n,m} c_nkl c_mkl (x_n·x_m)², with c_nkl the scalar
//     weight above — diagonal blocks dominate the off-diagonal ones when classes are rare.
// Unweighted loss (ω = 1), no L2; bias excluded (W only), as in the per-class statistics.
import { argHas, argInteger, argList, argNumbers } from "../../config/args.js";
import type { LinearModelProblem } from "./problem.js";
import type { ClassCoupling } from "../problem.js";

/** Softmax probabilities p_nk for all samples (f64), from parameters [W (c×d); b (c)]. */
function probabilities(p: LinearModelProblem, w: ArrayLike<number>): Float64Array {
  const { samples: N, classes: c, d, x } = p;
  const probs = new Float64Array(N * c);
  for (let n = 0; n < N; n++) {
    let max = -Infinity;
    for (let k = 0; k < c; k++) {
      let z = w[c * d + k];
      for (let j = 0; j < d; j++) z += w[k * d + j] * x[n * d + j];
      probs[n * c + k] = z;
      max = Math.max(max, z);
    }
    let sum = 0;
    for (let k = 0; k < c; k++) sum += probs[n * c + k] = Math.exp(probs[n * c + k] - max);
    for (let k = 0; k < c; k++) probs[n * c + k] /= sum;
  }
  return probs;
}

const grams = new WeakMap<LinearModelProblem, Float64Array>();

/** (x_n·x_m)² for all sample pairs: shared by every block, and by every call on one problem. */
function squaredGram(p: LinearModelProblem): Float64Array {
  const cached = grams.get(p);
  if (cached) return cached;
  const { samples: N, d, x } = p;
  const gram = new Float64Array(N * N);
  for (let n = 0; n < N; n++) {
    for (let m = n; m < N; m++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[n * d + j] * x[m * d + j];
      gram[n * N + m] = gram[m * N + n] = s * s;
    }
  }
  grams.set(p, gram);
  return gram;
}

/** One class per level (the first of each), most frequent first: a subset spanning every frequency. */
export function classPerLevel(p: LinearModelProblem): number[] {
  return Array.from({ length: p.config.levels }, (_, level) => 2 ** level - 1);
}

export function classCoupling(p: LinearModelProblem, w: ArrayLike<number>, classes: readonly number[]): ClassCoupling {
  argHas("p", p, ["samples", "classes", "d", "x", "labels"], "a linear-model problem (linearModelProblem)");
  argNumbers("w", w, { minLength: p.classes * (p.d + 1) });
  argList("classes", classes, 1);
  classes.forEach((k, i) => argInteger(`classes[${i}]`, k, 0, p.classes - 1));
  const { samples: N, classes: c, d, x, labels } = p;
  const probs = probabilities(p, w);
  const grads = classes.map((k) => {
    const gk = new Float64Array(d);
    for (let n = 0; n < N; n++) {
      const r = probs[n * c + k] - (labels[n] === k ? 1 : 0);
      for (let j = 0; j < d; j++) gk[j] += (r * x[n * d + j]) / N;
    }
    return gk;
  });
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, j) => s + v * b[j], 0);
  const gradientCosine = grads.map((a) => grads.map((b) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b) || 1)));

  const gram = squaredGram(p);
  const weight = new Float64Array(N);
  const hessianNorm = classes.map((k) =>
    classes.map((l) => {
      for (let n = 0; n < N; n++) weight[n] = (k === l ? probs[n * c + k] : 0) - probs[n * c + k] * probs[n * c + l];
      let s = 0;
      for (let n = 0; n < N; n++) {
        if (weight[n] === 0) continue;
        let row = 0;
        for (let m = 0; m < N; m++) row += weight[m] * gram[n * N + m];
        s += weight[n] * row;
      }
      return Math.sqrt(Math.max(s, 0)) / N;
    }),
  );
  return { classes: [...classes], gradientCosine, hessianNorm };
}
