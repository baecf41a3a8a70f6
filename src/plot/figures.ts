// The figures zipflab draws from a saved result, each declared in its own module
// (src/plot/figures/<figure>/figure.ts: name, the result that draws it, a --help line, builder),
// and which of them a result draws, by its shape: a six-token result, a run of one of the
// heavy-tailed problems, a scaling sweep on the Zipf law or on a corpus (a step-size sweep's
// JSONL goes through src/tuning/step-size-data.ts first). Pure: parsed JSON in, named
// Vega-Lite specs out.
import type { TopLevelSpec } from "vega-lite";
import type { FigureDeclaration, ResultKind } from "./common/declaration.js";
import { CLASS_STATS_FIGURE } from "./figures/class-stats/figure.js";
import { CORPUS_SCALING_FIGURE } from "./figures/corpus-scaling/figure.js";
import { GROUPS_FIGURE } from "./figures/groups/figure.js";
import { QUADRATIC_FIGURE } from "./figures/quadratic/figure.js";
import { SCALING_FIGURE } from "./figures/scaling/figure.js";
import { STEP_SIZES_FIGURE } from "./figures/step-sizes/figure.js";
import { TOKENS_FIGURE } from "./figures/tokens/figure.js";
import type { ProblemRunResult } from "../results/run.js";
import { ConfigError } from "../config/error.js";
import { PROBLEMS } from "../problems/registry.js";

export type { FigureDeclaration, ResultKind } from "./common/declaration.js";

/**
 * Every figure, in the order a result draws them: a result's first figure is the one the page
 * shows.
 */
export const FIGURES = [
  TOKENS_FIGURE,
  QUADRATIC_FIGURE,
  GROUPS_FIGURE,
  CLASS_STATS_FIGURE,
  STEP_SIZES_FIGURE,
  SCALING_FIGURE,
  CORPUS_SCALING_FIGURE,
] as readonly FigureDeclaration<never>[] as readonly FigureDeclaration<unknown>[];

export const FIGURE_NAMES: readonly string[] = FIGURES.map((f) => f.name);
export type FigureName = string;

/** The command that writes each kind of result, as `zipflab plot --help` lists them. */
export const RESULT_SOURCES: Readonly<Record<ResultKind, string>> = {
  tokens: "zipflab tokens --json",
  run: "zipflab run --json (or a repro's results.json)",
  sweep: "zipflab sweep (.jsonl)",
  scaling: "zipflab scaling --json",
  "scaling-corpus": "zipflab scaling --corpus --json",
};

export interface NamedFigure {
  name: FigureName;
  vegaLite: TopLevelSpec;
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

/** The kind of a parsed result, or null if it is none zipflab plots from JSON. */
export function resultKind(data: unknown): ResultKind | null {
  if (!isObject(data)) return null;
  if (data.experiment === "tokens" && Array.isArray(data.runs)) return "tokens";
  if (data.experiment === "run" && Array.isArray(data.runs) && isObject(data.config)) return "run";
  if (data.experiment === "scaling-corpus" && Array.isArray(data.fits) && isObject(data.config) && isObject(data.synthetic))
    return "scaling-corpus";
  if (Array.isArray(data.fits) && isObject(data.config) && Array.isArray(data.config.alphas)) return "scaling";
  return null;
}

/** The figures a result of this kind can draw at all, in order. */
export function figuresOfKind(kind: ResultKind): readonly FigureDeclaration<unknown>[] {
  return FIGURES.filter((f) => f.result === kind);
}

/** Every figure the data can draw; throws ConfigError(field) if it is no result zipflab knows. */
export function figuresFor(data: unknown, field = "file"): NamedFigure[] {
  const kind = resultKind(data);
  if (kind === null) {
    throw new ConfigError(
      field,
      "is not a result zipflab can plot (a tokens, run or scaling result as JSON, or a sweep's results as JSONL)",
    );
  }
  // the figures a run's problem declares (src/problems/<name>/declaration.ts: figures)
  const problem = kind === "run" ? (data as unknown as ProblemRunResult).config.problem : undefined;
  const declared = problem !== undefined && Object.hasOwn(PROBLEMS, problem) ? (PROBLEMS[problem].figures ?? []) : [];
  const figures = figuresOfKind(kind)
    .filter((f) => (!f.declaredByProblem || declared.includes(f.name)) && (f.drawable?.(data) ?? true))
    .map((f) => ({ name: f.name, vegaLite: f.build(data) }));
  if (figures.length === 0) throw new ConfigError(field, "this run result has no frequency groups or per-class curves to draw");
  return figures;
}

/** `zipflab plot --help`'s list: each kind of result, then each figure it draws with what it shows. */
export function figureHelp(): string {
  const lines: string[] = [];
  for (const [kind, source] of Object.entries(RESULT_SOURCES) as [ResultKind, string][]) {
    const figures = figuresOfKind(kind);
    if (figures.length === 0) continue;
    lines.push(`  ${source}`);
    for (const f of figures) lines.push(`      ${f.name.padEnd(15)} ${f.description}`);
  }
  return lines.join("\n");
}
