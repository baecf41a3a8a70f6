// The bigram next-token softmax model as a registered problem: its options (the Zipf
// generator's, or a corpus's counts), what it is, and when its steps can run on threads.
import { declareProblem, listOptions, option, resolveOptions, type OptionsOf } from "../declaration.js";
import {
  CORPUS_OPTIONS,
  alphaOption,
  checkDataMode,
  dataSeedOption,
  l2Option,
  permutationOption,
  reweightOption,
  type CorpusOptions,
} from "../shared/options.js";
import { corpusCounts } from "../../corpus/registry.js";
import { MAX_PAIRS, checkBigramSoftmaxSize, onTheFly, type BigramSoftmaxConfig } from "./config.js";
import { bigramSoftmaxFromCounts, makeBigramSoftmaxProblem, type BigramSoftmaxProblem } from "./problem.js";

const [corpus, vocab, punctuation] = CORPUS_OPTIONS;

const OPTIONS: OptionsOf<BigramSoftmaxConfig & CorpusOptions> = {
  d: option.int("d", 1000, [1, 65536], "vocabulary size", { control: { min: 2, max: 4000, log: true } }),
  alpha: alphaOption,
  batch: option.batch("batch", "full", undefined, 'samples per step, or "full" for the full batch (exact expectation)', {
    placeholder: "B",
    control: { min: 1, max: 4096, log: true },
  }),
  reweight: reweightOption,
  l2: l2Option("L2 regularization λ/2‖W‖² (full batch)"),
  permutation: permutationOption,
  counts: option.choice("counts", ["expected", "sampled"], "expected", "pair counts: c_ik = N·π_i·π_{k|i} exactly, or N sampled pairs", {
    placeholder: "kind",
  }),
  pairs: option.int("pairs", 1_000_000, [1, MAX_PAIRS], "number of pairs N", {
    placeholder: "N",
    control: { min: 1, max: 1e9, log: true },
  }),
  corpus,
  vocab,
  punctuation,
  seed: dataSeedOption,
};

/** A config with any options unset (they take their defaults). */
export type BigramSoftmaxInput = Partial<BigramSoftmaxConfig>;

/** The options, in order (the CLI builds a config in this order). */
const OPTION_LIST = listOptions(OPTIONS);

/** Validates a synthetic config (defaults filled). Stored pairs: min(N, d²) sampled, d² reweighted expected mini-batches. */
export function resolveBigramSoftmaxConfig(input: Partial<BigramSoftmaxConfig> = {}, field = "problem"): BigramSoftmaxConfig {
  const config = resolveOptions<BigramSoftmaxConfig>(OPTION_LIST, input, field);
  const d = config.d;
  const dense = onTheFly(config);
  const nnz = dense ? 0 : config.counts === "expected" ? d * d : Math.min(config.pairs, d * d);
  checkBigramSoftmaxSize(d, nnz, config.pairs, config.batch, field, dense && config.permutation === "random");
  return config;
}

/** The synthetic Zipf problem of a config (unset options take their defaults). */
export function bigramSoftmaxProblem(
  input: Partial<BigramSoftmaxConfig> = {},
  field = "problem",
): BigramSoftmaxProblem & { config: BigramSoftmaxConfig } {
  return makeBigramSoftmaxProblem(resolveBigramSoftmaxConfig(input, field));
}

export const BIGRAM_SOFTMAX = declareProblem<BigramSoftmaxProblem>({
  name: "bigram-softmax",
  summary: "bigram next-token softmax model on synthetic Zipf pairs, or a corpus (--corpus brown|FILE)",
  page: {
    title: "Bigram next-token softmax on synthetic Zipf pairs",
    text: "Classes are cut into 10 frequency groups with equal sample share. GD's loss on the rare groups barely moves while Adam and sign descent reduce every group. Try d = 300 and vary α.",
  },
  preset: { d: "300" },
  options: OPTION_LIST,
  check(input, field = "problem") {
    if (!checkDataMode(input, "bigram-softmax", ["d", "alpha", "pairs", "counts", "permutation"], field))
      resolveBigramSoftmaxConfig(input, field);
    else this.create(input, field);
  },
  create(input, field = "problem") {
    if (!checkDataMode(input, "bigram-softmax", ["d", "alpha", "pairs", "counts", "permutation"], field))
      return bigramSoftmaxProblem(input, field);
    const c = resolveOptions<CorpusOptions & Pick<BigramSoftmaxConfig, "batch" | "reweight" | "l2">>(OPTION_LIST, input, field);
    const counts = corpusCounts(c.corpus, { vocab: c.vocab, punctuation: c.punctuation }).counts;
    return bigramSoftmaxFromCounts(counts, { batch: c.batch, reweight: c.reweight, l2: c.l2 }, field);
  },
  // a full-batch step's rows split across threads (the fused row pass)
  threaded: (config) => (config.batch ?? "full") === "full",
  golden: [
    { name: "bigram-softmax-full", args: ["--d", "50", "--batch", "full", "--steps", "40", "--lr", "1", "--per-class"] },
    { name: "bigram-softmax-mini-wasm", args: ["--d", "50", "--batch", "32", "--steps", "40", "--lr", "1"] },
    { name: "bigram-softmax-mini-twin", args: ["--d", "50", "--batch", "32", "--steps", "40", "--lr", "1", "--backend", "twin"] },
    {
      name: "bigram-softmax-sampled",
      args: ["--d", "50", "--counts", "sampled", "--pairs", "2000", "--batch", "full", "--steps", "40", "--lr", "1"],
    },
    { name: "bigram-softmax-corpus", args: ["--corpus", "CORPUS", "--vocab", "40", "--steps", "40", "--lr", "1", "--per-class"] },
  ],
});
