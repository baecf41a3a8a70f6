// The step-size figure (phenomenon 6): (a) final loss against step size per optimizer, the
// line through what the tuning rule compares (worst seed; a diverged run at its initial loss),
// a ring on the chosen step size; (b) the rarest frequency group's final loss against step
// size — whether any step size rescues it; (c) the loss curves at the chosen step sizes.
// Pure: StepSizeData (and optionally the tuned runs' result) in, Vega-Lite JSON out.
import { argObject, argResult } from "../../../config/args.js";
import type { TopLevelSpec } from "vega-lite";
import type { GroupResult } from "../groups/data.js";
import { type VegaLitePanel, VEGA_LITE_SCHEMA, decadeTicks, placeholderPanel } from "../../common/vega-lite.js";
import { FONT_SIZE, INK, PANEL_HEIGHT, PANEL_WIDTH, optimizerColor, plotConfig } from "../../common/theme.js";
import { LOG_LABEL_EXPR, clampToFloor, formatShort, valueAxis, valueScale, vegaScale } from "../../common/scales.js";
import { MEASURE_FLOOR, type Measure, measureScale, measured, rarestMeasure, totalMeasure } from "./measure.js";
import { formatLr } from "../../common/run-status.js";
import { runLabels } from "../../common/run-labels.js";
import { isFullBatch } from "../../../problems/shared/fields.js";
import type { ProblemRun } from "../../../results/run.js";
import type { StepSizeData, StepSizeSeries } from "../../../results/step-sizes.js";
import { declareFigure } from "../../common/declaration.js";

export interface StepSizeFigureInput {
  sweep: StepSizeData;
  /** The runs at the chosen step sizes, with curves (a `runProblemExperiment` result, maybe with group optima). */
  curves?: GroupResult | null;
}

const STATUS = { domain: ["finished", "flagged diverged"], range: ["circle", "cross"] };
/** Diverged losses far above the start would squash the axis: it ends this factor above the highest initial loss. */
const CAP_OVER_INITIAL = 3;

function seriesColors(series: readonly StepSizeSeries[]): { domain: string[]; range: string[] } {
  const names = series.map((s) => s.optimizer);
  const unique = new Set(names).size === names.length;
  return {
    domain: series.map((s) => s.series),
    range: series.map((s, i) => (unique && s.optimizer ? optimizerColor(s.optimizer, i) : optimizerColor(`#${i}`, i))),
  };
}

function lrAxis(lrs: readonly number[]) {
  const lo = Math.min(...lrs);
  const hi = Math.max(...lrs);
  const domain: [number, number] = [lo / 1.6, hi * 1.6];
  return {
    field: "lr",
    type: "quantitative" as const,
    title: "step size η (log)",
    scale: { type: "log" as const, domain, nice: false },
    axis: { values: decadeTicks(domain[0], domain[1], true), labelExpr: LOG_LABEL_EXPR },
  };
}

function chosenText(data: StepSizeData): string {
  return data.series
    .map((s) => `${s.series} ${s.chosenLr === null ? "—" : formatLr(s.chosenLr)}${s.edge ? ` (${s.edge} of its grid)` : ""}`)
    .join(" · ");
}

