// Options several problems share, declared once (src/problems/declaration.ts): the Zipf
// exponent, the ranking of a bigram row's outputs, per-class loss weights, L2, the data seed,
// and the corpus that replaces the synthetic Zipf data of the bigram problems.
import { argObject } from "../../config/args.js";
import { ConfigError } from "../../config/error.js";
import { MAX_SEED } from "../../rng/seed.js";
import { fieldPath, option } from "../declaration.js";

export const alphaOption = option.number("alpha", 1, { min: 0 }, "Zipf exponent, π_k ∝ k^(−α)", {
  placeholder: "α",
  control: { min: 0, max: 3, slider: true },
});

export const permutationOption = option.choice("permutation", ["random", "identity"], "random", "ranking of each row's outputs", {
  placeholder: "kind",
});

/** Per-class loss weight ω_k: 1, 1/π_k or 1/√π_k (L = Σ ω_y ℓ / Σ ω_y). */
export const reweightOption = option.choice(
  "reweight",
  ["none", "inverse", "inverse-sqrt"],
  "none",
  "loss weight per class, inverse = 1/π_k, inverse-sqrt = 1/√π_k",
  { placeholder: "kind" },
);

export const l2Option = (help: string) => option.number("l2", 0, { min: 0 }, help, { placeholder: "λ", control: { min: 0, max: 1 } });

/** The seed of a problem's data (rankings, inputs); the run's seed when unset, which drives the batches. */
export const dataSeedOption = option.int(
  "seed",
  0,
  [0, MAX_SEED],
  "seed of the problem's data (rankings, inputs); default: the run's seed",
  { flag: "--data-seed", attribute: "data-seed", cell: "dataSeed", placeholder: "s", control: { min: 0, max: MAX_SEED } },
);

export interface CorpusOptions {
  /** "" = the synthetic generator; else "brown", a file, or a registered text. */
  corpus: string;
  /** V: the V − 1 most frequent words plus the unknown class. */
  vocab: number;
  /** Text files: punctuation as tokens ("keep") or dropped. */
  punctuation: "keep" | "drop";
}

/**
 * A corpus instead of the synthetic Zipf generator (the bigram problems). Files are read on the
 * command line and in sweeps only: the page and <zipflab-demo> run on synthetic counts (a text
 * a reader brings goes through the library).
 */
export const CORPUS_OPTIONS = [
  option.text(
    "corpus",
    "",
    "real counts instead of the Zipf generator: brown, a UTF-8 text file, or a .jsonl file of token arrays (docs/corpus.md)",
    { placeholder: "name|FILE", attribute: null, readsFile: (v) => v !== "" && v !== "brown" },
  ),
  option.int("vocab", 2000, [2, 65536], "the corpus's V − 1 most frequent words plus one unknown class (default 2000)", {
    placeholder: "V",
    attribute: null,
  }),
  option.choice("punctuation", ["keep", "drop"], "keep", "with --corpus FILE: punctuation tokens (default keep)", {
    placeholder: "mode",
    attribute: null,
  }),
] as const;

/** Whether a bigram config names a corpus. */
export function usesCorpus(config: Record<string, unknown>): boolean {
  return typeof config.corpus === "string" && config.corpus !== "";
}

/**
 * Checks a bigram config's data mode before it is resolved: with a corpus, the synthetic
 * generator's options must be unset (the vocabulary size is vocab, the counts are the
 * corpus's); without one, the corpus's own options must be. Returns whether it names a corpus.
 */
export function checkDataMode(config: Record<string, unknown>, problem: string, synthetic: readonly string[], field: string): boolean {
  argObject(field || "config", config, "an object of options");
  const corpus = usesCorpus(config);
  for (const name of corpus ? synthetic : ["vocab", "punctuation"]) {
    if (config[name] === undefined) continue;
    throw new ConfigError(
      fieldPath(field, name),
      corpus
        ? `does not apply to ${problem} on a corpus (the vocabulary size is vocab, the counts come from the corpus)`
        : "applies only with a corpus (set corpus: brown or a file)",
    );
  }
  return corpus;
}
