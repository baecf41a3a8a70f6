// Configuration of the bigram square-loss problem, validated in one place; errors name the
// field and its range. A d too large for wasm32 memory fails here, with the size it needs.
import { argInteger, argObject } from "../../config/args.js";
import { z } from "zod";
import { int, nonNegative, parseConfig } from "../../config/fields.js";
import { MAX_SEED } from "../../rng/seed.js";
import { checkMemory, withDefaults } from "../shared/memory.js";
import { BIGRAM_SQUARE_BLOCK, RNG_BLOCK } from "../../layout/generated.js";

export interface BigramSquareConfig {
  /** Vocabulary size: W is d×d. */
  d: number;
  /** Zipf exponent of the inputs and of each row's outputs. */
  alpha: number;
  /** Samples per step, or "full" for the exact expectation. */
  batch: number | "full";
  /** Ranking of the outputs within each row: a seeded random permutation, or the identity. */
  permutation: "random" | "identity";
  /** Seed of the rankings (the run's seed drives the sampling). */
  seed: number;
}

export type BigramSquareInput = Partial<BigramSquareConfig>;

export const BIGRAM_SQUARE_DEFAULTS: BigramSquareConfig = {
  d: 1000, alpha: 1, batch: "full", permutation: "random", seed: 0,
};

export const MAX_BATCH = 10_000_000;

const schema = z.object({
  d: int(1),
  alpha: nonNegative(),
  batch: z.unknown().refine((b) => b === "full" || (Number.isInteger(b) && (b as number) >= 1 && (b as number) <= MAX_BATCH),
    { message: `must be "full" or an integer in [1, ${MAX_BATCH}]` }),
  permutation: z.enum(["random", "identity"], { error: 'must be "random" or "identity"' }),
  seed: int(0, MAX_SEED),
}).strict();

/**
 * Bytes the problem's layout allocates in WASM memory: π (4·d), its alias table (8·d), the
 * rankings (u16 d², random only, drawn in WASM: no copy in JS) and their generator's state, a
 * scratch row and the hits (4·d each), the samples (8·B) and the block, each allocation
 * 16-byte aligned.
 */
export function bigramSquareLayoutBytes(d: number, B: number, random: boolean): number {
  return 20 * d + (random ? 2 * d * d + RNG_BLOCK.bytes + 15 : 0) + 8 * Math.max(B, 1) + BIGRAM_SQUARE_BLOCK.bytes + 7 * 15;
}

/**
 * Bytes of WASM memory a run needs at least: W and g (4·d² each), `stateArrays` optimizer
 * state arrays of d² f32 (Adam: 2) and the layout (above). JS memory is O(d + B).
 */
export function bigramSquareBytes(config: BigramSquareConfig, stateArrays = 0): number {
  const c = argObject<BigramSquareConfig>("config", config, "a bigram-square config");
  argInteger("config.d", c.d, 1);
  if (c.batch !== "full") argInteger("config.batch", c.batch, 1);
  argInteger("stateArrays", stateArrays, 0, 64);
  const B = config.batch === "full" ? 0 : config.batch;
  return 4 * config.d * config.d * (2 + stateArrays) + bigramSquareLayoutBytes(config.d, B, config.permutation === "random");
}

/** Sizes for the run's memory estimate (src/run/memory.ts), as bigramSquareProblem lays them out. */
export function bigramSquareShape(input: BigramSquareInput) {
  const config = resolveBigramSquareConfig(input);
  const d = config.d;
  const B = config.batch === "full" ? 0 : config.batch;
  return {
    n: d * d, rowLen: B > 0 ? d : 0,
    layoutBytes: bigramSquareLayoutBytes(d, B, config.permutation === "random"),
    classStats: { classes: d, fields: ["loss"] },
  };
}

/** Validates a config (defaults filled). d ≤ 23170 follows from memory, so ranks fit in u16. */
export function resolveBigramSquareConfig(input: BigramSquareInput = {}, field = "problem"): BigramSquareConfig {
  const config = parseConfig(schema, withDefaults(BIGRAM_SQUARE_DEFAULTS, input, field), field) as BigramSquareConfig;
  const prefix = field ? `${field}.` : "";
  const what = config.permutation === "random"
    ? "W and its gradient, 4·d² bytes each, and the rankings, 2·d²"
    : "W and its gradient, 4·d² bytes each";
  checkMemory(`${prefix}d`, bigramSquareBytes(config), `d = ${config.d}: ${what}`);
  return config;
}
