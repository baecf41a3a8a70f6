// Reproduction "brown" (phenomenon 5; Kunstner et al. 2024 on real text): the bigram
// next-word softmax model on the Brown corpus, V = 2000 (1999 words + the unknown class),
// full batch (the exact loss over all 1.16 M pairs), W = 0, 300 steps, step sizes tuned on
// half-decade grids. Groups are next words by frequency; the unknown class alone holds 21% of
// the tokens, more than a tenth, so it is a group of its own and the groups it spans merge
// (8 groups instead of 10; the README and figure say so).
import { groupLossFigure } from "../plot/figures/groups/figure.js";
import { runProblemRepro, type ProblemReproDef } from "./problem-repro.js";
import { halfDecades } from "./tune-and-run.js";
import type { ReproOptions, ReproOutcome, ReproScale } from "./types.js";
import type { Tuned } from "./tune-and-run.js";
import { formatShort } from "../plot/common/scales.js";
import "../corpus/node/load.js";
import { problemEntry } from "../problems/registry.js";
import type { BigramSoftmaxProblem } from "../problems/bigram-softmax/problem.js";
import type { ProblemRunResult } from "../results/run.js";

const SIZES = {
  full: { vocab: 2000, steps: 300, sgd: halfDecades(0, 3), adam: halfDecades(-3, -0.5), sign: halfDecades(-4, -1.5) },
  test: { vocab: 50, steps: 30, sgd: [10, 100], adam: [0.01, 0.1], sign: [0.001, 0.01] },
};

/** The groups whose final loss is at or above their initial loss, per run: "G6, G7, G8" or "none". */
export function groupsNotFalling(run: ProblemRunResult["runs"][number]): number[] {
  if (!run.groupLoss) return [];
  return run.groupLoss.flatMap((curve, g) => ((curve.at(-1) ?? Infinity) >= (curve[0] ?? 0) ? [g + 1] : []));
}

/** L* = −Σ_ik c_ik ln(c_ik/n_i) / N from the corpus's counts. */
function conditionalEntropy(result: ProblemRunResult): number {
  const { d, rowStart, counts } = (problemEntry("bigram-softmax").create(result.config.config) as BigramSoftmaxProblem).counts;
  let h = 0,
    total = 0;
  for (let i = 0; i < d; i++) {
    let n = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) n += counts[e];
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) h -= counts[e] * Math.log(counts[e] / n);
    total += n;
  }
  return h / total;
}

function unknownGroupNote(result: ProblemRunResult): string | null {
  const g = result.groups;
  if (!g) return null;
  const single = g.classes.findIndex((n, j) => n === 1 && g.share[j] > 1 / 10);
  if (single < 0) return null;
  return (
    `The unknown class alone holds ${(100 * g.share[single]).toFixed(1)}% of the next tokens, more than a tenth: it is group ` +
    `G${single + 1} by itself, and the shares it spans merge into it, so there are ${g.count} groups instead of 10 ` +
    "(each other group holds about a tenth of the samples)."
  );
}

export const BROWN_REPRO: ProblemReproDef = {
  name: "brown",
  problem: "bigram-softmax",
  title: "per-frequency-group loss of the bigram next-word model on the Brown corpus (V = 2000)",
  settings(scale: ReproScale) {
    const z = SIZES[scale];
    return {
      config: { corpus: "brown", vocab: z.vocab, punctuation: "keep", batch: "full" },
      steps: z.steps,
      seed: 0,
      record: "log:100",
      perClass: false,
      grids: [
        { optimizer: "sgd", lrs: z.sgd },
        { optimizer: "adam", lrs: z.adam },
        { optimizer: "sign", lrs: z.sign },
      ],
    };
  },
  figures: (curves) => [
    {
      name: "groups",
      caption:
        "Next words of the Brown corpus sorted by frequency and cut into groups of equal sample share (a; the unknown class is a group by itself); each group's loss under GD, Adam and sign descent at their tuned step sizes.",
      vegaLite: groupLossFigure(curves),
    },
  ],
  shows:
    'The bigram next-word model on real text: the Brown corpus (500 files, 1,161,192 tokens, word/tag tokens, the word before the last "/", ' +
    "lower-cased), the 1999 most frequent words plus one unknown class (V = 2000), a V × V matrix of logits from W = 0, softmax cross-entropy " +
    "over all 1,161,191 (previous → next) pairs (full batch). Groups are next words by frequency. Full-batch GD, with its tuned step size, " +
    "brings the frequent next words down and leaves the rare ones at or above where they started; Adam and sign descent reduce every group.",
  headline(tuned: Tuned): string[] {
    const lnV = Math.log(Number(tuned.curves.config.config.vocab));
    const optimum = conditionalEntropy(tuned.curves);
    const lines = [
      `Initial loss ln V = ${formatShort(lnV, 4)}; final loss ${tuned.curves.runs.map((r) => `${r.optimizer.name} ${formatShort(r.finalLoss ?? NaN, 4)}`).join(", ")}; ` +
        `the optimum L* = ${formatShort(optimum, 4)} (the conditional entropy of the pairs: with a free logit row per previous word the model can match p(next | previous) exactly). ` +
        "A run at L* cannot be beaten by a larger step size, whatever the grid's end.",
    ];
    for (const run of tuned.curves.runs) {
      const up = groupsNotFalling(run);
      lines.push(
        `${run.optimizer.name}: groups whose final loss is at or above their initial loss: ${up.length ? up.map((g) => `G${g}`).join(", ") : "none"}.`,
      );
    }
    const note = unknownGroupNote(tuned.curves);
    if (note) lines.push(note);
    return lines;
  },
  settingRows: () => [
    [
      "groups",
      "next words by frequency, cut at equal sample shares; a class holding more than one share (the unknown class) is a group by itself and the shares it spans merge into it",
    ],
  ],
};

export function reproBrown(options: ReproOptions): Promise<ReproOutcome> {
  return runProblemRepro(BROWN_REPRO, options);
}
