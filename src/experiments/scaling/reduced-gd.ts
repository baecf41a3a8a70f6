// Full-batch GD on the bigram square loss, exactly, without a pass over d per evaluation.
//
// From W = 0 with a constant step η, entry (k, i) follows W_ki(t) = p_ik (1 − (1 − ηπ_i)^t)
// (phenomenon 3), so W_ki(t) − p_ik = −p_ik (1 − ηπ_i)^t and, every row holding the values q,
//   L(t) − L* = ½ ‖q‖² Σ_i π_i (1 − ηπ_i)^{2t},   R(t) = Σ_i w_i e^{tℓ_i}
// with w_i = π_i / Σ_j π_j and ℓ_i = 2 ln|1 − ηπ_i| (entries with ηπ_i = 1 are solved after
// one step and drop out). R is a positive sum of exponentials in t, so ln R is convex
// (log-sum-exp of functions linear in t); for η < 2/π_1 every ℓ_i < 0 and R falls.
//
// Evaluation: the ℓ_i are grouped into bins of relative width ≤ ρ (a Zipf π gives ~ln(range)/ρ
// bins, not d), and each bin's Σ w_i e^{tℓ_i} = e^{tc} Σ w_i e^{tδ_i} (δ_i = ℓ_i − c) is a
// Taylor polynomial in t of the bin's moments m_k = Σ w_i δ_i^k, with the rigorous remainder
//   |Σ w_i e^{tδ_i} − Σ_{k≤K} m_k t^k/k!| ≤ m_0 (tΔ)^{K+1}/(K+1)! · e^{tΔ},  Δ = max |δ_i|.
// For ρ = 1/32 and K = 8 that is below 1e-17 of the bin's weight wherever e^{tc} is not
// negligible. A decision R(t) ≤ ε that falls within the bound (plus rounding) of ε is settled
// by the exact O(d) sum instead, so every step count returned is exact.
//
// Steps to ε: Newton on f(t) = ln R(t) − ln ε from the left. f is convex, so its tangent lies
// below it and the tangent's zero does not pass the first root: the iterates climb to it
// (quadratically once close), rounded up to integers. If f' ≥ 0 while f > 0 (η too large: the
// loss turns back up), ε is never reached. A bisection guards the end against an overshoot.
import { argNumber } from "../../config/args.js";
import { checkLaw } from "./bigram-law.js";
import type { BigramLaw } from "./bigram-law.js";

export interface GdCurve {
  readonly eta: number;
  /** R(t) = (L(t) − L*)/(L(0) − L*) at an integer t ≥ 0 (exact O(d) sum). */
  relativeLoss(t: number): number;
  /** L(t) − L*. */
  excessLoss(t: number): number;
  /** First t with R(t) ≤ ε for each ε (any order), or null if not within stepsMax. */
  stepsTo(eps: readonly number[], stepsMax: number): (number | null)[];
}

const BIN_WIDTH = 1 / 32;
const ORDER = 8;
const FACTORIAL = Array.from({ length: ORDER + 2 }, (_, k) =>
  k === 0 ? 1 : Array.from({ length: k }, (_, j) => j + 1).reduce((a, b) => a * b, 1),
);

interface Bins {
  count: number;
  center: Float64Array;
  radius: Float64Array;
  /** moments[b·(ORDER+1) + k] = Σ w_i δ_i^k over bin b. */
  moments: Float64Array;
}

/** Consecutive entries whose ℓ lie within a relative width ρ share a bin. */
function binTerms(weight: Float64Array, ell: Float64Array): Bins {
  const d = weight.length;
  const starts: number[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < d; i++) {
    if (weight[i] === 0) continue;
    const l = ell[i];
    const nlo = Math.min(lo, l);
    const nhi = Math.max(hi, l);
    const scale = Math.min(Math.abs(nlo), Math.abs(nhi));
    if (starts.length === 0 || nhi - nlo > BIN_WIDTH * scale || Math.sign(nlo) !== Math.sign(nhi)) {
      starts.push(i);
      lo = l;
      hi = l;
    } else {
      lo = nlo;
      hi = nhi;
    }
  }
  const count = starts.length;
  const center = new Float64Array(count);
  const radius = new Float64Array(count);
  const moments = new Float64Array(count * (ORDER + 1));
  for (let b = 0; b < count; b++) {
    const end = b + 1 < count ? starts[b + 1] : d;
    let min = Infinity;
    let max = -Infinity;
    for (let i = starts[b]; i < end; i++) {
      if (weight[i] === 0) continue;
      min = Math.min(min, ell[i]);
      max = Math.max(max, ell[i]);
    }
    const c = 0.5 * (min + max);
    center[b] = c;
    radius[b] = 0.5 * (max - min);
    const m = b * (ORDER + 1);
    for (let i = starts[b]; i < end; i++) {
      if (weight[i] === 0) continue;
      const delta = ell[i] - c;
      let term = weight[i];
      for (let k = 0; k <= ORDER; k++) {
        moments[m + k] += term;
        term *= delta;
      }
    }
  }
  return { count, center, radius, moments };
}

