// Configuration of the synthetic bigram softmax problem (SPEC item 4b), validated in one place;
// errors name the field and its range. A d too large for wasm32 memory fails here, with the size.
import { argInteger } from "../../config/args.js";
import { z } from "zod";
import { ConfigError, int, nonNegative, parseConfig } from "../../config/fields.js";
import { MAX_SEED } from "../../rng/seed.js";
import { checkMemory, withDefaults } from "../shared/memory.js";
import { batchField, reweightField } from "../shared/fields.js";

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

export type BigramSoftmaxInput = Partial<BigramSoftmaxConfig>;

export const BIGRAM_SOFTMAX_DEFAULTS: BigramSoftmaxConfig = {
  d: 1000, alpha: 1, pairs: 1_000_000, counts: "expected", permutation: "random", batch: "full", reweight: "none", l2: 0, seed: 0,
};

export const MAX_PAIRS = 2 ** 31 - 1;

const schema = z.object({
  d: int(1, 65536),
  alpha: nonNegative(),
  pairs: int(1, MAX_PAIRS),
  counts: z.enum(["expected", "sampled"], { error: 'must be "expected" or "sampled"' }),
  permutation: z.enum(["random", "identity"], { error: 'must be "random" or "identity"' }),
  reweight: reweightField(),
  l2: nonNegative(),
  batch: batchField(),
  seed: int(0, MAX_SEED),
}).strict();

/**
 * Bytes of WASM memory for vocabulary d and nnz stored pairs, the least any run needs: W
 * (4·d²) and `stateArrays` optimizer states of d² f32, the u16 rankings of expected counts
 * (2·d², when random), the CSR (8 bytes an entry, 20 with the alias table and entry rows of
 * mini-batches), O(d) rows and the B drawn entries. A run's own estimate (src/run/memory.ts)
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
export function checkBigramSoftmaxSize(d: number, nnz: number, pairs: number, batch: number | "full", field: string,
  rankings = false, change?: string): void {
  const prefix = field ? `${field}.` : "";
  const B = batch === "full" ? 0 : batch;
  if (B > pairs) throw new ConfigError(`${prefix}batch`, `must be at most the number of pairs N = ${pairs} (got ${B})`);
  checkMemory(`${prefix}d`, bigramSoftmaxBytes(d, nnz, B, 0, rankings),
    `d = ${d}: W, 4·d² bytes, ${rankings ? "the rankings, 2·d² bytes, " : ""}and ${nnz} stored pairs`, change);
}

/**
 * Sizes for the run's memory estimate (src/run/memory.ts), as bigramSoftmaxProblem lays them
 * out: expected counts are computed on the fly (u16 ranks, 2·d², when random; mini-batches
 * add the classes by rank, 2·d² more), except reweighted mini-batches; otherwise the stored pairs.
 */
export function bigramSoftmaxShape(input: BigramSoftmaxInput) {
  const config = resolveBigramSoftmaxConfig(input);
  const d = config.d;
  const B = config.batch === "full" ? 0 : config.batch;
  const dense = onTheFly(config);
  const random = config.permutation === "random";
  const nnz = config.counts === "expected" ? d * d : Math.min(config.pairs, d * d);
  return {
    n: d * d, rowLen: B > 0 ? d : 0, fusedSteps: true, deferredRecords: B === 0, countFold: d,
    layoutBytes: dense ? 52 * d + (random ? 2 * d * d : 0) + (B > 0 ? 12 * d + 12 * B + (random ? 2 * d * d : 0) : 0) + 1024
      : (B > 0 ? 20 : 8) * nnz + 44 * d + 12 * B + 1024,
    classStats: { classes: d, fields: ["loss"] },
  };
}

/** Expected counts computed on the fly: at the full batch, and in unweighted mini-batches. */
export function onTheFly(config: BigramSoftmaxConfig): boolean {
  return config.counts === "expected" && (config.batch === "full" || config.reweight === "none");
}

/** Validates a config (defaults filled). Stored pairs: min(N, d²) sampled, d² reweighted expected mini-batches. */
export function resolveBigramSoftmaxConfig(input: BigramSoftmaxInput = {}, field = "problem"): BigramSoftmaxConfig {
  const config = parseConfig(schema, withDefaults(BIGRAM_SOFTMAX_DEFAULTS, input, field), field) as BigramSoftmaxConfig;
  const d = config.d;
  const dense = onTheFly(config);
  const nnz = dense ? 0 : config.counts === "expected" ? d * d : Math.min(config.pairs, d * d);
  checkBigramSoftmaxSize(d, nnz, config.pairs, config.batch, field, dense && config.permutation === "random");
  return config;
}
