// The paper's linear softmax model (phenomenon 4a). Kernels: assembly/problems/linear-model/problem.ts
// (math and problem block) and stats.ts (per-class statistics).
//   classes: level i = 0..m−1 holds 2^i classes of 2^(m−i) samples each, so c = 2^m − 1,
//            N = m·2^m, every level holds 2^m samples, and π_k ≈ 1/(k+1) up to a factor 2;
//   inputs:  x_n i.i.d. uniform [0,1)^d (or N(0, I)), independent of the label;
//   model:   z = W x + b, cross-entropy, parameters [W (c×d, row k = class k) ; b (c)].

import { argInteger } from "../../config/args.js";
import { LINEAR_MODEL_BLOCK } from "../../layout/generated.js";
import { ProblemCode } from "../codes.js";
import type { ClassStatistics, Problem } from "../problem.js";
import { denseAccumulate, denseLogits } from "../shared/dense.js";
import { softmaxRow } from "../../math/softmax.js";
import { addL2 } from "../shared/l2.js";
import { sumSquares } from "../../math/reduce.js";
import { scaledIndexOf } from "../../rng/scaled-index.js";
import { Xoshiro128 } from "../../rng/xoshiro.js";
import type { LayoutArena } from "../../wasm/arena.js";

export interface LinearModelConfig {
  /** m frequency levels: level i holds 2^i classes of 2^(m−i) samples; c = 2^m − 1, N = m·2^m. */
  levels: number;
  /** Input dimension. */
  d: number;
  /** x_n i.i.d. uniform on [0,1) (the paper) or standard normal, independent of the label. */
  inputs: "uniform" | "gaussian";
  /** W, b = 0, or PyTorch's nn.Linear default U(−1/√d, 1/√d). */
  init: "zero" | "pytorch";
  /** Per-class loss weight ω_k: 1, 1/π_k or 1/√π_k (L = Σ ω_{y_n} ℓ_n / Σ ω_{y_n}). */
  reweight: "none" | "inverse" | "inverse-sqrt";
  /** λ of λ/2‖W‖² (the bias is not regularized). */
  l2: number;
  /** Distinct samples per step, or "full". */
  batch: number | "full";
  /** Seed of the inputs and the initialization (the run's seed drives batch sampling). */
  seed: number;
}

/** c = 2^m − 1 classes, N = m·2^m samples. */
export const linearModelSizes = (m: number) => (argInteger("levels", m, 1, 26), { classes: 2 ** m - 1, samples: m * 2 ** m });

/** Generator streams of the problem seed (the run's own draws use stream 0 of the run seed). */
export const LINEAR_MODEL_DATA_STREAM = 11;
export const LINEAR_MODEL_INIT_STREAM = 12;

export interface LinearModelClassStats {
  /** Loss over all N samples. */
  loss: number;
  /** ℓ_k, the mean loss of class k's samples. */
  classLoss: Float64Array;
  /** ‖∇_{W_k} L‖₂ (full data; ω and λ included, bias excluded). */
  gradNorm: Float64Array;
  /** tr ∇²_{W_k W_k} L = Σ_n a_n p_nk(1 − p_nk)‖x_n‖² + λd. */
  hessianTrace: Float64Array;
}

export interface LinearModelProblem extends Problem {
  readonly config: LinearModelConfig;
  readonly samples: number;
  readonly classes: number;
  readonly d: number;
  /** Samples per step (= samples for the full batch). */
  readonly batch: number;
  /** Inputs, N×d row-major (f32, as the kernel sees them). */
  readonly x: Float32Array;
  readonly labels: Int32Array;
  /** Level of each class (0 = the most frequent). */
  readonly classLevel: Int32Array;
  readonly classCounts: Int32Array;
  /** π_k = n_k / N. */
  readonly classFrequencies: Float64Array;
  /** ω_k as stored (f32). */
  readonly classWeights: Float32Array;
  /** The initial parameters (zero or PyTorch's default), from the init stream. */
  initialWeights(): Float32Array;
  twinLoss(w: Float32Array): number;
  /** Twin of linearModelClassStats; g is scratch, left holding the full-data gradient. */
  twinClassStats(w: Float32Array, g: Float32Array): LinearModelClassStats;
}

