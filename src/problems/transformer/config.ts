// Configuration of the transformer problem, validated in one place: every error names the
// field and its range. The model is a small GPT (model.ts); the data a corpus's token stream.
import { z } from "zod";
import { ConfigError, int, num, parseConfig } from "../../config/fields.js";
import { argOptionalObject } from "../../config/args.js";
import { MAX_SEED } from "../../rng/seed.js";
import { batchField } from "../shared/fields.js";
import { withDefaults } from "../shared/memory.js";

export interface TransformerConfig {
  /** "brown", a UTF-8 text file, a .jsonl file of token arrays, or a text registered in memory. */
  corpus: string;
  /** V: the V − 1 most frequent words plus the unknown class (as `--corpus … --vocab V`). */
  vocab: number;
  /** Text files: punctuation as tokens or dropped. */
  punctuation: "keep" | "drop";
  /** T: positions per window (a window holds T + 1 tokens: T inputs, T next tokens). */
  context: number;
  /** D: model width. */
  width: number;
  /** L: transformer blocks (0: embedding → final LayerNorm → unembedding, a low-rank bigram model). */
  layers: number;
  /** H: attention heads; D/H per head. */
  heads: number;
  /** B windows drawn per step, or "full": every step sees the `windows` windows of the full-batch set. */
  batch: number | "full";
  /** N: windows of the training set (a full batch, or what mini-batches draw from), on which every recorded loss is measured. */
  windows: number;
  /**
   * Where mini-batches draw their windows: "set" = the N windows (epochs over a fixed training
   * set: the recorded loss is the training loss), "stream" = every training window of the
   * corpus (each window seldom seen twice: the N windows are then a fixed evaluation sample).
   */
  sample: "set" | "stream";
  /** Windows of the held-out tail on which the validation loss is measured. */
  validation: number;
  /** Share of the token stream held out at its end (its windows never train). */
  heldOut: number;
  /** "all": every parameter trains; "last": only the unembedding, on the frozen body's features. */
  train: "all" | "last";
  /** A checkpoint (written by --save) to start from: every parameter; with train last, the frozen body. "" = GPT-2 initialization. */
  init: string;
  /** Seed of the initialization. */
  seed: number;
}

export type TransformerInput = Partial<TransformerConfig>;

export const TRANSFORMER_DEFAULTS: TransformerConfig = {
  corpus: "brown", vocab: 2000, punctuation: "keep",
  context: 64, width: 128, layers: 2, heads: 4,
  batch: 16, windows: 64, sample: "set", validation: 64, heldOut: 0.1,
  train: "all", init: "", seed: 0,
};

const schema = z.object({
  corpus: z.string().min(1, "must name a corpus (brown, a text file or a .jsonl file)"),
  vocab: int(2, 65536),
  punctuation: z.enum(["keep", "drop"], { error: 'must be "keep" or "drop"' }),
  context: int(1, 4096),
  width: int(1, 4096),
  layers: int(0, 64),
  heads: int(1, 256),
  batch: batchField(),
  windows: int(1, 1 << 20),
  sample: z.enum(["set", "stream"], { error: 'must be "set" or "stream"' }),
  validation: int(1, 1 << 20),
  heldOut: num({ min: 0, max: 0.5, minOpen: true }),
  train: z.enum(["all", "last"], { error: 'must be "all" or "last"' }),
  init: z.string(),
  seed: int(0, MAX_SEED),
}).strict();

export function resolveTransformerConfig(input: TransformerInput = {}, field = "problem"): TransformerConfig {
  const given = argOptionalObject<TransformerInput>(field || "config", input, "an object of transformer options") ?? {};
  const c = parseConfig(schema, withDefaults(TRANSFORMER_DEFAULTS, given), field) as TransformerConfig;
  const at = (f: string) => (field ? `${field}.${f}` : f);
  if (c.width % c.heads !== 0) throw new ConfigError(at("heads"), `must divide the width D = ${c.width} (D/H per head; got ${c.heads})`);
  if (c.batch !== "full" && c.batch > 1 << 20) throw new ConfigError(at("batch"), `must be at most ${1 << 20} windows (got ${c.batch})`);
  return c;
}
