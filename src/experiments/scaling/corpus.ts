// The scaling law on real counts (Kunstner & Bach 2025, Fig. 2, on a corpus instead of
// OpenWebText): steps to relative loss ε against the vocabulary size V for full-batch GD
// (η = 1/π₁ and tuned) and sign descent (tuned per horizon, even and odd iterates apart) on
// the bigram square loss of the corpus's counts, from the closed forms of counts-law.ts, the
// exponents fitted with intervals, beside the synthetic Zipf law (α = 1) at the same sizes.
import type { CountMatrix } from "../../sparse/count-matrix.js";
import { countsGd, countsLaw, countsSign, type CountsLaw } from "./counts-law.js";
import { runScaling } from "./synthetic-law.js";
import { fitPowerLaw } from "./fit.js";
import { tuneOnLattice, type LatticeOptions } from "./tune-lr.js";
import type { LrRule, StepParity } from "../../results/scaling.js";
import type { CorpusScalingConfig, CorpusScalingFit, CorpusScalingPoint, CorpusScalingResult } from "../../results/scaling.js";

export const CORPUS_SCALING_DEFAULTS: Omit<CorpusScalingConfig, "corpus"> = {
  vocabs: [100, 316, 1000, 3162, 10000],
  eps: [0.5, 0.3, 0.1],
  stepsMax: 100_000_000,
  lrMin: 1e-8,
  lrMax: 1e6,
  perDecade: 2,
  patience: 3,
  level: 0.95,
};

const SERIES: { optimizer: "sgd" | "sign"; lrRule: LrRule; parities: StepParity[] }[] = [
  { optimizer: "sgd", lrRule: "1/pi1", parities: ["any"] },
  { optimizer: "sgd", lrRule: "tuned", parities: ["any"] },
  { optimizer: "sign", lrRule: "tuned", parities: ["even", "odd"] },
];

function stepsFor(
  law: CountsLaw,
  optimizer: "sgd" | "sign",
  lr: number,
  eps: number[],
  parities: StepParity[],
  stepsMax: number,
): (number | null)[] {
  if (optimizer === "sgd") {
    const gd = countsGd(law, lr);
    return eps.flatMap((e) => parities.map(() => gd.stepsTo(e, stepsMax)));
  }
  const sign = countsSign(law, lr);
  return eps.flatMap((e) => parities.map((p) => sign.stepsTo(e, p === "odd" ? "odd" : "even", stepsMax)));
}

export async function runCorpusScaling(
  config: CorpusScalingConfig,
  countsFor: (V: number) => CountMatrix,
  onProgress?: (done: number, total: number) => void,
): Promise<CorpusScalingResult> {
  const start = performance.now();
  const lattice: LatticeOptions = { lrMin: config.lrMin, lrMax: config.lrMax, perDecade: config.perDecade, patience: config.patience };
  const points: CorpusScalingPoint[] = [];
  const sizes: CorpusScalingResult["sizes"] = [];
  const epsMin = Math.min(...config.eps);
  config.vocabs.forEach((V, j) => {
    const counts = countsFor(V);
    const law = countsLaw(counts);
    sizes.push({ d: V, maxInput: law.maxInput, nonzeros: counts.rowStart[V], initialExcess: law.initialExcess });
    for (const s of SERIES) {
      const targets = config.eps.flatMap((eps) => s.parities.map((parity) => ({ eps, parity })));
      let steps: (number | null)[], lrs: (number | null)[], edges: CorpusScalingPoint["edge"][];
      if (s.lrRule === "1/pi1") {
        const lr = 1 / law.maxInput;
        steps = stepsFor(law, s.optimizer, lr, config.eps, s.parities, config.stepsMax);
        lrs = targets.map(() => lr);
        edges = targets.map(() => null);
      } else {
        // GD: no step below 1/π₁ does better (every |1 − ηπ_i| grows as η falls); sign descent
        // starts where the odd iterates' floor (~η²/3 per entry) is below ε_min.
        let w = 0,
          wp = 0;
        for (let e = 0; e < law.targets.length; e++) {
          w += law.targetScales[e];
          wp += law.targetScales[e] * law.targets[e] ** 2;
        }
        const startLr = s.optimizer === "sgd" ? 1 / law.maxInput : Math.sqrt((epsMin * wp) / w);
        const tuned = tuneOnLattice(
          (lr) => stepsFor(law, s.optimizer, lr, config.eps, s.parities, config.stepsMax),
          targets.length,
          startLr,
          { ...lattice, skipBelowStart: s.optimizer === "sgd" },
        );
        steps = tuned.targets.map((x) => x.steps);
        lrs = tuned.targets.map((x) => x.lr);
        edges = tuned.targets.map((x) => x.edge);
      }
      targets.forEach((t, k) =>
        points.push({
          optimizer: s.optimizer,
          lrRule: s.lrRule,
          parity: t.parity,
          d: V,
          eps: t.eps,
          steps: steps[k],
          lr: lrs[k],
          edge: edges[k],
        }),
      );
    }
    onProgress?.(j + 1, config.vocabs.length + 1);
  });
  const fits: CorpusScalingFit[] = [];
  for (const s of SERIES) {
    for (const parity of s.parities) {
      for (const eps of config.eps) {
        const mine = points.filter((p) => p.optimizer === s.optimizer && p.lrRule === s.lrRule && p.parity === parity && p.eps === eps);
        const ds = mine.map((p) => p.d),
          steps = mine.map((p) => p.steps);
        fits.push({
          optimizer: s.optimizer,
          lrRule: s.lrRule,
          parity,
          eps,
          ds,
          steps,
          fit: fitPowerLaw(ds, steps, config.level),
          claim: s.optimizer === "sgd" && s.lrRule === "1/pi1" ? 1 - eps : s.optimizer === "sign" ? 0.5 : null,
        });
      }
    }
  }
  const vs = config.vocabs;
  const synthetic = await runScaling({
    dMin: Math.min(...vs),
    dMax: Math.max(...vs),
    points: vs.length,
    alphas: [1],
    eps: config.eps,
    optimizers: ["sgd", "sign"],
    stepsMax: config.stepsMax,
    lrMin: config.lrMin,
    lrMax: config.lrMax,
    perDecade: config.perDecade,
    patience: config.patience,
    level: config.level,
  });
  onProgress?.(vs.length + 1, vs.length + 1);
  return { experiment: "scaling-corpus", config, sizes, points, fits, synthetic, seconds: (performance.now() - start) / 1000 };
}