const f32 = Math.fround;

/** The problem of a validated config (declaration.ts validates; linearModelProblem takes any input). */
export function makeLinearModelProblem(config: LinearModelConfig): LinearModelProblem {
  const m = config.levels;
  const d = config.d;
  const { classes: c, samples: N } = linearModelSizes(m);
  const B = config.batch === "full" ? N : config.batch;
  const nParams = c * (d + 1);

  // Labels class by class; class k sits in level ⌊log₂(k+1)⌋ and has 2^(m−level) samples.
  const labels = new Int32Array(N);
  const classLevel = new Int32Array(c);
  const classCounts = new Int32Array(c);
  for (let k = 0, s = 0; k < c; k++) {
    classLevel[k] = 31 - Math.clz32(k + 1);
    classCounts[k] = 2 ** (m - classLevel[k]);
    labels.fill(k, s, s + classCounts[k]);
    s += classCounts[k];
  }
  const classFrequencies = Float64Array.from(classCounts, (n) => n / N);
  const classWeights = Float32Array.from(classFrequencies, (p) =>
    config.reweight === "inverse" ? 1 / p : config.reweight === "inverse-sqrt" ? 1 / Math.sqrt(p) : 1,
  );
  const lambda = f32(config.l2);

  const data = Xoshiro128.seeded(config.seed, LINEAR_MODEL_DATA_STREAM);
  const x = new Float32Array(N * d);
  for (let i = 0; i < N * d; i++) x[i] = config.inputs === "uniform" ? data.uniformF32() : f32(data.normal());
  const xNormSq = new Float32Array(N);
  for (let s = 0; s < N; s++) {
    let t = 0;
    for (let j = 0; j < d; j++) t += x[s * d + j] * x[s * d + j];
    xNormSq[s] = t;
  }

  const all = Int32Array.from({ length: N }, (_, s) => s);
  const order = all.slice(); // the twin's own permutation; its first B entries are the batch
  const z = new Float32Array(N * c);

  // Twin of linearModelPass.
  function pass(
    w: Float32Array,
    g: Float32Array | null,
    list: Int32Array,
    count: number,
    classLoss: Float64Array | null,
    classHess: Float64Array | null,
  ): number {
    denseLogits(x, list, count, d, w, c, z);
    let totalOmega = 0;
    for (let r = 0; r < count; r++) totalOmega += classWeights[labels[list[r]]];
    let loss = 0;
    for (let r = 0; r < count; r++) {
      const s = list[r];
      const y = labels[s];
      const om = classWeights[y];
      const zo = r * c;
      const zy = z[zo + y];
      const ell = softmaxRow(z, zo, z, zo, c, 1) - zy;
      loss += om * ell;
      if (classLoss) classLoss[y] += ell;
      if (classHess) {
        const weight = (om / totalOmega) * xNormSq[s];
        for (let k = 0; k < c; k++) classHess[k] += weight * (z[zo + k] * (1 - z[zo + k]));
      }
      if (!g) continue;
      z[zo + y] = f32(z[zo + y] - 1);
      const a = f32(om / totalOmega);
      for (let k = 0; k < c; k++) z[zo + k] = f32(a * z[zo + k]);
    }
    loss /= totalOmega;
    if (g) denseAccumulate(x, list, count, d, z, c, g);
    if (lambda !== 0) loss += addL2(lambda, w, g, c * d);
    return loss;
  }

  // Partial Fisher–Yates: order[0..B) becomes a uniform B-subset, as the kernel's sampleBatch.
  function sampleBatch(rng: Xoshiro128): void {
    for (let b = 0; b < B; b++) {
      const j = b + scaledIndexOf(rng.nextU32(), N - b);
      const t = order[b];
      order[b] = order[j];
      order[j] = t;
    }
  }

  const problem: LinearModelProblem = {
    code: ProblemCode.LinearModel,
    config,
    samples: N,
    classes: c,
    d,
    batch: B,
    n: nParams,
    x,
    labels,
    classLevel,
    classCounts,
    classFrequencies,
    classWeights,
    twinReset: () => order.set(all),
    initialWeights(): Float32Array {
      const w = new Float32Array(nParams);
      if (config.init === "pytorch") {
        const rng = Xoshiro128.seeded(config.seed, LINEAR_MODEL_INIT_STREAM);
        const bound = 1 / Math.sqrt(d);
        for (let i = 0; i < nParams; i++) w[i] = f32((2 * rng.uniformF64() - 1) * bound);
      }
      return w;
    },
    layout(arena: LayoutArena, rng: number): number {
      const xPtr = arena.put(x);
      const labelsPtr = arena.put(labels);
      const omegaPtr = arena.put(classWeights);
      const orderPtr = arena.put(all);
      const zPtr = arena.allocF32(N * c);
      const normPtr = arena.put(xNormSq);
      const countsPtr = arena.put(classCounts);
      const allPtr = arena.put(all);
      const blockScratch = arena.allocF32(8 * c);
      const block = arena.alloc(LINEAR_MODEL_BLOCK.bytes);
      arena.writeBlock(block, LINEAR_MODEL_BLOCK, {
        samples: N,
        d,
        classes: c,
        batch: B,
        x: xPtr,
        labels: labelsPtr,
        omega: omegaPtr,
        lambda,
        order: orderPtr,
        z: zPtr,
        xNormSq: normPtr,
        classCounts: countsPtr,
        rng,
        all: allPtr,
        columnScratch: blockScratch,
      });
      return block;
    },
    twinGradient(w: Float32Array, g: Float32Array, rng: Xoshiro128): number {
      if (B < N) sampleBatch(rng);
      return pass(w, g, order, B, null, null);
    },
    twinLoss: (w) => pass(w, null, all, N, null, null),
    twinClassStats(w: Float32Array, g: Float32Array): LinearModelClassStats {
      const classLoss = new Float64Array(c);
      const hessianTrace = new Float64Array(c);
      const loss = pass(w, g, all, N, classLoss, hessianTrace);
      const gradNorm = new Float64Array(c);
      for (let k = 0; k < c; k++) {
        classLoss[k] /= classCounts[k];
        gradNorm[k] = Math.sqrt(sumSquares(g, k * d, d));
        hessianTrace[k] += lambda * d;
      }
      return { loss, classLoss, gradNorm, hessianTrace };
    },
  };
  return { ...problem, classStats: linearClassStats(problem) };
}

/** Per-label statistics: ℓ_k, ‖∇_{W_k}L‖ and tr ∇²_{W_k W_k}L (assembly/problems/linear-model/stats.ts). */
function linearClassStats(p: LinearModelProblem): ClassStatistics {
  return {
    classes: p.classes,
    classIs: "label",
    frequencies: p.classFrequencies,
    // [W (c×d, row k = class k); b (c)]
    classOfParam: (index) => (index < p.classes * p.d ? Math.floor(index / p.d) : index - p.classes * p.d),
    fields: ["loss", "gradNorm", "hessianTrace"],
    wasmValues: 3 * p.classes,
    wasm: (exports, prob, w, g, out) => void exports.linearModelClassStats(prob, w, g, out),
    twin(w, g) {
      const s = p.twinClassStats(w, g);
      const out = new Float64Array(3 * p.classes);
      out.set(s.classLoss, 0);
      out.set(s.gradNorm, p.classes);
      out.set(s.hessianTrace, 2 * p.classes);
      return out;
    },
  };
}
