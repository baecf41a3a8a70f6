// What the run loop needs from a problem: its parameter count, its block in WASM memory
// (read by its kernel in assembly/problems/), and the plain-TS twin of that kernel.
import type { Xoshiro128 } from "../rng/xoshiro.js";
import type { Arena } from "../wasm/arena.js";
import type { ProblemCode } from "./codes.js";
import type { TouchedRows } from "../sparse/touched-rows.js";

export interface Problem {
  readonly code: ProblemCode;
  /** Number of parameters. */
  readonly n: number;
  /** Allocates and fills the problem block; `rng` points at the seeded generator state. */
  layout(arena: Arena, rng: number): number;
  /**
   * Twin of the gradient kernel: writes g, returns the batch loss. A dense problem writes
   * all n entries; a row-sparse one (rowLen > 0) gets g zero, adds into some rows and lists
   * them in `touched`.
   */
  twinGradient(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched?: TouchedRows): number;
  /** Row-sparse gradients: g is zero outside the listed rows of this length (0/absent = dense). */
  readonly rowLen?: number;
  /** Twin of the exact-loss kernel L(w) (the full expectation), where the problem has one. */
  twinLoss?(w: Float32Array): number;
  /** min_w L(w), where known in closed form. */
  readonly optimalLoss?: number;
}