/** Final loss (points: every cell; line: the rule's score) against η, ring on the chosen η. */
function finalLossPanel(data: StepSizeData, color: ReturnType<typeof seriesColors>, m: Measure): VegaLitePanel {
  const initial = data.points
    .map((p) => p.initialLoss)
    .filter((x): x is number => x !== null)
    .sort((a, b) => a - b);
  // Full batch: every cell starts from the same loss; the median stands for it on the rule's line.
  const start = initial.length > 0 ? initial[Math.floor(initial.length / 2)] : null;
  const show = (v: number | null, from: number | null) => measured(v, from, m);
  const top = start !== null ? CAP_OVER_INITIAL * (show(start, start) as number) : Infinity;
  const points0 = data.points.map((p) => ({
    ...p,
    value: show(p.finalLoss ?? p.score, p.initialLoss),
    status: p.diverged ? STATUS.domain[1] : STATUS.domain[0],
  }));
  const line0 = data.series.flatMap((s) => s.grid.map((g) => ({ series: s.series, lr: g.lr, value: show(g.worst, start) })));
  const chosen0 = data.series
    .filter((s) => s.chosenLr !== null)
    .map((s) => ({
      series: s.series,
      lr: s.chosenLr,
      value: show(s.grid.find((g) => g.lr === s.chosenLr)?.worst ?? null, start),
    }));
  const starts = start !== null ? [{ y: show(start, start), text: "initial loss" }] : [];
  const scale = measureScale([...points0.map((p) => p.value), ...starts.map((s) => s.y)], m, top);
  const floor = m.bound && m.optimum !== null ? MEASURE_FLOOR : 0;
  const at = <T extends { value: number | null }>(rows: T[]) => rows.map((r) => ({ ...r, shown: clampToFloor(r.value, scale, floor) }));
  const y = (field: string): Record<string, unknown> => ({
    field,
    type: "quantitative",
    title: `${m.title}${scale.log ? " (log)" : ""}${scale.clipped ? ", clipped" : ""}`,
    scale: vegaScale(scale),
    axis: valueAxis(scale),
  });
  const x = lrAxis(data.points.map((p) => p.lr));
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title: { text: "(a) Final loss against step size; ring: the tuning rule's choice", subtitle: `chosen η: ${chosenText(data)}` },
    layer: [
      { data: { values: starts }, mark: { type: "rule", strokeDash: [6, 4], color: INK.reference }, encoding: { y: y("y") } },
      {
        data: { values: starts },
        mark: { type: "text", align: "left", baseline: "bottom", dx: 4, dy: -3, fontSize: FONT_SIZE.annotation, color: INK.reference },
        encoding: { x: { value: 0 }, y: y("y"), text: { field: "text" } },
      },
      {
        data: { values: at(line0) },
        mark: { type: "line", clip: true, strokeWidth: 1.4 },
        encoding: {
          x,
          y: y("shown"),
          color: { field: "series", type: "nominal", scale: color, legend: { title: "optimizer", symbolType: "stroke" } },
        },
      },
      {
        data: { values: at(points0) },
        mark: { type: "point", clip: true, filled: true, size: 55, opacity: 0.9 },
        encoding: {
          x,
          y: y("shown"),
          color: { field: "series", type: "nominal", scale: color },
          shape: { field: "status", type: "nominal", scale: STATUS, legend: { title: "run" } },
          tooltip: [
            { field: "series", title: "optimizer" },
            { field: "lr", title: "η", format: ".3~g" },
            { field: "seed" },
            { field: "finalLoss", title: "final loss", format: ".6~g" },
            { field: "score", title: "rule's score", format: ".6~g" },
          ],
        },
      },
      {
        data: { values: at(chosen0) },
        mark: { type: "point", clip: true, filled: false, size: 320, strokeWidth: 2.2 },
        encoding: { x, y: y("shown"), color: { field: "series", type: "nominal", scale: color } },
      },
    ],
  };
}

