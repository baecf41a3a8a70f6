// The linear bigram model with the square loss as a registered problem: its options (the Zipf
// generator's, or a corpus's counts), what it is, and the config-level memory check.
import { argInteger, argObject } from "../../config/args.js";
import { declareProblem, fieldPath, listOptions, option, resolveOptions, type OptionsOf } from "../declaration.js";
import { checkMemory } from "../shared/memory.js";
import { CORPUS_OPTIONS, alphaOption, checkDataMode, dataSeedOption, permutationOption, type CorpusOptions } from "../shared/options.js";
import { corpusCounts } from "../../corpus/registry.js";
import { MAX_BATCH, type BigramSquareConfig, type BigramSquareProblem, type ZipfBigramSquare } from "./problem.js";
import { bigramSquareFromCounts } from "./counts.js";
import { makeBigramSquareProblem } from "./zipf.js";

const [corpus, vocab, punctuation] = CORPUS_OPTIONS;

const OPTIONS: OptionsOf<BigramSquareConfig & CorpusOptions> = {
  d: option.int("d", 1000, [1], "vocabulary size", { control: { min: 2, max: 4000, log: true } }),
  alpha: alphaOption,
  batch: option.batch("batch", "full", MAX_BATCH, 'samples per step, or "full" for the full batch (exact expectation)', {
    placeholder: "B",
    control: { min: 1, max: 4096, log: true },
  }),
  permutation: permutationOption,
  corpus,
  vocab,
  punctuation,
  seed: dataSeedOption,
};

/** A config with any options unset (they take their defaults). */
export type BigramSquareInput = Partial<BigramSquareConfig>;

/** The options, in order (the CLI builds a config in this order). */
const OPTION_LIST = listOptions(OPTIONS);

/**
 * Bytes of WASM memory a run needs at least: W and g (4·d² each), `stateArrays` optimizer state
 * arrays of d² f32 (Adam: 2) and, when random, the rankings (u16 d², drawn in WASM: no copy in
 * JS). JS memory is O(d + B). The exact estimate of a run is its layout run dry (src/loop/memory.ts).
 */
export function bigramSquareBytes(config: Pick<BigramSquareConfig, "d" | "permutation">, stateArrays = 0): number {
  const c = argObject<BigramSquareConfig>("config", config, "a bigram-square config");
  argInteger("config.d", c.d, 1);
  argInteger("stateArrays", stateArrays, 0, 64);
  return 4 * config.d * config.d * (2 + stateArrays) + (config.permutation === "random" ? 2 * config.d * config.d : 0);
}

/** Validates a synthetic config (defaults filled). d ≤ 23170 follows from memory, so ranks fit in u16. */
export function resolveBigramSquareConfig(input: Partial<BigramSquareConfig> = {}, field = "problem"): BigramSquareConfig {
  const config = resolveOptions<BigramSquareConfig>(OPTION_LIST, input, field);
  const what =
    config.permutation === "random" ? "W and its gradient, 4·d² bytes each, and the rankings, 2·d²" : "W and its gradient, 4·d² bytes each";
  checkMemory(fieldPath(field, "d"), bigramSquareBytes(config), `d = ${config.d}: ${what}`);
  return config;
}

/** The synthetic Zipf problem of a config (unset options take their defaults). */
export function bigramSquareProblem(input: Partial<BigramSquareConfig> = {}, field = "problem"): ZipfBigramSquare {
  return makeBigramSquareProblem(resolveBigramSquareConfig(input, field));
}

export const BIGRAM_SQUARE = declareProblem<BigramSquareProblem>({
  name: "bigram-square",
  summary: "linear bigram model, square loss, Zipf inputs and outputs, or a corpus's counts (--corpus)",
  page: {
    title: "Linear bigram model, square loss, Zipf inputs and outputs",
    text: "Full-batch GD follows W_ki(t) = π_k|i·(1 − (1 − ηπ_i)^t): rare input tokens need ~1/π_i steps. Compare the loss of the rarest frequency group (darkest curve) under GD, Adam and sign descent.",
  },
  preset: { d: "300" },
  options: OPTION_LIST,
  check(input, field = "problem") {
    if (!checkDataMode(input, "bigram-square", ["d", "alpha", "permutation"], field)) resolveBigramSquareConfig(input, field);
    else this.create(input, field);
  },
  create(input, field = "problem") {
    if (!checkDataMode(input, "bigram-square", ["d", "alpha", "permutation"], field)) return bigramSquareProblem(input, field);
    const c = resolveOptions<CorpusOptions & { batch: number | "full" }>(OPTION_LIST, input, field);
    return bigramSquareFromCounts(corpusCounts(c.corpus, { vocab: c.vocab, punctuation: c.punctuation }).counts, { batch: c.batch }, field);
  },
  golden: [
    { name: "bigram-square-full", args: ["--d", "60", "--batch", "full", "--steps", "40", "--lr", "1"] },
    { name: "bigram-square-mini-wasm", args: ["--d", "60", "--batch", "16", "--steps", "40", "--lr", "1"] },
    { name: "bigram-square-mini-twin", args: ["--d", "60", "--batch", "16", "--steps", "40", "--lr", "1", "--backend", "twin"] },
    { name: "bigram-square-corpus", args: ["--corpus", "CORPUS", "--vocab", "40", "--steps", "40", "--lr", "1"] },
    { name: "bigram-square-corpus-mini", args: ["--corpus", "CORPUS", "--vocab", "40", "--batch", "16", "--steps", "40", "--lr", "1"] },
    {
      name: "bigram-square-corpus-mini-twin",
      args: ["--corpus", "CORPUS", "--vocab", "40", "--batch", "16", "--steps", "40", "--lr", "1", "--backend", "twin"],
    },
  ],
});
