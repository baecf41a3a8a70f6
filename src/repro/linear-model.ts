// Reproduction "linear-model" (phenomenon 4a): the papers' linear softmax model with levels of
// 2^i classes × 2^(m−i) samples, scaled down from m = 11 to m = 7 to fit a 2-core machine
// (each level still holds the same number of samples). GD runs at η = 0.1, a step size that
// has not yet fit the data: at this scale a larger tuned step (η ≥ 1) lets GD fit every level,
// and the papers' gap needs their m = 11 — the README says so rather than hiding it. Adam and
// sign descent are tuned. Per-class gradient norms track Hessian traces (the second figure).
import { classStatsFigure } from "../plot/figures/class-stats/figure.js";
import { groupLossFigure } from "../plot/figures/groups/figure.js";
import { runProblemRepro, type ProblemReproDef } from "./problem-repro.js";
import { halfDecades } from "./tune-and-run.js";
import type { ReproOptions, ReproOutcome, ReproScale } from "./types.js";

const SIZES = {
  full: { levels: 7, d: 1024, steps: 300, sgd: [0.1], adam: halfDecades(-3, -1.5), sign: halfDecades(-4.5, -3) },
  test: { levels: 3, d: 16, steps: 20, sgd: [0.1, 1], adam: [0.001, 0.01], sign: [0.0001, 0.001] },
};

export const LINEAR_MODEL_REPRO: ProblemReproDef = {
  name: "linear-model",
  problem: "linear-model",
  title: "per-level loss of the papers' heavy-tailed linear softmax model under GD, Adam and sign descent",
  settings(scale: ReproScale) {
    const z = SIZES[scale];
    return {
      config: { levels: z.levels, d: z.d, inputs: "uniform", init: "pytorch", reweight: "none", l2: 0, batch: "full" },
      steps: z.steps,
      seed: 0,
      record: "log:100",
      perClass: true,
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
        "Class frequencies by rank, one group per level (a); each level's loss under GD at η = 0.1 (not tuned: see below) and under Adam and sign descent at their tuned step sizes.",
      vegaLite: groupLossFigure(curves),
    },
    {
      name: "class-stats",
      caption:
        "Per-class gradient norm against Hessian block trace at the start, after a tenth of the steps and at the end, coloured by level.",
      vegaLite: classStatsFigure(curves),
    },
  ],
  settingRows: (s) => [
    [
      "scaled down",
      `m = ${s.config.levels} levels (the papers use m = 11): ${2 ** Number(s.config.levels) - 1} classes, ` +
        `${Number(s.config.levels) * 2 ** Number(s.config.levels)} samples, inputs uniform on [0, 1)^${s.config.d}, PyTorch-style init, with bias`,
    ],
  ],
  shows:
    "The papers' heavy-tailed linear classification problem: level i = 0 … m−1 holds 2^i classes of 2^(m−i) samples each, so every " +
    "level holds the same number of samples while its classes get rarer; inputs are uniform noise, independent of the label, in enough " +
    "dimensions to separate them; softmax cross-entropy, full batch. Groups are the levels (G1 = the one most frequent class). GD runs at " +
    "η = 0.1, a step size that has not yet fit the data: its level losses rise with rarity, while Adam and sign descent (tuned on " +
    "half-decades) bring the rare levels down fastest of all. Caveat, measured: at this scale GD with a larger step (η ≥ 1) fits every " +
    "level too (`zipflab run linear-model --opt sgd:lr=1`); the papers' gap for tuned GD needs their m = 11 (2 GB of inputs). " +
    "The class-stats figure shows per-class gradient norms and Hessian traces both shrinking with class frequency and tracking each other.",
};

export function reproLinearModel(options: ReproOptions): Promise<ReproOutcome> {
  return runProblemRepro(LINEAR_MODEL_REPRO, options);
}
