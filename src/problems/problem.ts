// What the run loop needs from a problem: its parameter count, its block in WASM memory
// (read by its kernel in assembly/problems/), and the plain-TS twin of that kernel.
import type { Xoshiro128 } from "../rng/xoshiro.js";
import type { Arena, LayoutArena } from "../wasm/arena.js";
import type { ProblemCode } from "./codes.js";
import type { TouchedRows } from "../sparse/touched-rows.js";
import type { CoreExports } from "../wasm/exports.js";

export interface Problem {
  readonly code: ProblemCode;
  /** Number of parameters. */
  readonly n: number;
  /**
   * Allocates and fills the problem block; `rng` points at the seeded generator state, `seed`
   * is the run's seed (for a problem that seeds generators of its own), `threads` the threads
   * of the core the run is on (a problem whose kernels split their work on a thread pool lays
   * out scratch for each; the memory estimate runs the layout dry with the same count).
   */
  layout(arena: LayoutArena, rng: number, seed?: number, threads?: number): number;
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
  /** Restores sampling state the twin keeps between steps, as layout() does for the kernel (called at the start of a twin run). */
  twinReset?(seed: number): void;
  /** Called by runWasm after the last step, with the problem block (e.g. to keep a recorded sample stream). */
  afterRun?(arena: Arena, block: number): void;
  /** Starting weights (default: all zero). */
  initialWeights?(): Float32Array;
  /**
   * Called by runWasm (src/loop/wasm.ts) after layout() when the weights start at zero (no initialWeights), with
   * the problem block: what the kernel derives from W may be set from that (bigram softmax: every
   * row's max is +0, so no row's first visit needs a pass for it).
   */
  zeroWeights?(arena: Arena, block: number): void;
  /**
   * The kernel runs a row-local optimizer chain inside its gradient pass (problemStep in
   * assembly/problems/dispatch.ts): no gradient array, each row updated while in cache.
   */
  readonly fusedSteps?: boolean;
  /**
   * A step's loss is the exact L at the weights it starts from (a full batch), so L(w_t) and
   * the per-class losses of a recorded step t come with step t + 1's pass (problemClassLoss).
   */
  readonly deferredRecords?: boolean;
  /**
   * A fused full-batch step whose rows can be split across threads (src/loop/threads.ts): its
   * `rows` kernel (src/layout/blocks.mjs) runs a block of rows; each row's gradient and update
   * are its own.
   */
  readonly threadRows?: ThreadRows;
  /** Per-class statistics, recorded at the recorded steps when a run asks for them. */
  readonly classStats?: ClassStatistics;
  /**
   * The loss on held-out data, where the problem has some (the transformer's tail of the
   * corpus): recorded with the class statistics, at step 0 and each recorded step.
   */
  readonly heldOut?: {
    wasm(exports: CoreExports, prob: number, w: number): number;
    twin(w: Float32Array): number;
  };
  /**
   * Non-zero-gradient counts kept per class, not per parameter: parameter i counts into
   * index i mod countFold (the class of an entry of W, for the bigram softmax). A run then
   * streams a small array in cache instead of an n-sized one (16 MB at d = 2000).
   */
  readonly countFold?: number;
}

/** The rows a threaded step splits, the scratch each thread needs, the classes of its partial sums. */
export interface ThreadRows {
  readonly rows: number;
  readonly scratchBytes: number;
  readonly classes: number;
}

export type ClassStatName = "loss" | "gradNorm" | "hessianTrace";

/**
 * Per-class statistics of a problem: what a "class" is (an output token, a label, an input
 * coordinate), its frequency π_k, and the statistics at given weights, laid out field-major:
 * values[f·classes + k] is statistic fields[f] of class k (all f64, full data).
 */
export interface ClassStatistics {
  readonly classes: number;
  /** What a class is, for reports: "output token", "label", "input token", "coordinate". */
  readonly classIs: string;
  readonly frequencies: Float64Array;
  /** The class a parameter belongs to (for per-class effective learning rates and gradient counts); −1: none. */
  classOfParam(index: number): number;
  readonly fields: readonly ClassStatName[];
  /**
   * The WASM kernel, if the problem has one: writes `wasmValues` f64 at `out`, the first
   * fields.length·classes being the layout above. Dense problems may use g as scratch.
   */
  readonly wasmValues?: number;
  wasm?(exports: CoreExports, prob: number, w: number, g: number, out: number): void;
  /**
   * With deferredRecords: the statistics from the kernel's raw per-class loss sums
   * (problemClassLoss's out, `classes` f64), as the run loop records them.
   */
  fromRaw?(raw: Float64Array): Float64Array;
  /** The twin (and, without a kernel, the computation on either path), on f32 weights. */
  twin(w: Float32Array, g: Float32Array): Float64Array;
}

/** How classes interact at the end of a run, one class per frequency level (the --json's coupling). */
export interface ClassCoupling {
  classes: number[];
  /** cosine[a][b] between the gradients of classes[a] and classes[b]. */
  gradientCosine: number[][];
  /** hessianNorm[a][b] = ‖H_{classes[a], classes[b]}‖_F. */
  hessianNorm: number[][];
}