/** The rarest group's final loss against η: can any step size move it? */
function rarestGroupPanel(
  data: StepSizeData,
  color: ReturnType<typeof seriesColors>,
  initialRare: number | null,
  m: Measure,
): VegaLitePanel {
  const show = (v: number | null) => measured(v, initialRare, m);
  const rows0 = data.points
    .filter((p) => p.rarestGroupLoss !== null)
    .map((p) => ({ ...p, value: show(p.rarestGroupLoss), status: p.diverged ? STATUS.domain[1] : STATUS.domain[0] }));
  const refs = [
    ...(initialRare !== null ? [{ y: show(initialRare), text: `G${data.groups} at step 0` }] : []),
    ...(m.optimum !== null && !m.bound ? [{ y: show(m.optimum), text: `G${data.groups} at its optimum` }] : []),
  ];
  const top = initialRare !== null ? CAP_OVER_INITIAL * Math.abs(show(initialRare) as number) : Infinity;
  const scale = measureScale([...rows0.map((r) => r.value), ...refs.map((r) => r.y)], m, top);
  const floor = m.bound && m.optimum !== null ? MEASURE_FLOOR : 0;
  const rows = rows0.map((r) => ({ ...r, shown: clampToFloor(r.value, scale, floor) }));
  const y = {
    field: "shown",
    type: "quantitative",
    title: `${m.title}${scale.log ? " (log)" : ""}`,
    scale: vegaScale(scale),
    axis: valueAxis(scale),
  } as const;
  const x = lrAxis(data.points.map((p) => p.lr));
  // Against the group's own optimum the value has a sign (a group can end below it): closest to 0 is best.
  const signed = m.optimum !== null && !m.bound;
  const best = data.series
    .map((s) => {
      const mine = rows.filter((r) => r.series === s.series && !r.diverged && r.value !== null).map((r) => r.value as number);
      if (mine.length === 0) return null;
      const pick = signed ? mine.reduce((a, b) => (Math.abs(b) < Math.abs(a) ? b : a)) : Math.min(...mine);
      return `${s.series.split(" (")[0]} ${formatShort(pick)}`;
    })
    .filter(Boolean);
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title: {
      text: `(b) The rarest group G${data.groups}: its final loss against step size`,
      subtitle: `${signed ? "closest to the optimum" : "lowest"} over the grid, flagged runs aside: ${best.join(" · ")}`,
    },
    layer: [
      { data: { values: refs }, mark: { type: "rule", strokeDash: [6, 4], color: INK.reference }, encoding: { y: { ...y, field: "y" } } },
      {
        data: { values: refs },
        mark: { type: "text", align: "left", baseline: "bottom", dx: 4, dy: -3, fontSize: FONT_SIZE.annotation, color: INK.reference },
        encoding: { x: { value: 0 }, y: { ...y, field: "y" }, text: { field: "text" } },
      },
      {
        data: { values: rows.filter((r) => !r.diverged) },
        mark: { type: "line", clip: true, strokeWidth: 1.4 },
        encoding: { x, y, color: { field: "series", type: "nominal", scale: color, legend: null } },
      },
      {
        data: { values: rows },
        mark: { type: "point", clip: true, filled: true, size: 55, opacity: 0.9 },
        encoding: {
          x,
          y,
          color: { field: "series", type: "nominal", scale: color, legend: null },
          shape: { field: "status", type: "nominal", scale: STATUS, legend: null },
          tooltip: [
            { field: "series", title: "optimizer" },
            { field: "lr", title: "η", format: ".3~g" },
            { field: "rarestGroupLoss", title: "final loss", format: ".5~g" },
          ],
        },
      },
    ],
  };
}

