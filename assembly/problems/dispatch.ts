// Per-problem dispatch for the run loop: the gradient kernel (writes g, returns the batch
// loss) and, where a problem has one, its exact loss L(w) (the full expectation).
// Adding a problem = one code (codes.ts), one case in each switch, its own file.
import { ProblemCode } from "./codes";
import { tokensGradient } from "./tokens/problem";
import { quadraticGradient, quadraticLoss } from "./quadratic/problem";
import { bigramSquareGradient, bigramSquareLoss } from "./bigram-square/problem";
import { linearSoftmaxGradient, linearSoftmaxLoss } from "./linear-model/problem";
import { bigramSoftmaxClassLoss, bigramSoftmaxGradient, bigramSoftmaxLoss, bigramSoftmaxStep } from "./bigram-softmax/problem";
import { bigramSquareCountsGradient, bigramSquareCountsLoss } from "./bigram-square/counts-problem";
import { transformerGradient, transformerLoss } from "./transformer/problem";

/**
 * Gradient at w into g; returns the batch loss. `touched` is the run loop's touched-row
 * block (loop.ts, +64): row-sparse problems list the rows they wrote there, others ignore it.
 */
export function problemGradient(code: u32, prob: usize, w: usize, g: usize, touched: usize): f64 {
  switch (code) {
    case ProblemCode.Tokens: return tokensGradient(prob, w, g);
    case ProblemCode.Quadratic: return quadraticGradient(prob, w, g);
    case ProblemCode.BigramSquare: return bigramSquareGradient(prob, w, g, touched);
    case ProblemCode.LinearSoftmax: return linearSoftmaxGradient(prob, w, g);
    case ProblemCode.BigramSoftmax: return bigramSoftmaxGradient(prob, w, g, touched);
    case ProblemCode.BigramSquareCounts: return bigramSquareCountsGradient(prob, w, g, touched);
    case ProblemCode.Transformer: return transformerGradient(prob, w, g);
    default: unreachable();
  }
  return 0;
}

/** The exact loss L(w); NaN for problems without one (tokens: only batch losses). */
export function problemLoss(code: u32, prob: usize, w: usize): f64 {
  switch (code) {
    case ProblemCode.Quadratic: return quadraticLoss(prob, w);
    case ProblemCode.BigramSquare: return bigramSquareLoss(prob, w);
    case ProblemCode.LinearSoftmax: return linearSoftmaxLoss(prob, w);
    case ProblemCode.BigramSoftmax: return bigramSoftmaxLoss(prob, w);
    case ProblemCode.BigramSquareCounts: return bigramSquareCountsLoss(prob, w);
    case ProblemCode.Transformer: return transformerLoss(prob, w);
    default: return NaN;
  }
}

/**
 * A step with the optimizer chain fused into the problem kernel (row-local chains; the
 * chain's prepare already ran): only problems whose TS side sets `fusedSteps`.
 * classLoss ≠ 0: the kernel also adds the per-class loss at the weights it starts from.
 */
export function problemStep(code: u32, prob: usize, w: usize, g: usize, touched: usize, chain: usize,
  nOps: i32, counts: usize, classLoss: usize): f64 {
  switch (code) {
    case ProblemCode.BigramSoftmax: return bigramSoftmaxStep(prob, w, g, touched, chain, nOps, counts, classLoss);
    default: unreachable();
  }
  return 0;
}

/** L(w) and the raw per-class loss sums into out (problems with deferred records only). */
export function problemClassLoss(code: u32, prob: usize, w: usize, out: usize): f64 {
  switch (code) {
    case ProblemCode.BigramSoftmax: return bigramSoftmaxClassLoss(prob, w, out);
    default: unreachable();
  }
  return 0;
}
