// The transformer as a registered problem (`zipflab run transformer`, sweeps, the page, the
// library): its options (config.ts), what it is, its page preset, how its threads work (a
// pool its kernels hand blocks of windows to) and what --save writes (a checkpoint for --init).
import { declareProblem } from "../declaration.js";
import { encodeCheckpoint } from "./checkpoint.js";
import { TRANSFORMER_OPTIONS, resolveTransformerConfig } from "./config.js";
import { checkTransformerSize } from "./memory.js";
import { transformerProblem, type TransformerProblem } from "./problem.js";

/** The golden runs' transformer, small enough for the twin: V 100 of Brown, T 8, D 8, one layer of 2 heads. */
const GOLDEN_SIZE = [
  "--vocab",
  "100",
  "--context",
  "8",
  "--width",
  "8",
  "--layers",
  "1",
  "--heads",
  "2",
  "--windows",
  "8",
  "--validation",
  "4",
];

export const TRANSFORMER = declareProblem<TransformerProblem>({
  name: "transformer",
  summary:
    "a small GPT (L pre-LayerNorm blocks of H-head causal attention and a GELU MLP, width D) on the next tokens of a corpus (--corpus brown|FILE)",
  page: {
    title: "A small GPT on the Brown corpus, trained here in your browser",
    text: "Token and position embeddings, pre-LayerNorm attention and MLP blocks, an unembedding over the V most frequent words; next-word cross-entropy on windows of the corpus. Groups are next words by frequency. SGD lowers the frequent groups and leaves the rare ones near their start; Adam lowers every group (the papers' Figure 1). The corpus (3 MB) loads with the first run; Stop ends a long run and keeps its curves.",
  },
  // a GPT that trains live in the worker in a few seconds: the phenomenon at a tiny size
  preset: {
    vocab: "500",
    context: "16",
    width: "32",
    layers: "1",
    heads: "2",
    batch: "8",
    windows: "32",
    validation: "16",
    steps: "200",
    record: "log:20",
    opt: "sgd:lr=0.3 adam:lr=0.003",
  },
  options: TRANSFORMER_OPTIONS,
  // the sizes alone (a sweep checks every cell before any runs): nothing is read or built
  check: (input, field = "problem") => checkTransformerSize(resolveTransformerConfig(input, field), field),
  create: (input, field) => transformerProblem(input, field),
  groups: () => 10,
  sizeOption: "width",
  sizeFix: "lower --width, --layers, --context, --vocab or --batch",
  // every step's blocks of windows go to the pool's threads, summed in block order
  threaded: () => true,
  threadPool: true,
  save: {
    help: "write the trained model (every parameter) as a checkpoint for --init (one optimizer)",
    kind: "checkpoint",
    encode: (t, w, note) =>
      encodeCheckpoint({
        header: { dims: t.dims, corpus: t.config.corpus, vocabHash: t.vocabHash, note },
        params: t.fullModel(w),
      }),
  },
  golden: [
    { name: "transformer", args: [...GOLDEN_SIZE, "--batch", "4", "--steps", "20", "--lr", "0.01", "--threads", "2"] },
    { name: "transformer-full-twin", args: [...GOLDEN_SIZE, "--batch", "full", "--steps", "10", "--lr", "0.01", "--backend", "twin"] },
    { name: "transformer-last", args: [...GOLDEN_SIZE, "--train", "last", "--batch", "full", "--steps", "20", "--lr", "0.1"] },
  ],
});
