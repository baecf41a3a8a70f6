// Which figures a saved result can draw, by its shape: a six-token result, a run of one of
// the heavy-tailed problems, or a scaling sweep (a step-size sweep's JSONL goes through
// src/tuning/step-size-data.ts first). Pure: parsed JSON in, named Vega-Lite specs out.
import type { TopLevelSpec } from "vega-lite";
import { classStatsFigure } from "./figures/class-stats/figure.js";
import { hasClassStats } from "./figures/class-stats/data.js";
import { groupLossFigure } from "./figures/groups/figure.js";
import { quadraticFigure } from "./figures/quadratic/figure.js";
import { scalingFigure } from "./figures/scaling/figure.js";
import type { ScalingFigureInput } from "./figures/scaling/data.js";
import { tokensFigure } from "./figures/tokens/figure.js";
import type { ProblemRunResult } from "../results/run.js";
import type { TokensResult } from "../results/tokens.js";
import { ConfigError } from "../config/error.js";
import { PROBLEMS } from "../problems/registry.js";

export const FIGURE_NAMES = ["tokens", "groups", "quadratic", "class-stats", "step-sizes", "scaling"] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];

export interface NamedFigure {
  name: FigureName;
  vegaLite: TopLevelSpec;
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);

/** The figures of a run result: per-coordinate curves for the quadratic, groups, per-class statistics. */
function runFigures(result: ProblemRunResult): NamedFigure[] {
  const figures: NamedFigure[] = [];
  // per-coordinate curves, for a problem that declares them (src/problems/<name>/declaration.ts: figures)
  const declared = Object.hasOwn(PROBLEMS, result.config.problem) ? PROBLEMS[result.config.problem].figures ?? [] : [];
  if (declared.includes("quadratic") && result.runs.some((r) => r.perClass?.loss) && result.classes?.frequencies) {
    figures.push({ name: "quadratic", vegaLite: quadraticFigure(result) });
  }
  if (result.groups) figures.push({ name: "groups", vegaLite: groupLossFigure(result) });
  if (result.runs.some(hasClassStats) && result.classes?.frequencies) figures.push({ name: "class-stats", vegaLite: classStatsFigure(result) });
  return figures;
}

/** Every figure the data can draw; throws ConfigError(field) if it is no result zipflab knows. */
export function figuresFor(data: unknown, field = "file"): NamedFigure[] {
  if (isObject(data) && data.experiment === "tokens" && Array.isArray(data.runs)) {
    return [{ name: "tokens", vegaLite: tokensFigure(data as unknown as TokensResult) }];
  }
  if (isObject(data) && data.experiment === "run" && Array.isArray(data.runs) && isObject(data.config)) {
    const figures = runFigures(data as unknown as ProblemRunResult);
    if (figures.length === 0) throw new ConfigError(field, "this run result has no frequency groups or per-class curves to draw");
    return figures;
  }
  if (isObject(data) && Array.isArray(data.fits) && isObject(data.config) && Array.isArray(data.config.alphas)) {
    return [{ name: "scaling", vegaLite: scalingFigure(data as unknown as ScalingFigureInput) }];
  }
  throw new ConfigError(field, "is not a result zipflab can plot (a tokens, run or scaling result as JSON, or a sweep's results as JSONL)");
}
