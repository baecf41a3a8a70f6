// The full-batch bigram square loss (phenomenon 3) reduced to what its dynamics depend on.
//
// Input i ~ π, output k | i ~ p_i, and every row p_i is a permutation of one law q
// (q_r ∝ r^(−α), the same Zipf law as π in the canonical setting). With W_i = W[:, i],
//   L(W) = ½ Σ_i π_i ‖W_i − p_i‖² + L*,   L* = ½ Σ_i π_i (1 − ‖q‖²),
// so the excess L − L* = ½ Σ_i π_i Σ_k (W_ki − p_ik)², and at W = 0 it is ½ (Σ_i π_i) ‖q‖².
// The full-batch gradient of entry (k, i) is π_i (W_ki − p_ik): entry (k, i) sees only its own
// target p_ik and its own scale π_i. Entries with the same (π_i, p_ik) therefore move
// identically, and an optimizer blind to the scale π_i (sign descent, Adam with ε = 0) moves
// entry (k, i) exactly as it moves coordinate r of the unweighted quadratic ½‖w − q‖² where
// q_r = p_ik — d coordinates instead of d².
import { argNumbers, argObject } from "../../config/args.js";
import { zipfFrequencies } from "../../problems/shared/zipf.js";
import { ConfigError } from "../../config/error.js";

export interface BigramLaw {
  readonly d: number;
  /** π, the input law (f64). */
  readonly inputs: Float64Array;
  /** q, the law every row is a permutation of, in decreasing order (f64). */
  readonly row: Float64Array;
  /** Σ_i π_i (1 in exact arithmetic; kept so that f32-rounded laws reduce exactly too). */
  readonly inputMass: number;
  /** ‖q‖² = Σ_r q_r². */
  readonly rowSquares: number;
  /** L(0) − L* = ½ (Σ_i π_i) ‖q‖². */
  readonly initialExcess: number;
}

/** The reduced law of given π and q (q is sorted, decreasing; any positive values). */
export function bigramLaw(inputs: ArrayLike<number>, row: ArrayLike<number>): BigramLaw {
  argNumbers("inputs", inputs, { min: 0 });
  argNumbers("row", row, { min: 0 });
  if (inputs.length !== row.length)
    throw new ConfigError("row", `must have as many entries as inputs (π has ${inputs.length}, q ${row.length})`);
  const pi = Float64Array.from(inputs);
  const q = Float64Array.from(row).sort().reverse();
  let inputMass = 0;
  let rowSquares = 0;
  // Smallest terms first: fewest rounding errors in the sums.
  for (let r = q.length - 1; r >= 0; r--) {
    inputMass += pi[r];
    rowSquares += q[r] * q[r];
  }
  return { d: q.length, inputs: pi, row: q, inputMass, rowSquares, initialExcess: 0.5 * inputMass * rowSquares };
}

/** Checks that `law` is a reduced law (bigramLaw, zipfBigramLaw). */
export function checkLaw(law: unknown, name = "law"): BigramLaw {
  const l = argObject<BigramLaw>(name, law, "a reduced law (bigramLaw, zipfBigramLaw)");
  if (
    !Number.isSafeInteger(l.d) ||
    l.d < 1 ||
    !(l.inputs instanceof Float64Array) ||
    !(l.row instanceof Float64Array) ||
    l.inputs.length !== l.d ||
    l.row.length !== l.d ||
    !Number.isFinite(l.initialExcess)
  ) {
    throw new ConfigError(name, "must be a reduced law (bigramLaw, zipfBigramLaw)");
  }
  return l;
}

/** The canonical setting: π = q = the Zipf law π_r ∝ r^(−α) over d tokens. */
export function zipfBigramLaw(d: number, alpha: number): BigramLaw {
  const pi = zipfFrequencies(d, alpha);
  return bigramLaw(pi, pi);
}