export function reducedGd(law: BigramLaw, eta: number): GdCurve {
  checkLaw(law);
  argNumber("eta", eta, Number.MIN_VALUE);
  const d = law.d;
  const weight = new Float64Array(d);
  const ell = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const contraction = Math.abs(1 - eta * law.inputs[i]);
    weight[i] = contraction === 0 ? 0 : law.inputs[i] / law.inputMass;
    ell[i] = contraction === 0 ? 0 : 2 * Math.log(contraction);
  }
  const bins = binTerms(weight, ell);

  /** Σ_i w_i e^{tℓ_i} term by term (t ≥ 1). */
  function exactSum(t: number): number {
    let value = 0;
    for (let i = d - 1; i >= 0; i--) if (weight[i] !== 0) value += weight[i] * Math.exp(t * ell[i]);
    return value;
  }

  /** Binned R(t), dR/dt and a bound on |binned − exact| (t ≥ 1). */
  function binned(t: number): [number, number, number] {
    let value = 0;
    let slope = 0;
    let bound = 0;
    for (let b = 0; b < bins.count; b++) {
      const scale = Math.exp(t * bins.center[b]);
      if (scale === 0) continue;
      const m = b * (ORDER + 1);
      // P(t) = Σ_k m_k t^k/k!, P'(t) = Σ_{k≥1} m_k t^{k−1}/(k−1)!, by Horner.
      let p = bins.moments[m + ORDER] / FACTORIAL[ORDER];
      let dp = 0;
      for (let k = ORDER - 1; k >= 0; k--) {
        dp = dp * t + p;
        p = p * t + bins.moments[m + k] / FACTORIAL[k];
      }
      value += scale * p;
      slope += scale * (bins.center[b] * p + dp);
      const y = t * bins.radius[b];
      bound += scale * bins.moments[m] * (y ** (ORDER + 1) / FACTORIAL[ORDER + 1]) * Math.exp(y);
    }
    return [value, slope, bound];
  }

  /** Whether R(t) ≤ ε, exactly: the binned value where the bound decides it, else the full sum. */
  function reached(t: number, value: number, bound: number, eps: number): boolean {
    const slack = bound + 1e-13 * value;
    if (value + slack <= eps) return true;
    if (value - slack > eps) return false;
    return exactSum(t) <= eps;
  }

  function relativeLoss(t: number): number {
    return t === 0 ? 1 : exactSum(t);
  }

  /** First t in (lo, stepsMax] with R(t) ≤ ε, given R(lo) > ε (lo ≥ 0). */
  function firstBelow(eps: number, lo: number, stepsMax: number): number | null {
    let n = lo + 1;
    for (;;) {
      if (n > stepsMax) return null;
      const [value, slope, bound] = binned(n);
      if (!Number.isFinite(value)) return null;
      if (reached(n, value, bound, eps)) break;
      lo = n;
      if (slope >= 0) return null; // ln R convex and no longer falling: its minimum is above ε
      // Newton on ln R − ln ε: t ← n − (ln R − ln ε)/(R'/R), at or below the root.
      n = Math.max(n + 1, Math.ceil(n - ((Math.log(value) - Math.log(eps)) * value) / slope));
    }
    // R(lo) > ε ≥ R(n); R falls on [lo, n] (convexity), so bisect for the first hit.
    while (n - lo > 1) {
      const mid = Math.floor((lo + n) / 2);
      const [value, , bound] = binned(mid);
      if (reached(mid, value, bound, eps)) n = mid;
      else lo = mid;
    }
    return n;
  }

  return {
    eta,
    relativeLoss,
    excessLoss: (t) => relativeLoss(t) * law.initialExcess,
    stepsTo(epsList, stepsMax) {
      // Larger ε first: each root lies at or after the previous one, so the search resumes there.
      const order = epsList.map((eps, j) => [eps, j] as const).sort((a, b) => b[0] - a[0]);
      const out: (number | null)[] = epsList.map(() => null);
      let lo = 0; // R(lo) > ε for the ε being solved
      for (const [eps, j] of order) {
        if (eps >= 1) {
          out[j] = 0;
          continue;
        }
        const hit = firstBelow(eps, lo, stepsMax);
        out[j] = hit;
        if (hit === null) break; // smaller ε are not reached either
        lo = hit - 1;
      }
      return out;
    },
  };
}
