// Reproduction "bigram-square" (phenomenon 3): the linear bigram model with the square loss,
// full batch, Zipf inputs and outputs. GD at η = 1/π₁ fits input row i at the rate π_i/π₁, so
// the rare input tokens' groups lag by orders of magnitude; sign descent and Adam fit all
// groups alike.
import { groupLossFigure } from "../plot/figures/groups/figure.js";
import { formatLr } from "../plot/common/run-status.js";
import { runProblemRepro, type ProblemReproDef } from "./problem-repro.js";
import { inverseTopFrequency } from "./quadratic.js";
import { halfDecades } from "./tune-and-run.js";
import type { ReproOptions, ReproOutcome, ReproScale } from "./types.js";

const SIZES = {
  full: { d: 1000, steps: 300, sign: halfDecades(-5, -1), adam: halfDecades(-4, -1) },
  test: { d: 30, steps: 30, sign: [0.001, 0.01], adam: [0.001, 0.01] },
};

export const BIGRAM_SQUARE_REPRO: ProblemReproDef = {
  name: "bigram-square",
  problem: "bigram-square",
  title: "per-frequency-group excess loss of the linear bigram model with the square loss",
  settings(scale: ReproScale) {
    const z = SIZES[scale];
    return {
      config: { d: z.d, alpha: 1, batch: "full", permutation: "random" },
      steps: z.steps,
      seed: 0,
      record: "log:100",
      perClass: false,
      grids: [
        { optimizer: "sgd", lrs: [inverseTopFrequency(z.d, 1)] },
        { optimizer: "adam", lrs: z.adam },
        { optimizer: "sign", lrs: z.sign },
      ],
    };
  },
  figures: (curves) => [
    {
      name: "groups",
      caption:
        "Input tokens sorted by frequency and cut into 10 groups of equal sample share (a); each group's excess loss over L*, relative to its start, under GD (η = 1/π₁), Adam and sign descent.",
      vegaLite: groupLossFigure(curves),
    },
  ],
  settingRows: (s) => [["GD step size", `η = 1/π₁ = ${formatLr(s.grids[0].lrs[0])} (not tuned)`]],
  shows:
    "The linear bigram model W ∈ ℝ^{d×d} with the square loss: input token i with probability π_i ∝ 1/i, next token k with " +
    "p(k | i) ∝ (rank of k in row i)^(−1), full batch. The gradient of column i is π_i (W_·i − p(·|i)), so GD fits row i at the rate π_i: " +
    "the frequent groups' excess loss vanishes within a few steps and the rare groups' decays slowly (panel b, dark lines). " +
    "Adam and sign descent ignore π_i and bring every group down together (panels c, d); sign descent's constant step leaves a floor " +
    "of order η (it zig-zags around the targets).",
};

export function reproBigramSquare(options: ReproOptions): Promise<ReproOutcome> {
  return runProblemRepro(BIGRAM_SQUARE_REPRO, options);
}
