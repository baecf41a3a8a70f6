// The transformer's options, declared once (src/problems/declaration.ts): type, range, default,
// help, page control and sweep field of each; the CLI's flags, --help, the page's controls and
// the zod schema come from this list. The model is a small GPT (model.ts); the data a corpus's
// token stream (data.ts).
import { z } from "zod";
import { ConfigError } from "../../config/error.js";
import { MAX_SEED } from "../../rng/seed.js";
import { defaultsOf, fieldPath, listOptions, option, resolveOptions, type OptionsOf } from "../declaration.js";
import { CORPUS_OPTIONS } from "../shared/options.js";

const [, vocab, punctuation] = CORPUS_OPTIONS;

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

const MAX_WINDOWS = 1 << 20;

const OPTIONS: OptionsOf<TransformerConfig> = {
  corpus: option.custom(
    "corpus",
    "text",
    "brown",
    () => z.string().min(1, "must name a corpus (brown, a text file or a .jsonl file)"),
    "the token stream: brown (default), a UTF-8 text file, or a .jsonl file of token arrays (docs/corpus.md)",
    { placeholder: "name|FILE", attribute: null, readsFile: (v) => v !== "brown" },
  ),
  // on the page too: the preset trains on a small vocabulary of Brown
  vocab: { ...vocab, attribute: "vocab", control: { min: 50, max: 5000, log: true } },
  punctuation,
  context: option.int("context", 64, [1, 4096], "T positions per window (windows of T + 1 tokens)", {
    placeholder: "T",
    control: { min: 1, max: 512, log: true },
  }),
  width: option.int("width", 128, [1, 4096], "model width D", { placeholder: "D", control: { min: 4, max: 512, log: true } }),
  layers: option.int("layers", 2, [0, 64], "L blocks of attention and MLP (0: embedding → unembedding, a low-rank bigram model)", {
    placeholder: "L",
    control: { min: 0, max: 12 },
  }),
  heads: option.int("heads", 4, [1, 256], "H attention heads (must divide D)", { placeholder: "H", control: { min: 1, max: 16 } }),
  batch: option.batch("batch", 16, MAX_WINDOWS, 'B windows per step, or "full": every step sees the N windows', {
    placeholder: "B",
    control: { min: 1, max: 4096, log: true },
  }),
  windows: option.int(
    "windows",
    64,
    [1, MAX_WINDOWS],
    "N windows of the training set (a full batch, or what mini-batches draw from); every recorded loss is measured on them",
    { placeholder: "N", control: { min: 1, max: 4096, log: true } },
  ),
  sample: option.choice(
    "sample",
    ["set", "stream"],
    "set",
    "mini-batches draw from the N windows (a training set), or from every training window of the corpus",
    { placeholder: "where" },
  ),
  validation: option.int("validation", 64, [1, MAX_WINDOWS], "held-out windows of the validation loss", {
    placeholder: "N",
    control: { min: 1, max: 4096, log: true },
  }),
  heldOut: option.number("heldOut", 0.1, { min: 0, max: 0.5, minOpen: true }, "share of the token stream held out at its end", {
    flag: "--held-out",
    attribute: "held-out",
    placeholder: "share",
    control: { min: 0.01, max: 0.5 },
  }),
  train: option.choice("train", ["all", "last"], "all", "all parameters, or only the unembedding on the frozen body's features", {
    placeholder: "which",
  }),
  init: option.text("init", "", "a checkpoint FILE written by --save to start from (default: GPT-2 initialization)", {
    placeholder: "FILE",
    attribute: null,
    readsFile: (v) => v !== "",
  }),
  seed: option.int("seed", 0, [0, MAX_SEED], "seed of the initialization (GPT-2's N(0, 0.02)); default: the run's seed", {
    flag: "--data-seed",
    attribute: "data-seed",
    cell: "dataSeed",
    placeholder: "s",
    control: { min: 0, max: MAX_SEED },
  }),
};

/** The options, in order (a config and its JSON are written in this order). */
export const TRANSFORMER_OPTIONS = listOptions(OPTIONS);

export const TRANSFORMER_DEFAULTS = defaultsOf(TRANSFORMER_OPTIONS) as unknown as TransformerConfig;

/** Validates a config (defaults filled); the heads must divide the width. */
export function resolveTransformerConfig(input: TransformerInput = {}, field = "problem"): TransformerConfig {
  const c = resolveOptions<TransformerConfig>(TRANSFORMER_OPTIONS, input, field);
  if (c.width % c.heads !== 0)
    throw new ConfigError(fieldPath(field, "heads"), `must divide the width D = ${c.width} (D/H per head; got ${c.heads})`);
  return c;
}
