// The bigram problems on a real corpus: `corpus` (a name: "brown", a file path, or a text
// registered in memory) and `vocab` V replace the synthetic Zipf generator; the counts come
// from the corpus registry (src/corpus/registry.ts) and feed the problems' from-counts entries.
import { argObject } from "../../config/args.js";
import { z } from "zod";
import { ConfigError, int, nonNegative, parseConfig } from "../../config/fields.js";
import { corpusCounts } from "../../corpus/registry.js";
import { bigramSoftmaxFromCounts, type BigramSoftmaxProblem } from "../bigram-softmax/problem.js";
import { bigramSquareFromCounts, type BigramSquareCountsProblem } from "../bigram-square/counts-problem.js";
import { batchField, reweightField } from "../shared/fields.js";

export interface CorpusOptions {
  /** "" = the synthetic generator; else "brown", a file, or a registered text. */
  corpus: string;
  /** V: the V − 1 most frequent words plus the unknown class. */
  vocab: number;
  /** Text files: punctuation as tokens ("keep") or dropped. */
  punctuation: "keep" | "drop";
}

export const CORPUS_DEFAULTS: CorpusOptions = { corpus: "", vocab: 2000, punctuation: "keep" };

/** Fields of the synthetic generator that a corpus replaces (an error if set with one). */
const SYNTHETIC_ONLY = ["d", "alpha", "pairs", "counts", "permutation"];

const schema = z.object({
  corpus: z.string().min(1, "must name a corpus"),
  vocab: int(2, 65536),
  punctuation: z.enum(["keep", "drop"], { error: 'must be "keep" or "drop"' }),
  batch: batchField(),
  reweight: reweightField().optional(),
  l2: nonNegative().optional(),
  seed: z.number().optional(),
}).strict();

export function usesCorpus(config: Record<string, unknown>): boolean {
  return typeof config.corpus === "string" && config.corpus !== "";
}

function resolve(config: Record<string, unknown>, problem: string, field: string) {
  for (const f of SYNTHETIC_ONLY) {
    if (config[f] !== undefined) throw new ConfigError(`${field}.${f}`, `does not apply to ${problem} on a corpus (the vocabulary size is vocab, the counts come from the corpus)`);
  }
  const c = parseConfig(schema, { ...CORPUS_DEFAULTS, batch: "full", ...config }, field);
  const corpus = corpusCounts(c.corpus, { vocab: c.vocab, punctuation: c.punctuation });
  return { c, corpus };
}

export function corpusBigramSoftmax(config: Record<string, unknown>, field = "problem"): BigramSoftmaxProblem {
  argObject(field || "config", config, "an object of options");
  const { c, corpus } = resolve(config, "bigram-softmax", field);
  return bigramSoftmaxFromCounts(corpus.counts, { batch: c.batch as number | "full", reweight: c.reweight, l2: c.l2 }, field);
}

export function corpusBigramSquare(config: Record<string, unknown>, field = "problem"): BigramSquareCountsProblem {
  argObject(field || "config", config, "an object of options");
  if (config.reweight !== undefined || config.l2 !== undefined) {
    throw new ConfigError(`${field}.${config.reweight !== undefined ? "reweight" : "l2"}`, "is not an option of bigram-square");
  }
  const { c, corpus } = resolve(config, "bigram-square", field);
  return bigramSquareFromCounts(corpus.counts, { batch: c.batch as number | "full" }, field);
}
