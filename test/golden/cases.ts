// The fixed set of runs whose --json results are kept as golden files (test/golden/files/):
// every problem (and each data mode: synthetic, a corpus), several optimizers, WASM and twin, a
// sweep and the scaling law. A restructure must leave them bit-identical; a deliberate numeric
// change regenerates them (ZIPFLAB_UPDATE_GOLDEN=1 npx vitest run test/golden) and says why in
// its commit.
export interface GoldenCase {
  name: string;
  /** CLI arguments; OUT is replaced by the output path. */
  args: string[];
  /** What OUT holds: one JSON document, or JSON lines (a sweep). */
  format: "json" | "jsonl";
}

/** A small text (relative to the repository root, where the tests run), for the corpus data modes. */
const CORPUS = "test/golden/corpus.txt";

const opts = ["--opt", "sgd", "adam", "sign:momentum=0.9", "--record", "every:10", "-q"];
/** A transformer small enough for the twin: V 100 of Brown, T 8, D 8, one layer of 2 heads. */
const tiny = ["--vocab", "100", "--context", "8", "--width", "8", "--layers", "1", "--heads", "2", "--windows", "8", "--validation", "4"];

export const GOLDEN_CASES: GoldenCase[] = [
  { name: "tokens-wasm", format: "json", args: ["tokens", "--steps", "200", "--record", "every:50", "--json", "OUT", "-q"] },
  { name: "tokens-twin", format: "json", args: ["tokens", "--steps", "200", "--record", "every:50", "--backend", "twin", "--json", "OUT", "-q"] },
  { name: "quadratic-wasm", format: "json", args: ["run", "quadratic", "--d", "100", "--steps", "50", "--lr", "0.5", ...opts, "--json", "OUT"] },
  { name: "quadratic-twin", format: "json", args: ["run", "quadratic", "--d", "100", "--steps", "50", "--lr", "0.5", ...opts, "--backend", "twin", "--json", "OUT"] },
  { name: "bigram-square-full", format: "json", args: ["run", "bigram-square", "--d", "60", "--batch", "full", "--steps", "40", "--lr", "1", ...opts, "--json", "OUT"] },
  { name: "bigram-square-mini-twin", format: "json", args: ["run", "bigram-square", "--d", "60", "--batch", "16", "--steps", "40", "--lr", "1", ...opts, "--backend", "twin", "--json", "OUT"] },
  { name: "bigram-softmax-full", format: "json", args: ["run", "bigram-softmax", "--d", "50", "--batch", "full", "--steps", "40", "--lr", "1", ...opts, "--per-class", "--json", "OUT"] },
  { name: "bigram-softmax-mini-twin", format: "json", args: ["run", "bigram-softmax", "--d", "50", "--batch", "32", "--steps", "40", "--lr", "1", ...opts, "--backend", "twin", "--json", "OUT"] },
  { name: "bigram-softmax-sampled", format: "json", args: ["run", "bigram-softmax", "--d", "50", "--counts", "sampled", "--pairs", "2000", "--batch", "full", "--steps", "40", "--lr", "1", ...opts, "--json", "OUT"] },
  { name: "linear-model", format: "json", args: ["run", "linear-model", "--levels", "4", "--d", "32", "--steps", "40", "--lr", "0.1", ...opts, "--coupling", "--json", "OUT"] },
  { name: "linear-model-twin", format: "json", args: ["run", "linear-model", "--levels", "4", "--d", "32", "--batch", "8", "--steps", "40", "--lr", "0.1", ...opts, "--backend", "twin", "--json", "OUT"] },
  { name: "bigram-square-mini-wasm", format: "json", args: ["run", "bigram-square", "--d", "60", "--batch", "16", "--steps", "40", "--lr", "1", ...opts, "--json", "OUT"] },
  { name: "bigram-square-corpus", format: "json", args: ["run", "bigram-square", "--corpus", CORPUS, "--vocab", "40", "--steps", "40", "--lr", "1", ...opts, "--json", "OUT"] },
  { name: "bigram-square-corpus-mini", format: "json", args: ["run", "bigram-square", "--corpus", CORPUS, "--vocab", "40", "--batch", "16", "--steps", "40", "--lr", "1", ...opts, "--json", "OUT"] },
  { name: "bigram-square-corpus-mini-twin", format: "json", args: ["run", "bigram-square", "--corpus", CORPUS, "--vocab", "40", "--batch", "16", "--steps", "40", "--lr", "1", ...opts, "--backend", "twin", "--json", "OUT"] },
  { name: "bigram-softmax-mini-wasm", format: "json", args: ["run", "bigram-softmax", "--d", "50", "--batch", "32", "--steps", "40", "--lr", "1", ...opts, "--json", "OUT"] },
  { name: "bigram-softmax-corpus", format: "json", args: ["run", "bigram-softmax", "--corpus", CORPUS, "--vocab", "40", "--steps", "40", "--lr", "1", ...opts, "--per-class", "--json", "OUT"] },
  { name: "tokens-run", format: "json", args: ["run", "tokens", "--steps", "100", ...opts, "--json", "OUT"] },
  { name: "transformer", format: "json", args: ["run", "transformer", ...tiny, "--batch", "4", "--steps", "20", "--lr", "0.01", ...opts, "--threads", "2", "--json", "OUT"] },
  { name: "transformer-full-twin", format: "json", args: ["run", "transformer", ...tiny, "--batch", "full", "--steps", "10", "--lr", "0.01", ...opts, "--backend", "twin", "--json", "OUT"] },
  { name: "transformer-last", format: "json", args: ["run", "transformer", ...tiny, "--train", "last", "--batch", "full", "--steps", "20", "--lr", "0.1", ...opts, "--json", "OUT"] },
  { name: "scaling", format: "json", args: ["scaling", "--d-min", "100", "--d-max", "10000", "--points", "3", "--adam-d-max", "1000", "--alpha", "1", "--eps", "0.3", "--json", "OUT", "-q"] },
];

/** A sweep spec run as a golden case (written next to OUT as SPEC). */
export const GOLDEN_SWEEP_SPEC = {
  problem: "quadratic",
  fixed: { steps: 30, d: 50 },
  grid: { optimizer: ["sgd", "adam"], lr: [0.1, 1], seed: [0, 1] },
};
