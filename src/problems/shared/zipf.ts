// Zipf class frequencies: π_k ∝ k^(−α), k = 1..d, normalised to sum 1. α = 0 is uniform;
// α = 1 gives π_1 ≈ 1/ln d, the language-like case.

import { argInteger, argNumber } from "../../config/args.js";

/** Largest d a frequency vector is built for (800 MB of f64). */
export const MAX_ZIPF_D = 100_000_000;

/** π in f64, summed from the smallest term up (fewest rounding errors). */
export function zipfFrequencies(d: number, alpha: number): Float64Array {
  argInteger("d", d, 1, MAX_ZIPF_D);
  argNumber("alpha", alpha, 0);
  const pi = new Float64Array(d);
  let total = 0;
  for (let k = d; k >= 1; k--) {
    pi[k - 1] = k ** -alpha;
    total += pi[k - 1];
  }
  for (let k = 0; k < d; k++) pi[k] /= total;
  return pi;
}
