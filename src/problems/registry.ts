// The heavy-tailed problems by name. Each entry creates a Problem from its (validated)
// config; the run command and the sweeps look problems up here.
import { bigramSoftmaxProblem } from "./bigram-softmax/problem.js";
import { BIGRAM_SOFTMAX_DEFAULTS } from "./bigram-softmax/config.js";
import { bigramSquareProblem } from "./bigram-square/problem.js";
import { BIGRAM_SQUARE_DEFAULTS } from "./bigram-square/config.js";
import { linearSoftmaxProblem } from "./linear-model/problem.js";
import { LINEAR_SOFTMAX_DEFAULTS } from "./linear-model/config.js";
import { QUADRATIC_DEFAULTS, quadraticProblem } from "./quadratic/problem.js";
import type { Problem } from "./problem.js";
import type { ProblemShape } from "../run/memory.js";
import { bigramSoftmaxShape } from "./bigram-softmax/config.js";
import { bigramSquareShape } from "./bigram-square/config.js";
import { ConfigError } from "../config/fields.js";
import { CORPUS_DEFAULTS, corpusBigramSoftmax, corpusBigramSquare, usesCorpus } from "./corpus/problems.js";
import { tokensProblem } from "./tokens/problem.js";
import { resolveTokensProblemConfig, TOKENS_PROBLEM_DEFAULTS, trueWeights } from "./tokens/config.js";
import { transformerProblem, transformerShape } from "./transformer/problem.js";
import { TRANSFORMER_DEFAULTS } from "./transformer/config.js";

export interface ProblemEntry {
  summary: string;
  /** Default config (its fields are the problem's options). */
  defaults: Record<string, unknown>;
  /** Default number of frequency groups: 10 for language; one per level for the paper's linear model (11 at its m = 11). */
  groups(config: Record<string, unknown>): number;
  /**
   * The problem's sizes from its config alone (for the memory check before any work), where
   * building it is itself costly (d² problems); others are built first, then checked.
   */
  shape?(config: Record<string, unknown>): ProblemShape | undefined;
  /** Builds the problem; throws ConfigError naming `problem.<field>` on a bad config. */
  create(config: Record<string, unknown>): Problem;
  /** The field a too-large run is refused on, and what to change (default: problem.d, "lower --d"). */
  memory?: { field: string; fix: string };
}

/** The synthetic config: corpus options must be unset (or the empty corpus). */
function withoutCorpus(c: Record<string, unknown>): Record<string, unknown> {
  const { corpus: _corpus, vocab, punctuation, ...rest } = c;
  if (vocab !== undefined || punctuation !== undefined) {
    throw new ConfigError(`problem.${vocab !== undefined ? "vocab" : "punctuation"}`, "applies only with a corpus (set corpus: brown or a file)");
  }
  return rest;
}

export const PROBLEMS: Record<string, ProblemEntry> = {
  tokens: {
    summary: "six-token linear model: 0/1 features present with probabilities p_k, y = Σ x_k w*_k + σ·N(0,1) (`zipflab tokens` is its friendly command)",
    defaults: { ...TOKENS_PROBLEM_DEFAULTS }, groups: () => 10,
    create: (c) => {
      const config = resolveTokensProblemConfig(c);
      return tokensProblem({ frequencies: config.frequencies, trueWeights: trueWeights(config), noise: config.noise, batch: config.batch });
    },
  },
  quadratic: {
    summary: "weighted quadratic Σ π_k ½(w_k − w*_k)², π_k ∝ k^(−α)",
    defaults: { ...QUADRATIC_DEFAULTS }, groups: () => 10,
    create: (c) => quadraticProblem(c),
  },
  "bigram-square": {
    summary: "linear bigram model, square loss, Zipf inputs and outputs, or a corpus's counts (--corpus)",
    defaults: { ...BIGRAM_SQUARE_DEFAULTS, ...CORPUS_DEFAULTS }, groups: () => 10,
    // A corpus's size is known only once its counts are built: then the built problem is checked.
    shape: (c) => (usesCorpus(c) ? undefined : bigramSquareShape(withoutCorpus(c))),
    create: (c) => (usesCorpus(c) ? corpusBigramSquare(c) : bigramSquareProblem(withoutCorpus(c))),
  },
  "bigram-softmax": {
    summary: "bigram next-token softmax model on synthetic Zipf pairs, or a corpus (--corpus brown|FILE)",
    defaults: { ...BIGRAM_SOFTMAX_DEFAULTS, ...CORPUS_DEFAULTS }, groups: () => 10,
    shape: (c) => (usesCorpus(c) ? undefined : bigramSoftmaxShape(withoutCorpus(c))),
    create: (c) => (usesCorpus(c) ? corpusBigramSoftmax(c) : bigramSoftmaxProblem(withoutCorpus(c))),
  },
  "linear-model": {
    summary: "the paper's linear softmax model: m levels of 2^i classes × 2^(m−i) samples, uniform inputs",
    defaults: { ...LINEAR_SOFTMAX_DEFAULTS },
    groups: (c) => Number(c.levels ?? LINEAR_SOFTMAX_DEFAULTS.levels),
    create: (c) => linearSoftmaxProblem(c),
    memory: { field: "problem.levels", fix: "lower --d (or the problem's size)" },
  },
  transformer: {
    summary: "a small GPT (L pre-LayerNorm blocks of H-head causal attention and a GELU MLP, width D) on the next tokens of a corpus (--corpus brown|FILE; SPEC 7)",
    defaults: { ...TRANSFORMER_DEFAULTS }, groups: () => 10,
    shape: (c) => transformerShape(c),
    create: (c) => transformerProblem(c),
    memory: { field: "problem.width", fix: "lower --width, --layers, --context, --vocab or --batch" },
  },
};

export const PROBLEM_NAMES = Object.keys(PROBLEMS);

export function problemEntry(name: string, field = "problem"): ProblemEntry {
  const entry = Object.hasOwn(PROBLEMS, name) ? PROBLEMS[name] : undefined;
  if (!entry) throw new ConfigError(field, `unknown problem ${JSON.stringify(name)} (one of: ${PROBLEM_NAMES.join(", ")})`);
  return entry;
}
