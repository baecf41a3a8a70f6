// Declarative metadata of the problems' options (type, range, help), by config field name, for
// anything that builds controls or flags from the registry: the web page and <zipflab-demo>.
// Which options a problem has is its registry entry's defaults (registry.ts); this table only
// says how to present and parse each one. Validation stays in each problem's config (zod).
import { problemEntry } from "./registry.js";

export type ProblemOptionKind = "int" | "number" | "choice" | "batch" | "text";

export interface ProblemOptionMeta {
  /** Config field name (also the <zipflab-demo> attribute, except `seed` → `data-seed`). */
  field: string;
  /** The `zipflab run` flag (without the value placeholder). */
  flag: string;
  /** Attribute name on <zipflab-demo>. */
  attribute: string;
  kind: ProblemOptionKind;
  help: string;
  /** Allowed values of a choice. */
  choices?: readonly string[];
  /** A sensible range for a slider or number box (validation is the problem config's). */
  min?: number;
  max?: number;
  /** Slider moves on a log scale. */
  log?: boolean;
  /** The value's name in `zipflab run --help` (default: the field). */
  placeholder?: string;
}

const option = (field: string, kind: ProblemOptionKind, help: string, extra: Partial<ProblemOptionMeta> = {}): ProblemOptionMeta =>
  ({ field, flag: `--${field}`, attribute: field, kind, help, ...extra });

/** In the order `zipflab run --help` lists them. */
export const PROBLEM_OPTION_META: readonly ProblemOptionMeta[] = [
  option("d", "int", "vocabulary size (bigram), coordinates (quadratic) or input dimension (linear model)", { min: 2, max: 4000, log: true }),
  option("alpha", "number", "Zipf exponent, π_k ∝ k^(−α)", { min: 0, max: 3, placeholder: "α" }),
  option("batch", "batch", 'samples per step, or "full" for the full batch (exact expectation)', { min: 1, max: 4096, log: true, placeholder: "B" }),
  option("levels", "int", "linear model: m levels of 2^i classes × 2^(m−i) samples", { min: 1, max: 14, placeholder: "m" }),
  option("inputs", "choice", "linear model: input distribution", { choices: ["uniform", "gaussian"], placeholder: "kind" }),
  option("init", "choice", "linear model: initial weights; transformer: a checkpoint FILE written by --save (default: GPT-2 initialization)", { choices: ["pytorch", "zero"], placeholder: "kind|FILE" }),
  option("reweight", "choice", "linear model, bigram softmax: loss weight per class, inverse = 1/π_k, inverse-sqrt = 1/√π_k", { choices: ["none", "inverse", "inverse-sqrt"], placeholder: "kind" }),
  option("l2", "number", "linear model, bigram softmax (full batch): L2 regularization λ/2‖W‖²", { min: 0, max: 1, placeholder: "λ" }),
  option("permutation", "choice", "bigram: ranking of each row's outputs", { choices: ["random", "identity"], placeholder: "kind" }),
  option("counts", "choice", "bigram softmax: pair counts", { choices: ["expected", "sampled"], placeholder: "kind" }),
  option("pairs", "int", "bigram softmax: number of pairs N", { min: 1, max: 1e9, log: true, placeholder: "N" }),
  option("target", "number", "quadratic, tokens: the optimum w* (every coordinate)", { min: -10, max: 10, placeholder: "w*" }),
  { ...option("frequencies", "text", "tokens: presence probability p_k of each feature, comma-separated (as zipflab tokens --freqs)", { placeholder: "p1,p2,…" }),
    flag: "--freqs" },
  option("noise", "number", "tokens: σ of the label noise y = Σ x_k w*_k + σ·N(0,1)", { min: 0, max: 10, placeholder: "σ" }),
  option("context", "int", "transformer: T positions per window (windows of T + 1 tokens)", { min: 1, max: 512, log: true, placeholder: "T" }),
  option("width", "int", "transformer: model width D", { min: 4, max: 512, log: true, placeholder: "D" }),
  option("layers", "int", "transformer: L blocks of attention and MLP (0: embedding → unembedding, a low-rank bigram model)", { min: 0, max: 12, placeholder: "L" }),
  option("heads", "int", "transformer: H attention heads (must divide D)", { min: 1, max: 16, placeholder: "H" }),
  option("windows", "int", "transformer: N windows of the training set (a full batch, or what mini-batches draw from); every recorded loss is measured on them", { min: 1, max: 4096, log: true, placeholder: "N" }),
  option("sample", "choice", "transformer: mini-batches draw from the N windows (a training set), or from every training window of the corpus", { choices: ["set", "stream"], placeholder: "where" }),
  option("validation", "int", "transformer: held-out windows of the validation loss", { min: 1, max: 4096, log: true, placeholder: "N" }),
  { ...option("heldOut", "number", "transformer: share of the token stream held out at its end", { min: 0.01, max: 0.5, placeholder: "share" }), flag: "--held-out", attribute: "held-out" },
  option("train", "choice", "transformer: all parameters, or only the unembedding on the frozen body's features", { choices: ["all", "last"], placeholder: "which" }),
  { ...option("seed", "int", "seed of the problem's data (rankings, inputs); default: the run's seed", { min: 0, max: 2 ** 32 - 1, placeholder: "s" }),
    flag: "--data-seed", attribute: "data-seed" },
];

/**
 * Options that read files (a corpus), so only the command line has them: the page and
 * <zipflab-demo> run on synthetic counts (a text a reader brings goes through the library).
 */
export const CORPUS_OPTION_META: readonly ProblemOptionMeta[] = [
  option("corpus", "text", "bigram: real counts instead of the Zipf generator: brown, a UTF-8 text file, or a .jsonl file of token arrays (docs/corpus.md)", { placeholder: "name|FILE" }),
  option("vocab", "int", "with --corpus: the V − 1 most frequent words plus one unknown class (default 2000)", { min: 2, placeholder: "V" }),
  option("punctuation", "choice", "with --corpus FILE: punctuation tokens (default keep)", { choices: ["keep", "drop"], placeholder: "mode" }),
];

/** Every option of `zipflab run <problem>`, in its --help order. */
export const RUN_OPTION_META: readonly ProblemOptionMeta[] = [
  ...PROBLEM_OPTION_META.filter((o) => o.field !== "seed"), ...CORPUS_OPTION_META, ...PROBLEM_OPTION_META.filter((o) => o.field === "seed"),
];

/** The option's line in --help: its help, and its choices where it has them. */
export function optionHelp(o: ProblemOptionMeta): string {
  return o.choices ? `${o.help}: ${o.choices.join(" | ")}` : o.help;
}

/**
 * The presentable options of a registered problem, in table order (fields without metadata are
 * left out, and so is a field whose default is "": a file only the command line names, such
 * as the transformer's checkpoint).
 */
export function problemOptions(problem: string): ProblemOptionMeta[] {
  const defaults = problemEntry(problem).defaults;
  const own = PROBLEM_OPTION_META.filter((o) => o.field in defaults && defaults[o.field] !== "");
  // a problem that reads a corpus by default (the transformer: brown) offers its vocabulary size
  const reads = typeof defaults.corpus === "string" && defaults.corpus !== "";
  return [...own, ...(reads ? CORPUS_OPTION_META.filter((o) => o.field === "vocab") : [])];
}
