// The `--json` results of `zipflab scaling`: steps to relative loss ε against vocabulary size d,
// on the synthetic Zipf law or on a corpus's bigram counts, with fitted power laws. Types only.

/**
 * The methods the scaling law compares: "sgd" at the full batch is gradient descent (the papers' GD),
 * "sign" sign descent, "adam" Adam, as the optimizer registry names them.
 */
export type ScalingMethod = "sgd" | "sign" | "adam";

/** How the step size is set: GD's 1/π_1 of phenomenon 3, or tuned per horizon. */
export type LrRule = "1/pi1" | "tuned";

/** Which iterates count: any step, or only even or odd steps (sign descent zig-zags). */
export type StepParity = "any" | "even" | "odd";

/** A fit ln t = a + b ln d with a t-based confidence interval for the exponent b. */
export interface PowerLawFit {
  /** Points used (pairs with t ≥ 1). */
  n: number;
  /** Intercept a of ln t = a + b ln d. */
  a: number;
  /** Exponent b. */
  b: number;
  /** Standard error of b (null with fewer than 3 points). */
  stderr: number | null;
  /** The confidence interval for b at `level` (null with fewer than 3 points). */
  ci: [number, number] | null;
  level: number;
}

export interface ScalingConfig {
  /** Smallest and largest vocabulary size, and how many log-spaced sizes in between (ends included). */
  dMin: number;
  dMax: number;
  points: number;
  /** Adam runs only at d ≤ adamDMax (it costs O(d) per step; GD and sign are closed forms). */
  adamDMax: number;
  /** Zipf exponents α of π and of every row. */
  alphas: number[];
  /** Relative-loss targets ε ∈ (0, 1). */
  eps: number[];
  optimizers: ScalingMethod[];
  /** Steps counted at most; a target not reached by then is "not reached". */
  stepsMax: number;
  /** The step-size lattice: lrMin·10^(k/perDecade) up to lrMax (half-decades by default). */
  lrMin: number;
  lrMax: number;
  perDecade: number;
  /** Lattice points without improvement before the tuning walk turns back. */
  patience: number;
  adamB1: number;
  adamB2: number;
  /** Adam's ε; 0 (default) admits the exact reduced model, > 0 needs the brute-force d×d model. */
  adamEps: number;
  /** "auto": reduced where it holds, brute force otherwise; "reduced" or "brute": only that. */
  method: "auto" | "reduced" | "brute";
  /** Confidence level of the slope's interval. */
  level: number;
}

/** One series of a scaling result: a method, its step-size rule and the iterates it counts. */
export interface ScalingSeries {
  optimizer: ScalingMethod;
  lrRule: LrRule;
  parity: StepParity;
}

export interface ScalingPoint extends ScalingSeries {
  alpha: number;
  d: number;
  eps: number;
  /** Steps to reach ε (null: not within stepsMax, or no lattice step size reached it). */
  steps: number | null;
  /** The step size used (the tuned one for "tuned"). */
  lr: number | null;
  /** The tuned step size is an end of the lattice. */
  edge: "smallest" | "largest" | null;
  method: "reduced" | "brute";
}

export interface ScalingFit extends ScalingSeries {
  alpha: number;
  eps: number;
  ds: number[];
  steps: (number | null)[];
  fit: PowerLawFit | null;
  /** The exponent theory predicts, where it applies: 1 − ε for GD at α = 1 (Kunstner & Bach). */
  theory: number | null;
}

export interface ScalingResult {
  config: ScalingConfig;
  ds: number[];
  points: ScalingPoint[];
  fits: ScalingFit[];
  seconds: number;
  secondsByOptimizer: Partial<Record<ScalingMethod, number>>;
}

export interface CorpusScalingConfig {
  corpus: string;
  vocabs: number[];
  eps: number[];
  stepsMax: number;
  lrMin: number;
  lrMax: number;
  perDecade: number;
  patience: number;
  level: number;
}

export interface CorpusScalingPoint {
  optimizer: "sgd" | "sign";
  lrRule: LrRule;
  parity: StepParity;
  d: number;
  eps: number;
  steps: number | null;
  lr: number | null;
  edge: "smallest" | "largest" | null;
}

export interface CorpusScalingFit {
  optimizer: "sgd" | "sign";
  lrRule: LrRule;
  parity: StepParity;
  eps: number;
  ds: number[];
  steps: (number | null)[];
  fit: PowerLawFit | null;
  /** Kunstner & Bach's claim: GD (η = 1/π₁) ∝ d^(1−ε), sign descent tuned ∝ d^(1/2). */
  claim: number | null;
}

export interface CorpusScalingResult {
  experiment: "scaling-corpus";
  config: CorpusScalingConfig;
  /** Per V: π₁, the non-zero pairs, L(0) − L*. */
  sizes: { d: number; maxInput: number; nonzeros: number; initialExcess: number }[];
  points: CorpusScalingPoint[];
  fits: CorpusScalingFit[];
  /** The same sweep on the synthetic Zipf law (α = 1) for comparison. */
  synthetic: ScalingResult;
  seconds: number;
}
