// Weighted quadratic (phenomenon 2): f(w) = Σ_k π_k · ½(w_k − w*_k)², π_k ∝ k^(−α), full batch,
// from w = 0. Kernel: assembly/problems/quadratic/problem.ts (problem block mirrored below).
// GD with step η: w_k(t) = w*_k (1 − (1 − ηπ_k)^t) — coordinate k moves at speed π_k;
// sign descent moves all coordinates by η per step.

import { QUADRATIC_BLOCK } from "../../layout/generated.js";
import type { Xoshiro128 } from "../../rng/xoshiro.js";
import type { LayoutArena } from "../../wasm/arena.js";
import { ProblemCode } from "../codes.js";
import { laneSum } from "../../math/lane-sum.js";
import type { Problem } from "../problem.js";
import { zipfFrequencies } from "../shared/zipf.js";

export interface QuadraticConfig {
  /** Number of coordinates. */
  d: number;
  /** Zipf exponent: π_k ∝ k^(−α). */
  alpha: number;
  /** w*: one value for every coordinate, or one per coordinate. */
  target: number | number[];
  /**
   * π: the Zipf law of alpha ("zipf"), or π_k = 1 for every k ("ones": the unweighted
   * ½‖w − w*‖², which Adam with ε = 0 and sign descent follow exactly as they follow any
   * positive weighting — both are invariant to a per-coordinate scale of the gradient).
   */
  weights: "zipf" | "ones";
}

export interface QuadraticProblem extends Problem {
  readonly d: number;
  /** π as the kernel sees it (f32). */
  readonly frequencies: Float32Array;
  /** w* (f32). */
  readonly target: Float32Array;
  readonly optimalLoss: number;
  twinLoss(w: Float32Array): number;
  /** GD from w = 0 with step η, in f64: w_k(t) = w*_k (1 − (1 − ηπ_k)^t). */
  gdClosedForm(eta: number, t: number): Float64Array;
}

const f32 = Math.fround;

/** The problem of a validated config (declaration.ts validates; quadraticProblem takes any input). */
export function makeQuadraticProblem(config: QuadraticConfig): QuadraticProblem {
  const d = config.d;
  const pi = config.weights === "ones" ? new Float32Array(d).fill(1) : Float32Array.from(zipfFrequencies(d, config.alpha));
  const target = Array.isArray(config.target) ? Float32Array.from(config.target) : new Float32Array(d).fill(config.target);
  return {
    code: ProblemCode.Quadratic,
    n: d,
    d,
    frequencies: pi,
    target,
    optimalLoss: 0,
    classStats: {
      // Coordinate k is a "class" of frequency π_k; its loss ½(w_k − w*_k)² (unweighted).
      classes: d,
      classIs: "coordinate",
      frequencies: Float64Array.from(pi),
      fields: ["loss"],
      classOfParam: (index) => index,
      twin: (w) => Float64Array.from(target, (ws, k) => 0.5 * (w[k] - ws) ** 2),
    },
    layout(arena: LayoutArena): number {
      const piPtr = arena.allocF32(d);
      arena.write(piPtr, pi);
      const targetPtr = arena.allocF32(d);
      arena.write(targetPtr, target);
      const block = arena.alloc(QUADRATIC_BLOCK.bytes);
      arena.writeBlock(block, QUADRATIC_BLOCK, { d, pi: piPtr, target: targetPtr });
      return block;
    },
    twinGradient(w: Float32Array, g: Float32Array, _rng: Xoshiro128): number {
      for (let k = 0; k < d; k++) g[k] = f32(pi[k] * f32(w[k] - target[k]));
      return 0.5 * laneSum(d, (k) => f32(g[k] * f32(w[k] - target[k])));
    },
    twinLoss(w: Float32Array): number {
      return (
        0.5 *
        laneSum(d, (k) => {
          const delta = f32(w[k] - target[k]);
          return f32(f32(pi[k] * delta) * delta);
        })
      );
    },
    gdClosedForm(eta: number, t: number): Float64Array {
      return Float64Array.from(target, (ws, k) => ws * (1 - (1 - eta * pi[k]) ** t));
    },
  };
}
