// The transformer's data: a corpus's token stream (the tokenization and vocabulary of
// `--corpus … --vocab V`: src/corpus/), cut into windows of T + 1 tokens — T inputs and their
// T next tokens. A window lies inside one sequence (pairs never cross two, as in the bigram
// counts) and inside one part of the stream: the first 1 − heldOut of the tokens train, the
// rest is held out. The full-batch set (also the evaluation set of a mini-batch run) is N
// training windows spread evenly over the stream; the validation set likewise over the tail.
import { ConfigError } from "../../config/error.js";
import type { CorpusCounts } from "../../corpus/corpus.js";

export interface TransformerData {
  /** Every token id, the sequences one after the other. */
  stream: Int32Array;
  /** Start of every training window (mini-batches draw from these). */
  trainStarts: Int32Array;
  /** The N windows of the full-batch / evaluation set. */
  evalStarts: Int32Array;
  /** The held-out windows of the validation loss. */
  valStarts: Int32Array;
  /** Tokens before the held-out tail. */
  trainTokens: number;
  /** Next-token counts over the evaluation windows: the class frequencies of the groups. */
  evalTargetCounts: Float64Array;
}

/** `count` entries of `all` spread evenly: all[⌊j·|all|/count⌋]. */
export function spread(all: Int32Array, count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, j) => all[Math.floor((j * all.length) / count)]);
}

/** Starts s of the windows [s, s + T] inside [from, to) that stay within one sequence. */
function windowStarts(sequenceEnds: Int32Array, T: number, from: number, to: number): Int32Array {
  const out: number[] = [];
  let begin = 0;
  for (const end of sequenceEnds) {
    const lo = Math.max(begin, from),
      hi = Math.min(end, to);
    for (let s = lo; s + T < hi; s++) out.push(s);
    begin = end;
  }
  return Int32Array.from(out);
}

export function transformerData(
  corpus: CorpusCounts & { ids: Int32Array[] },
  opts: { context: number; heldOut: number; windows: number; validation: number; batch: number | "full" },
  field = "problem",
): TransformerData {
  const at = (f: string) => (field ? `${field}.${f}` : f);
  const T = opts.context;
  const total = corpus.ids.reduce((s, q) => s + q.length, 0);
  const stream = new Int32Array(total);
  const ends = new Int32Array(corpus.ids.length);
  let o = 0;
  corpus.ids.forEach((q, j) => {
    stream.set(q, o);
    o += q.length;
    ends[j] = o;
  });
  const trainTokens = Math.floor((1 - opts.heldOut) * total);
  const trainStarts = windowStarts(ends, T, 0, trainTokens);
  const heldStarts = windowStarts(ends, T, trainTokens, total);
  if (trainStarts.length === 0) {
    throw new ConfigError(
      at("context"),
      `${corpus.name} has no window of T + 1 = ${T + 1} tokens within one sequence in its first ${trainTokens} tokens; lower --context`,
    );
  }
  if (heldStarts.length === 0) {
    throw new ConfigError(
      at("heldOut"),
      `the held-out ${total - trainTokens} tokens of ${corpus.name} hold no window of T + 1 = ${T + 1} tokens; raise --held-out or lower --context`,
    );
  }
  if (opts.windows > trainStarts.length) {
    throw new ConfigError(
      at("windows"),
      `must be at most the ${trainStarts.length} training windows of ${corpus.name} at T = ${T} (got ${opts.windows})`,
    );
  }
  if (opts.validation > heldStarts.length) {
    throw new ConfigError(
      at("validation"),
      `must be at most the ${heldStarts.length} held-out windows of ${corpus.name} at T = ${T} (got ${opts.validation})`,
    );
  }
  const evalStarts = spread(trainStarts, opts.windows);
  const valStarts = spread(heldStarts, opts.validation);
  const evalTargetCounts = new Float64Array(corpus.vocab);
  for (const s of evalStarts) for (let t = 1; t <= T; t++) evalTargetCounts[stream[s + t]]++;
  return { stream, trainStarts, evalStarts, valStarts, trainTokens, evalTargetCounts };
}
