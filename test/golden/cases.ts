// The fixed set of runs whose --json results are kept as golden files (test/golden/files/):
// every problem's declared cases (each data mode: synthetic, a corpus; WASM and twin), several
// optimizers, the six-token command, a sweep and the scaling law. A restructure must leave them bit-identical; a deliberate numeric
// change regenerates them (ZIPFLAB_UPDATE_GOLDEN=1 npx vitest run test/golden) and says why in
// its commit.
import { PROBLEMS } from "../../src/problems/registry.js";

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

/** The runs of `zipflab run`: each problem's declared cases (src/problems/<name>/declaration.ts: golden). */
export const PROBLEM_CASES: GoldenCase[] = Object.values(PROBLEMS).flatMap((d) =>
  (d.golden ?? []).map((g) => ({
    name: g.name,
    format: "json" as const,
    args: ["run", d.name, ...g.args.map((a) => (a === "CORPUS" ? CORPUS : a)), ...opts, "--json", "OUT"],
  })),
);

/** Every golden case: the problems' and those of the other commands. */
export const GOLDEN_CASES: GoldenCase[] = [
  { name: "tokens-wasm", format: "json", args: ["tokens", "--steps", "200", "--record", "every:50", "--json", "OUT", "-q"] },
  {
    name: "tokens-twin",
    format: "json",
    args: ["tokens", "--steps", "200", "--record", "every:50", "--backend", "twin", "--json", "OUT", "-q"],
  },
  ...PROBLEM_CASES,
  {
    name: "scaling",
    format: "json",
    args: [
      "scaling",
      "--d-min",
      "100",
      "--d-max",
      "10000",
      "--points",
      "3",
      "--adam-d-max",
      "1000",
      "--alpha",
      "1",
      "--eps",
      "0.3",
      "--json",
      "OUT",
      "-q",
    ],
  },
];

/** A sweep spec run as a golden case (written next to OUT as SPEC). */
export const GOLDEN_SWEEP_SPEC = {
  problem: "quadratic",
  fixed: { steps: 30, d: 50 },
  grid: { optimizer: ["sgd", "adam"], lr: [0.1, 1], seed: [0, 1] },
};