/** Loss (relative where L* is known) at the chosen step sizes, over the steps. */
function curvesPanel(curves: GroupResult, letter: string): VegaLitePanel {
  const labels = runLabels(
    curves.runs.map((r) => r.optimizer),
    isFullBatch(curves.config.config),
  );
  // The run's relative loss where it has one; else from an optimum the figure was given (group optima).
  const m = totalMeasure(curves);
  const rel = (r: ProblemRun) => r.relativeLoss ?? (m.optimum !== null ? r.loss.map((l) => measured(l, r.initialLoss, m)) : null);
  const relative = curves.runs.every((r) => rel(r) !== null);
  const values = curves.runs.flatMap((r) => (relative ? rel(r)! : r.loss));
  const initial = curves.runs.map((r) => (relative ? 1 : r.initialLoss)).filter((x): x is number => x !== null);
  const scale = valueScale(values, relative ? { floor: 1e-6 } : { zero: false, cap: 1.5 * Math.max(...initial) || Infinity });
  const rows = curves.runs
    .flatMap((r, i) => r.steps.map((step, j) => ({ optimizer: labels[i], step, value: (relative ? rel(r)![j] : r.loss[j]) ?? null })))
    .map((r) => ({ ...r, shown: clampToFloor(r.value, scale, relative ? 1e-6 : 0) }));
  const ends = curves.runs.map((r, i) => `${labels[i].split(",")[0]} ${formatShort((relative ? rel(r)!.at(-1) : r.finalLoss) ?? NaN)}`);
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title: {
      text: `(${letter}) At the chosen step sizes: ${relative ? "relative loss (L − L*)/(L₀ − L*)" : "loss"} over the steps`,
      subtitle: `at step ${curves.config.steps}: ${ends.join(" · ")}`,
    },
    data: { values: rows },
    mark: { type: "line", clip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step" },
      y: {
        field: "shown",
        type: "quantitative",
        title: `${relative ? "relative loss" : "loss"}${scale.log ? " (log)" : ""}`,
        scale: vegaScale(scale),
        axis: valueAxis(scale),
      },
      color: {
        field: "optimizer",
        type: "nominal",
        scale: { domain: labels, range: curves.runs.map((r, i) => optimizerColor(r.optimizer.name, i)) },
        legend: { title: "at the chosen η", symbolType: "stroke" },
      },
      tooltip: [{ field: "optimizer" }, { field: "step" }, { field: "value", format: ".4~g" }],
    },
  };
}

export function stepSizeFigure(input: StepSizeFigureInput): TopLevelSpec {
  argObject("input", input, "an object {sweep, curves}");
  argResult("input.sweep", input.sweep, "step-size data (stepSizeData)", { lists: ["series", "points"] });
  if (input.curves !== undefined && input.curves !== null)
    argResult("input.curves", input.curves, "a run result (runProblemExperiment)", {
      experiment: "run",
      lists: ["runs"],
      objects: ["config"],
    });
  const { sweep: data, curves } = input;
  const color = seriesColors(data.series);
  const panels: VegaLitePanel[] =
    data.points.length === 0
      ? [placeholderPanel({ text: "(a) Final loss against step size" }, "no cells with a step size lr in this sweep")]
      : [finalLossPanel(data, color, totalMeasure(curves))];
  if (data.groups > 0 && data.points.length > 0) {
    const rare = curves?.runs[0]?.groupLoss?.at(-1)?.[0] ?? null;
    panels.push(rarestGroupPanel(data, color, rare, rarestMeasure(curves, data.groups)));
  }
  if (curves && curves.runs.length > 0) panels.push(curvesPanel(curves, "abc"[panels.length]));
  const seeds = new Set(data.points.map((p) => p.seed)).size;
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: plotConfig,
    title: {
      text: `${data.problem}: step-size sweep, ${data.points.length} runs`,
      subtitle: [
        `${seeds} seed${seeds === 1 ? "" : "s"} · rule: lowest worst-seed final loss; a run flagged diverged (NaN/Inf, or loss > 1.5× initial) scores its initial loss`,
        "points: each run's final loss (✚ flagged diverged: drawn at its final loss, scored at its initial loss); lines: the rule's score",
      ],
      fontSize: FONT_SIZE.figureTitle,
      subtitleFontSize: FONT_SIZE.subtitle,
      offset: 14,
    },
    columns: 2,
    concat: panels,
    resolve: { scale: { color: "independent", shape: "independent" }, legend: { color: "independent", shape: "independent" } },
  };
}

export const STEP_SIZES_FIGURE = declareFigure<StepSizeFigureInput>({
  name: "step-sizes",
  result: "sweep",
  description: "final loss against step size (--curves RUN.json: curves)",
  build: stepSizeFigure,
});
