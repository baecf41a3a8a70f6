// Per-class gradient norm against Hessian block trace (phenomenon 6; the papers' evidence that
// class imbalance makes gradients and Hessians imbalanced and correlated, which favours
// Adam-like updates): one row of panels per optimizer, one column per step shown, a point per
// class coloured by its frequency group (light = frequent, dark = rare), log–log axes shared
// by all panels so positions compare. Pure: result in, Vega-Lite JSON out.
import { argResult } from "../../../config/args.js";
import type { TopLevelSpec } from "vega-lite";
import { type VegaLitePanel, VEGA_LITE_SCHEMA, decadeTicks, placeholderPanel } from "../../common/vega-lite.js";
import { FONT_SIZE, plotConfig } from "../../common/theme.js";
import { classPoints, gradHessianCorrelation, hasClassStats, pickStepIndices, plottedClasses, type ClassPoint } from "./data.js";
import { groupLabels } from "../groups/data.js";
import { groupColor } from "../groups/panels.js";
import { problemSettings } from "../groups/titles.js";
import { runLabels } from "../../common/run-labels.js";
import { isFullBatch } from "../../../problems/shared/fields.js";
import { LOG_LABEL_EXPR } from "../../common/scales.js";
import type { ProblemRunResult } from "../../../results/run.js";
import { declareFigure } from "../../common/declaration.js";

const CELL_WIDTH = 270;
const CELL_HEIGHT = 210;

function logDomain(values: readonly number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  // A little room around the points so none sits on the frame.
  return [lo / 1.5, hi * 1.5];
}

function scatterPanel(
  points: readonly ClassPoint[],
  title: { text: string; subtitle?: string },
  labels: readonly string[],
  x: [number, number],
  y: [number, number],
): VegaLitePanel {
  return {
    width: CELL_WIDTH,
    height: CELL_HEIGHT,
    title,
    data: { values: points },
    mark: { type: "point", filled: true, size: 28, opacity: 0.85 },
    encoding: {
      x: {
        field: "hessianTrace",
        type: "quantitative",
        title: "Hessian trace tr H_k (log)",
        scale: { type: "log", domain: x, nice: false },
        axis: { values: decadeTicks(x[0], x[1], true), labelExpr: LOG_LABEL_EXPR },
      },
      y: {
        field: "gradNorm",
        type: "quantitative",
        title: "gradient norm ‖∇_k L‖ (log)",
        scale: { type: "log", domain: y, nice: false },
        axis: { values: decadeTicks(y[0], y[1], true), labelExpr: LOG_LABEL_EXPR },
      },
      color: groupColor(labels),
      // Rare classes (drawn last) on top: they are what the figure is about.
      order: { field: "rank", type: "quantitative" },
      tooltip: [
        { field: "group" },
        { field: "frequency", title: "π_k", format: ".3~g" },
        { field: "gradNorm", title: "‖∇_k L‖", format: ".3~g" },
        { field: "hessianTrace", title: "tr H_k", format: ".3~g" },
      ],
    },
  };
}

export function classStatsFigure(result: ProblemRunResult): TopLevelSpec {
  argResult("result", result, "a run result (runProblemExperiment, zipflab run --json)", {
    experiment: "run",
    lists: ["runs"],
    objects: ["config"],
  });
  const runs = result.runs.filter(hasClassStats);
  const names = runLabels(
    result.runs.map((r) => r.optimizer),
    isFullBatch(result.config.config),
  );
  const classes = plottedClasses(result);
  const labels = groupLabels(result);
  const cells = runs.flatMap((run) => pickStepIndices(run.steps).map((j) => ({ run, j, points: classPoints(run, j, classes) })));
  const all = cells.flatMap((c) => c.points);
  const columns = Math.max(1, ...runs.map((r) => pickStepIndices(r.steps).length));
  const panels: VegaLitePanel[] =
    all.length === 0
      ? [
          placeholderPanel(
            { text: "Gradient norm against Hessian trace per class" },
            classes.length === 0
              ? "no per-class frequencies in this result"
              : "no per-class gradient norms or Hessian traces: run with perClass",
          ),
        ]
      : cells.map(({ run, j, points }) => {
          const rho = gradHessianCorrelation(points);
          return scatterPanel(
            points,
            {
              text: `${names[result.runs.indexOf(run)]} · step ${run.steps[j]}`,
              subtitle: rho === null ? undefined : `Spearman ρ(‖∇_k L‖, tr H_k) = ${rho.toFixed(2)}`,
            },
            labels,
            logDomain(all.map((p) => p.hessianTrace)),
            logDomain(all.map((p) => p.gradNorm)),
          );
        });
  const settings = problemSettings(result.config.config, result.config.seed);
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: plotConfig,
    title: {
      text: `${result.config.problem}: per-class gradient norm against Hessian block trace, coloured by frequency group`,
      subtitle: [
        `${settings ? `${settings} · ` : ""}${result.config.steps} steps · seed ${result.config.seed} · ${result.backend}`,
        `one point per ${result.classes?.classIs ?? "class"}; rows: optimizers, columns: steps; rare classes (dark) have small gradients and small curvature alike`,
      ],
      fontSize: FONT_SIZE.figureTitle,
      subtitleFontSize: FONT_SIZE.subtitle,
      offset: 14,
    },
    columns,
    concat: panels,
  };
}

export const CLASS_STATS_FIGURE = declareFigure<ProblemRunResult>({
  name: "class-stats",
  result: "run",
  description: "gradient norm vs Hessian trace per class (--per-class)",
  drawable: (r) => r.runs.some(hasClassStats) && Boolean(r.classes?.frequencies),
  build: classStatsFigure,
});
