// Full-batch sign descent on the bigram square loss with a constant step, in closed form.
//
// sign(π_i (W_ki − p_ik)) = sign(W_ki − p_ik): entry (k, i) ignores π_i, and from W = 0 its
// path depends only on its target p = p_ik. It ramps, W(t) = tη, until the first step
//   s = ⌈p/η⌉  (sη ≥ p > (s−1)η),
// then oscillates between sη and (s−1)η: W(t) = sη when t − s is even, (s−1)η when odd — or
// stays at p for good if sη = p exactly (sign 0). With a = sη − p ∈ [0, η) and
// b = p − (s−1)η ∈ (0, η] (a + b = η) the error |W(t) − p| is
//   p − tη (t < s),   a (t ≥ s, t − s even),   b (t > s, t − s odd; 0 if a = 0).
// Every row holds the values q, and Σ_i π_i factors out:
//   L(t) − L* = ½ (Σ_i π_i) Σ_r e_r(t)²,   R(t) = Σ_r e_r(t)² / ‖q‖².
// Along even steps (and along odd steps) each |e_r| is non-increasing — b + η ≥ a two steps
// before s, then constant — so R restricted to one parity is non-increasing, while R itself
// zig-zags: the first step with R ≤ ε is found per parity by bisection.
//
// Evaluation in O(log d): q is decreasing, so s_r is non-increasing in r and the entries still
// ramping at t are a prefix r < m(t); there Σ (q_r − tη)² = Q2 − 2tη Q1 + m t²η² from prefix
// sums Q1, Q2; the rest contribute suffix sums of a² or b² chosen by the parity of t − s_r.
import { argNumber } from "../../config/args.js";
import { checkLaw } from "./bigram-law.js";
import type { BigramLaw } from "./bigram-law.js";

export type Parity = "even" | "odd";

export interface SignCurve {
  readonly eta: number;
  /** s_1 = ⌈q_1/η⌉: from here on R takes one value on even steps and one on odd steps. */
  readonly settled: number;
  relativeLoss(t: number): number;
  excessLoss(t: number): number;
  /** First step of the given parity with R ≤ ε (0 counts as even), or null if not within stepsMax. */
  stepsTo(eps: number, parity: Parity, stepsMax: number): number | null;
}

/** s = ⌈p/η⌉ exactly: the first multiple of η at or above p. */
export function crossingStep(p: number, eta: number): number {
  let s = Math.ceil(p / eta);
  while (s > 0 && (s - 1) * eta >= p) s--;
  while (s * eta < p) s++;
  return s;
}

/** Prefix sums Σ_{r<m} q_r and Σ_{r<m} q_r², shared by every step size on one law. */
const prefixCache = new WeakMap<BigramLaw, [Float64Array, Float64Array]>();

function rowPrefixSums(law: BigramLaw): [Float64Array, Float64Array] {
  let sums = prefixCache.get(law);
  if (!sums) {
    const q = law.row;
    const q1 = new Float64Array(law.d + 1);
    const q2 = new Float64Array(law.d + 1);
    for (let r = 0; r < law.d; r++) {
      q1[r + 1] = q1[r] + q[r];
      q2[r + 1] = q2[r] + q[r] * q[r];
    }
    sums = [q1, q2];
    prefixCache.set(law, sums);
  }
  return sums;
}

export function reducedSign(law: BigramLaw, eta: number): SignCurve {
  checkLaw(law);
  argNumber("eta", eta, Number.MIN_VALUE);
  const q = law.row;
  const d = law.d;
  const [q1, q2] = rowPrefixSums(law);
  const cross = new Float64Array(d);
  // Suffix sums over r ≥ m of the settled squared error at even steps and at odd steps: a² if
  // t − s_r is even, b² if odd.
  const settledAtEven = new Float64Array(d + 1);
  const settledAtOdd = new Float64Array(d + 1);
  for (let r = d - 1; r >= 0; r--) {
    const s = crossingStep(q[r], eta);
    cross[r] = s;
    const a = s * eta - q[r];
    const b = a === 0 ? 0 : q[r] - (s - 1) * eta;
    const sEven = s % 2 === 0;
    settledAtEven[r] = settledAtEven[r + 1] + (sEven ? a * a : b * b);
    settledAtOdd[r] = settledAtOdd[r + 1] + (sEven ? b * b : a * a);
  }

  /** m(t) = #{r : s_r > t}, the ramping prefix (s is non-increasing in r). */
  function ramping(t: number): number {
    let lo = 0;
    let hi = d;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cross[mid] > t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function squaredError(t: number): number {
    const m = ramping(t);
    const x = t * eta;
    // Σ_{r<m} (q_r − x)², as Σ (q_r − x)² = Q2 − 2x Q1 + m x² (all terms ≥ 0, cancellation
    // bounded by ~1e-16·Q2, far below the ε·‖q‖² the steps are counted at).
    const ramp = Math.max(0, q2[m] - 2 * x * q1[m] + m * x * x);
    return ramp + (t % 2 === 0 ? settledAtEven[m] : settledAtOdd[m]);
  }

  const relativeLoss = (t: number) => squaredError(t) / law.rowSquares;
  const settled = d > 0 ? cross[0] : 0;

  return {
    eta,
    settled,
    relativeLoss,
    excessLoss: (t) => 0.5 * law.inputMass * squaredError(t),
    stepsTo(eps, parity, stepsMax) {
      const first = parity === "even" ? 0 : 1;
      // Along this parity R is non-increasing and constant from s_1 on: look in [first, last].
      let last = Math.min(stepsMax, settled + 1);
      if (last % 2 !== first) last--;
      if (last < first || relativeLoss(last) > eps) return null;
      let lo = first - 2; // R(lo) > ε (R(−1), R(−2) read as +∞)
      let hi = last; // R(hi) ≤ ε
      while (hi - lo > 2) {
        let mid = Math.floor((lo + hi) / 2);
        if (mid % 2 !== first) mid--;
        if (mid <= lo) mid = lo + 2;
        if (relativeLoss(mid) <= eps) hi = mid;
        else lo = mid;
      }
      return hi;
    },
  };
}
