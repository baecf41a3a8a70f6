// What every reproduction takes and returns. A reproduction runs one experiment of the
// papers at settings that fit a 2-core machine in seconds to a minute ("full"), or at toy
// sizes for the test suite ("test"), and writes out/<name>/: figures (SVG + PNG), the results
// as JSON (and the step-size sweep as JSONL), and a README.md with the numbers it measured.

/** "full": the documented settings; "test": toy sizes that exercise every code path fast. */
export type ReproScale = "full" | "test";

export interface ReproProgress {
  /** A new stage begins (e.g. "linear-model: step-size sweep, 12 runs"). */
  stage(label: string): void;
  /** Units of the current stage done so far. */
  update(done: number, total: number): void;
}

export interface ReproOptions {
  /** The output root; a reproduction writes <out>/<name>/. */
  out: string;
  scale?: ReproScale;
  /** Threads for step-size sweeps (default: one per core). */
  threads?: number;
  progress?: ReproProgress;
  /** Write into an existing <out>/<name>/ that zipflab did not make (nothing in it is deleted). */
  force?: boolean;
}

export interface WrittenFigureInfo {
  /** File stem inside the reproduction's folder, e.g. "groups". */
  name: string;
  /** One sentence: what the figure shows. */
  caption: string;
  svg: string;
  png: string;
}

export interface ReproOutcome {
  name: string;
  /** One line: the experiment and what it demonstrates. */
  title: string;
  dir: string;
  figures: WrittenFigureInfo[];
  /** Data files written (results.json, sweep.jsonl), relative to dir. */
  files: string[];
  /** Measured headline numbers, one sentence each (Markdown). */
  headline: string[];
  seconds: number;
}

export const NO_PROGRESS: ReproProgress = { stage: () => {}, update: () => {} };
