// The full-batch bigram square loss on real counts (a corpus), reduced to closed forms.
// With q_ik = c_ik/N, π_i = Σ_k q_ik and p_ik = q_ik/π_i (the counts data of src/problems/bigram-square/counts.ts):
//   L(W) − L* = ½ Σ_i π_i Σ_k (W_ki − p_ik)²,  and entry (k, i)'s gradient π_i(W_ki − p_ik)
// sees only its own target p_ik and scale π_i. Rows differ (unlike the synthetic law, where
// every row permutes one q), so the reductions keep one term per row (GD) or per entry (sign):
//   GD from W = 0, step η:  W_ki(t) = p_ik (1 − (1 − ηπ_i)^t),
//     R(t) = Σ_i π_i ‖p_i‖² (1 − ηπ_i)^{2t} / Σ_i π_i ‖p_i‖²        (O(V) per t)
//   sign descent, step η: entry (k, i) ramps tη until s = ⌈p/η⌉ and then alternates between sη
//     and (s − 1)η (reduced-sign.ts), whatever π_i; entries with p_ik = 0 never move (sign 0):
//     R(t) = Σ_e π_{i(e)} err_e(t)² / Σ_e π_{i(e)} p_e²        (O(log nnz) per t, prefix sums)
import type { CountMatrix } from "../../sparse/count-matrix.js";
import { crossingStep, type Parity } from "./reduced-sign.js";

export interface CountsLaw {
  readonly d: number;
  /** π_i, the input frequencies. */
  readonly inputs: Float64Array;
  /** π_i ‖p_i‖²: each row's share of L(0) − L* (times 2). */
  readonly rowWeights: Float64Array;
  /** Non-zero targets p_e in decreasing order, and the scale π_{i(e)} of each. */
  readonly targets: Float64Array;
  readonly targetScales: Float64Array;
  /** L(0) − L* = ½ Σ_i π_i ‖p_i‖². */
  readonly initialExcess: number;
  /** π₁ = max_i π_i. */
  readonly maxInput: number;
}

export function countsLaw(counts: CountMatrix): CountsLaw {
  const { d, rowStart } = counts;
  let N = 0;
  for (let e = 0; e < rowStart[d]; e++) N += counts.counts[e];
  const inputs = new Float64Array(d);
  const rowWeights = new Float64Array(d);
  const order: number[] = [];
  const p = new Float64Array(rowStart[d]);
  const scale = new Float64Array(rowStart[d]);
  let total = 0;
  for (let i = 0; i < d; i++) {
    let n = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) n += counts.counts[e];
    inputs[i] = n / N;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      p[e] = counts.counts[e] / n;
      scale[e] = inputs[i];
      rowWeights[i] += inputs[i] * p[e] * p[e];
      order.push(e);
    }
    total += rowWeights[i];
  }
  order.sort((a, b) => p[b] - p[a] || a - b);
  return {
    d,
    inputs,
    rowWeights,
    initialExcess: 0.5 * total,
    maxInput: Math.max(...inputs),
    targets: Float64Array.from(order, (e) => p[e]),
    targetScales: Float64Array.from(order, (e) => scale[e]),
  };
}

export interface CountsCurve {
  relativeLoss(t: number): number;
}

/** GD's closed form: R(t) and the first t with R(t) ≤ ε (ln R is convex in t: the hits form an interval). */
export function countsGd(law: CountsLaw, eta: number) {
  const factor = Float64Array.from(law.inputs, (pi) => (1 - eta * pi) ** 2);
  const total = 2 * law.initialExcess;
  const relativeLoss = (t: number): number => {
    let s = 0;
    for (let i = 0; i < law.d; i++) if (law.rowWeights[i] > 0) s += law.rowWeights[i] * factor[i] ** t;
    return s / total;
  };
  return {
    relativeLoss,
    stepsTo(eps: number, stepsMax: number): number | null {
      if (relativeLoss(0) <= eps) return 0;
      // Doubling until R ≤ ε; R not falling between t and t + 1 means it has passed its minimum (convexity).
      let lo = 0,
        hi = 1;
      for (;;) {
        if (hi > stepsMax) {
          hi = stepsMax;
          if (relativeLoss(hi) > eps) return null;
          break;
        }
        if (relativeLoss(hi) <= eps) break;
        if (relativeLoss(hi + 1) >= relativeLoss(hi)) return null;
        lo = hi;
        hi *= 2;
      }
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (relativeLoss(mid) <= eps) hi = mid;
        else lo = mid;
      }
      return hi;
    },
  };
}

/** Sign descent's closed form on weighted entries (reduced-sign.ts with a weight per entry). */
export function countsSign(law: CountsLaw, eta: number) {
  const q = law.targets,
    w = law.targetScales,
    n = q.length;
  const w0 = new Float64Array(n + 1),
    w1 = new Float64Array(n + 1),
    w2 = new Float64Array(n + 1);
  for (let r = 0; r < n; r++) {
    w0[r + 1] = w0[r] + w[r];
    w1[r + 1] = w1[r] + w[r] * q[r];
    w2[r + 1] = w2[r] + w[r] * q[r] * q[r];
  }
  const cross = new Float64Array(n);
  const atEven = new Float64Array(n + 1),
    atOdd = new Float64Array(n + 1);
  for (let r = n - 1; r >= 0; r--) {
    const s = crossingStep(q[r], eta);
    cross[r] = s;
    const a = s * eta - q[r];
    const b = a === 0 ? 0 : q[r] - (s - 1) * eta;
    const even = s % 2 === 0;
    atEven[r] = atEven[r + 1] + w[r] * (even ? a * a : b * b);
    atOdd[r] = atOdd[r + 1] + w[r] * (even ? b * b : a * a);
  }
  const ramping = (t: number): number => {
    let lo = 0,
      hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cross[mid] > t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const relativeLoss = (t: number): number => {
    const m = ramping(t),
      x = t * eta;
    const ramp = Math.max(0, w2[m] - 2 * x * w1[m] + x * x * w0[m]);
    return (ramp + (t % 2 === 0 ? atEven[m] : atOdd[m])) / w2[n];
  };
  const settled = n > 0 ? cross[0] : 0;
  return {
    relativeLoss,
    /** First step of this parity with R ≤ ε (R along one parity is non-increasing, constant from s₁ on). */
    stepsTo(eps: number, parity: Parity, stepsMax: number): number | null {
      const first = parity === "even" ? 0 : 1;
      let last = Math.min(stepsMax, settled + 1);
      if (last % 2 !== first) last--;
      if (last < first || relativeLoss(last) > eps) return null;
      let lo = first - 2,
        hi = last;
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
