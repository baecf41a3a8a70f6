// The linear bigram model with the square loss as a registered problem: its options (the Zipf
// generator's, or a corpus's counts), what it is, and the config-level memory check.
import { declareProblem, fieldPath, listOptions, option, resolveOptions, type OptionsOf } from "../declaration.js";
import { checkMemory } from "../shared/memory.js";
import { CORPUS_OPTIONS, alphaOption, checkDataMode, dataSeedOption, permutationOption, type CorpusOptions } from "../shared/options.js";
import { corpusCounts } from "../../corpus/registry.js";
import { MAX_BATCH, bigramSquareFromCounts, bigramSquareLayoutBytes, makeBigramSquareProblem, type BigramSquareConfig, type BigramSquareProblem, type ZipfBigramSquare } from "./problem.js";

const [corpus, vocab, punctuation] = CORPUS_OPTIONS;

const OPTIONS: OptionsOf<BigramSquareConfig & CorpusOptions> = {
  d: option.int("d", 1000, [1], "vocabulary size", { control: { min: 2, max: 4000, log: true } }),
  alpha: alphaOption,
  batch: option.batch("batch", "full", MAX_BATCH, 'samples per step, or "full" for the full batch (exact expectation)',
    { placeholder: "B", control: { min: 1, max: 4096, log: true } }),
  permutation: permutationOption,
  corpus, vocab, punctuation,
  seed: dataSeedOption,
};

/** A config with any options unset (they take their defaults). */
export type BigramSquareInput = Partial<BigramSquareConfig>;

/** The options, in order (the CLI builds a config in this order). */
const OPTION_LIST = listOptions(OPTIONS);

/**
 * Bytes of WASM memory a run needs at least: W and g (4·d² each), `stateArrays` optimizer
 * state arrays of d² f32 (Adam: 2) and the layout (above). JS memory is O(d + B).
 */
export function bigramSquareBytes(config: BigramSquareConfig, stateArrays = 0): number {
  const B = config.batch === "full" ? 0 : config.batch;
  return 4 * config.d * config.d * (2 + stateArrays) + bigramSquareLayoutBytes(config.d, B, config.permutation === "random");
}

/** Sizes for the run's memory estimate (src/loop/memory.ts), as bigramSquareProblem lays them out. */
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

/** Validates a synthetic config (defaults filled). d ≤ 23170 follows from memory, so ranks fit in u16. */
export function resolveBigramSquareConfig(input: Partial<BigramSquareConfig> = {}, field = "problem"): BigramSquareConfig {
  const config = resolveOptions<BigramSquareConfig>(OPTION_LIST, input, field);
  const what = config.permutation === "random"
    ? "W and its gradient, 4·d² bytes each, and the rankings, 2·d²"
    : "W and its gradient, 4·d² bytes each";
  checkMemory(fieldPath(field, "d"), bigramSquareBytes(config), `d = ${config.d}: ${what}`);
  return config;
}

/** The synthetic Zipf problem of a config (unset options take their defaults). */
export function bigramSquareProblem(input: Partial<BigramSquareConfig> = {}, field = "problem"): ZipfBigramSquare {
  return makeBigramSquareProblem(resolveBigramSquareConfig(input, field));
}

export const BIGRAM_SQUARE = declareProblem<BigramSquareProblem>({
  name: "bigram-square",
  summary: "linear bigram model, square loss, Zipf inputs and outputs (SPEC 3), or a corpus's counts (--corpus)",
  page: {
    title: "Linear bigram model, square loss, Zipf inputs and outputs",
    text: "Full-batch GD follows W_ki(t) = π_k|i·(1 − (1 − ηπ_i)^t): rare input tokens need ~1/π_i steps. Compare the loss of the rarest frequency group (darkest curve) under GD, Adam and sign descent.",
  },
  preset: { d: "300" },
  options: OPTION_LIST,
  create(input, field = "problem") {
    if (!checkDataMode(input, "bigram-square", ["d", "alpha", "permutation"], field)) return bigramSquareProblem(input, field);
    const c = resolveOptions<CorpusOptions & { batch: number | "full" }>(OPTION_LIST, input, field);
    return bigramSquareFromCounts(corpusCounts(c.corpus, { vocab: c.vocab, punctuation: c.punctuation }).counts, { batch: c.batch }, field);
  },
  // A corpus's size is known only once its counts are built: then the built problem is checked.
  shape: (input) => (input.corpus ? undefined : bigramSquareShape(input)),
});
