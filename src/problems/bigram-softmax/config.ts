// The synthetic bigram softmax problem's config (phenomenon 4b; declaration.ts declares its
// options) and the sizes it needs: a d too large for wasm32 memory fails with the size.
import { argInteger } from "../../config/args.js";
import { checkMemory } from "../shared/memory.js";
import { ConfigError } from "../../config/error.js";

export interface BigramSoftmaxConfig {
  /** Vocabulary size: W is d×d. */
  d: number;
  /** Zipf exponent of the inputs and of each row's outputs. */
  alpha: number;
  /** N, the number of pairs: the sample size when sampled, a scale when expected. */
  pairs: number;
  /** c_ik = N·π_i·π_{k|i} exactly, or N sampled pairs. */
  counts: "expected" | "sampled";
  /** Ranking of the outputs within each row: a seeded random permutation, or the identity. */
  permutation: "random" | "identity";
  /** Pairs per step (drawn ∝ counts), or "full" for the exact loss over all pairs. */
  batch: number | "full";
  /** Per-class loss weight ω_k of the next token: 1, 1/π_k or 1/√π_k (L = Σ ω_{y} ℓ / Σ ω_{y}). */
  reweight: "none" | "inverse" | "inverse-sqrt";
  /** λ of λ/2‖W‖² (full batch only). */
  l2: number;
  /** Seed of the rankings and sampled pairs (the run's seed drives the batches). */
  seed: number;
}

export const MAX_PAIRS = 2 ** 31 - 1;

/**
 * Bytes of WASM memory for vocabulary d and nnz stored pairs, the least any run needs: W
 * (4·d²) and `stateArrays` optimizer states of d² f32, the u16 rankings of expected counts
 * (2·d², when random), the CSR (8 bytes an entry, 20 with the alias table and entry rows of
 * mini-batches), O(d) rows and the B drawn entries. A run's own estimate (src/loop/memory.ts)
 * adds what its optimizer and options need: a stored gradient, state, counts, records.
 */
export function bigramSoftmaxBytes(d: number, nnz: number, batch: number, stateArrays = 0, rankings = false): number {
  argInteger("d", d, 1);
  argInteger("nnz", nnz, 0);
  argInteger("batch", batch, 0);
  argInteger("stateArrays", stateArrays, 0, 64);
  if (typeof rankings !== "boolean") throw new ConfigError("rankings", `must be true or false (got ${String(rankings)})`);
  return 4 * d * d * (1 + stateArrays) + (rankings ? 2 * d * d : 0) + (batch > 0 ? 20 : 8) * nnz + 28 * d + 4 * batch;
}

/** Checks memory and batch for a count matrix of nnz entries summing to `pairs`. */
export function checkBigramSoftmaxSize(
  d: number,
  nnz: number,
  pairs: number,
  batch: number | "full",
  field: string,
  rankings = false,
  change?: string,
): void {
  const prefix = field ? `${field}.` : "";
  const B = batch === "full" ? 0 : batch;
  if (B > pairs) throw new ConfigError(`${prefix}batch`, `must be at most the number of pairs N = ${pairs} (got ${B})`);
  checkMemory(
    `${prefix}d`,
    bigramSoftmaxBytes(d, nnz, B, 0, rankings),
    `d = ${d}: W, 4·d² bytes, ${rankings ? "the rankings, 2·d² bytes, " : ""}and ${nnz} stored pairs`,
    change,
  );
}

/**
 * The largest table of targets a full batch stores (4·d² bytes: d ≤ 11 585). Above it the
 * gradient makes each c_ik from a u16 rank (2·d²) and a gather, as it always can: the table
 * buys speed (a vector load for eight scalar loads), the ranks buy the largest d, and this
 * size keeps the table far from the 4 GiB limit (with Adam's state, 16·d² ≤ 2 GiB).
 */
export const TARGETS_MAX_BYTES = 512 * 2 ** 20;

/** Whether a full batch with a random ranking stores its targets c_ik/N as an f32 table. */
export function storesTargets(d: number, batch: number, random: boolean, maxBytes = TARGETS_MAX_BYTES): boolean {
  return random && batch === 0 && 4 * d * d <= maxBytes;
}

/** Expected counts computed on the fly: at the full batch, and in unweighted mini-batches. */
export function onTheFly(config: BigramSoftmaxConfig): boolean {
  return config.counts === "expected" && (config.batch === "full" || config.reweight === "none");
}
