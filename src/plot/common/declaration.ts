// What `zipflab plot`, the library's figuresFor and the page need to know of a figure, declared
// with the figure in its own module (src/plot/figures/<figure>/figure.ts): its name, which saved
// result draws it and when, a line for `zipflab plot --help`, and its builder.
import type { TopLevelSpec } from "vega-lite";

/**
 * The kinds of saved result a figure is drawn from: `zipflab tokens --json`, `zipflab run --json`
 * (and a repro's results.json), `zipflab scaling --json` on the Zipf law or with --corpus, and a
 * sweep's results JSONL (read through src/tuning/step-size-data.ts by the command line).
 */
export type ResultKind = "tokens" | "run" | "scaling" | "scaling-corpus" | "sweep";

export interface FigureDeclaration<R = never> {
  readonly name: string;
  readonly result: ResultKind;
  /** What the figure shows, for `zipflab plot --help` (≤ 58 characters: one line of it). */
  readonly description: string;
  /** Whether this result holds what the figure needs (default: every result of its kind). */
  readonly drawable?: (result: R) => boolean;
  /**
   * Run results only: drawn only for the problems whose declaration names the figure
   * (src/problems/<name>/declaration.ts, `figures`).
   */
  readonly declaredByProblem?: boolean;
  readonly build: (result: R) => TopLevelSpec;
}

/** Declares a figure (a typed identity: the compiler checks the builder against the result type). */
export function declareFigure<R>(d: FigureDeclaration<R>): FigureDeclaration<R> {
  return d;
}
