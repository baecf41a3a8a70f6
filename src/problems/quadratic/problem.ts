// Weighted quadratic (SPEC item 2): f(w) = Σ_k π_k · ½(w_k − w*_k)², π_k ∝ k^(−α), full batch,
// from w = 0. Kernel: assembly/problems/quadratic/problem.ts (problem block mirrored below).
// GD with step η: w_k(t) = w*_k (1 − (1 − ηπ_k)^t) — coordinate k moves at speed π_k;
// sign descent moves all coordinates by η per step.
import { writeBlock } from "../../layout/block.js";
import { QUADRATIC_BLOCK } from "../../layout/generated.js";
import { z } from "zod";
import { ConfigError, int, nonNegative, num, parseConfig } from "../../config/fields.js";
import type { Xoshiro128 } from "../../rng/xoshiro.js";
import type { Arena } from "../../wasm/arena.js";
import { ProblemCode } from "../codes.js";
import { laneSum } from "../../math/lane-sum.js";
import { checkMemory, f32Arrays, withDefaults } from "../shared/memory.js";
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

export type QuadraticInput = Partial<QuadraticConfig>;

export const QUADRATIC_DEFAULTS: QuadraticConfig = { d: 1000, alpha: 1, target: 1, weights: "zipf" };

const schema = z.object({
  d: int(1),
  alpha: nonNegative(),
  target: z.union([num({}), z.array(num({}))]),
  weights: z.enum(["zipf", "ones"], { error: 'must be "zipf" or "ones"' }),
}).strict();

/** Validates a quadratic config (defaults filled); errors name the field. */
export function resolveQuadraticConfig(input: QuadraticInput = {}, field = "problem"): QuadraticConfig {
  const config = parseConfig(schema, withDefaults(QUADRATIC_DEFAULTS, input, field), field) as QuadraticConfig;
  const prefix = field ? `${field}.` : "";
  if (Array.isArray(config.target) && config.target.length !== config.d) {
    throw new ConfigError(`${prefix}target`, `must be one number or d = ${config.d} numbers (got ${config.target.length})`);
  }
  // π, w* (problem) + w, g (run) + up to two optimizer state arrays (Adam's m, v).
  checkMemory(`${prefix}d`, f32Arrays(6, config.d), `d = ${config.d}: six f32 arrays of d`);
  return config;
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

export function quadraticProblem(input: QuadraticInput = {}): QuadraticProblem {
  const config = resolveQuadraticConfig(input);
  const d = config.d;
  const pi = config.weights === "ones" ? new Float32Array(d).fill(1) : Float32Array.from(zipfFrequencies(d, config.alpha));
  const target = Array.isArray(config.target) ? Float32Array.from(config.target) : new Float32Array(d).fill(config.target);
  return {
    code: ProblemCode.Quadratic,
    layoutBytes: 8 * d + 1024,
    n: d,
    d,
    frequencies: pi,
    target,
    optimalLoss: 0,
    classStats: {
      // Coordinate k is a "class" of frequency π_k; its loss ½(w_k − w*_k)² (unweighted).
      classes: d, classIs: "coordinate", frequencies: Float64Array.from(pi), fields: ["loss"],
      classOfParam: (index) => index,
      twin: (w) => Float64Array.from(target, (ws, k) => 0.5 * (w[k] - ws) ** 2),
    },
    layout(arena: Arena): number {
      const piPtr = arena.allocF32(d);
      arena.f32(piPtr, d).set(pi);
      const targetPtr = arena.allocF32(d);
      arena.f32(targetPtr, d).set(target);
      const block = arena.alloc(QUADRATIC_BLOCK.bytes);
      writeBlock(arena.view(), block, QUADRATIC_BLOCK, { d, pi: piPtr, target: targetPtr });
      return block;
    },
    twinGradient(w: Float32Array, g: Float32Array, _rng: Xoshiro128): number {
      for (let k = 0; k < d; k++) g[k] = f32(pi[k] * f32(w[k] - target[k]));
      return 0.5 * laneSum(d, (k) => f32(g[k] * f32(w[k] - target[k])));
    },
    twinLoss(w: Float32Array): number {
      return 0.5 * laneSum(d, (k) => {
        const delta = f32(w[k] - target[k]);
        return f32(f32(pi[k] * delta) * delta);
      });
    },
    gdClosedForm(eta: number, t: number): Float64Array {
      return Float64Array.from(target, (ws, k) => ws * (1 - (1 - eta * pi[k]) ** t));
    },
  };
}
