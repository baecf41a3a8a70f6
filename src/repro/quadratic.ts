// Reproduction "quadratic" (phenomenon 2): f(w) = Σ_k π_k ½(w_k − w*_k)², π_k ∝ k^(−α), from
// w = 0. GD at η = 1/π₁ moves coordinate k by the factor (1 − π_k/π₁) per step, so the rare
// coordinates crawl; sign descent and Adam move every coordinate at the same speed.
import { zipfFrequencies } from "../problems/shared/zipf.js";
import { quadraticFigure } from "../plot/figures/quadratic/figure.js";
import { formatLr } from "../plot/common/run-status.js";
import { runProblemRepro, type ProblemReproDef } from "./problem-repro.js";
import { halfDecades } from "./tune-and-run.js";
import type { ReproOptions, ReproOutcome, ReproScale } from "./types.js";

const SIZES = { full: { d: 1000, steps: 1000, grid: halfDecades(-4, 0) }, test: { d: 20, steps: 40, grid: [0.01, 0.1] } };

/**
 * w*_k = 1/√2 for every k. With w* = 1 sign descent from 0 lands exactly on w* after 10^k steps
 * of η = 10^−k, a step size of every half-decade grid: tuning would pick that coincidence.
 */
export const TARGET = Number(Math.SQRT1_2.toPrecision(6));

/** GD's step 1/π₁: the largest π₁ takes coordinate 1 to w* in one step; 2/π₁ would diverge. */
export function inverseTopFrequency(d: number, alpha: number): number {
  return Number((1 / zipfFrequencies(d, alpha)[0]).toPrecision(6));
}

export const QUADRATIC_REPRO: ProblemReproDef = {
  name: "quadratic",
  problem: "quadratic",
  title: "per-coordinate progress of GD, sign descent and Adam on a Zipf-weighted quadratic",
  settings(scale: ReproScale) {
    const z = SIZES[scale];
    const config = { d: z.d, alpha: 1, target: TARGET, weights: "zipf" };
    return {
      config,
      steps: z.steps,
      seed: 0,
      record: "log:100",
      perClass: true,
      grids: [
        { optimizer: "sgd", lrs: [inverseTopFrequency(z.d, 1)] },
        { optimizer: "sign", lrs: z.grid },
        { optimizer: "adam", lrs: z.grid },
      ],
    };
  },
  figures: (curves) => [
    {
      name: "quadratic",
      caption:
        "Each coordinate's loss relative to its start, for coordinates k = 1, 2, 5, … (light = heavy weight, dark = light weight), one panel per optimizer, and every coordinate's final value against its weight π_k.",
      vegaLite: quadraticFigure(curves),
    },
  ],
  settingRows: (s) => [
    ["GD step size", `η = 1/π₁ = ${formatLr(s.grids[0].lrs[0])} (not tuned: coordinate 1 reaches w* in one step; 2/π₁ diverges)`],
    [
      "target",
      `w*_k = ${TARGET} ≈ 1/√2 for every k, from w = 0 (with w* = 1, sign descent with η = 10^−k lands exactly on w* after 10^k steps and the grid would pick that coincidence)`,
    ],
  ],
  shows:
    "The weighted quadratic Σ_k π_k ½(w_k − w*_k)² with Zipf weights π_k ∝ 1/k, every target w*_k = 1/√2, from w = 0. " +
    "Gradient descent shrinks coordinate k's error by the factor 1 − ηπ_k per step, so with η = 1/π₁ the first coordinate is solved " +
    "at once and the rarest ones crawl (panel a: the dark lines). Sign descent moves every coordinate by ±η whatever its weight, and " +
    "Adam (with ε ≪ |g|) nearly so: their coordinates converge together (panels b, c), and the last panel shows the final error flat in π_k " +
    "for them and rising as π_k falls for GD.",
};

export function reproQuadratic(options: ReproOptions): Promise<ReproOutcome> {
  return runProblemRepro(QUADRATIC_REPRO, options);
}
