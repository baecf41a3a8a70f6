// What the run loop needs from a problem: its parameter count, its block in WASM memory
// (read by its kernel in assembly/problems/), and the plain-TS twin of that kernel.
import type { Xoshiro128 } from "../rng/xoshiro.js";
import type { Arena } from "../wasm/arena.js";
import type { ProblemCode } from "./codes.js";

export interface Problem {
  readonly code: ProblemCode;
  /** Number of parameters. */
  readonly n: number;
  /** Allocates and fills the problem block; `rng` points at the seeded generator state. */
  layout(arena: Arena, rng: number): number;
  /** Twin of the gradient kernel: writes g (all n entries), returns the batch loss. */
  twinGradient(w: Float32Array, g: Float32Array, rng: Xoshiro128): number;
}
