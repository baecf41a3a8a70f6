// The two kinds of panel in the per-frequency-group figure: the class-frequency histogram
// coloured by group (a), and one optimizer's group loss curves (b, c, …).
import { type VegaLitePanel, type PanelTitle, decadeTicks, frequencyColorScale } from "../../common/vega-lite.js";
import { LOG_LABEL_EXPR, type ValueScale, clampToFloor, valueAxis, vegaScale } from "../../common/scales.js";
import { PANEL_HEIGHT, PANEL_WIDTH, optimizerColor } from "../../common/theme.js";
import { type FrequencySegment, type GroupResult, groupAxisTitle, groupCurveRows, groupValueKind } from "./data.js";
import type { ProblemRun } from "../../../results/run.js";

export const GROUP_LEGEND = { title: "frequency group (classes)", symbolType: "square" } as const;

/** The colour encoding every panel shares, so the figure has one legend, G1 → Gn. */
export function groupColor(labels: readonly string[]) {
  return { field: "group", type: "nominal", scale: frequencyColorScale(labels), legend: GROUP_LEGEND } as const;
}

/** Classes by rank (most → least frequent) against their frequency, log y, coloured by group. */
export function frequencyHistogramPanel(
  segments: readonly FrequencySegment[],
  labels: readonly string[],
  classIs: string,
  title: PanelTitle,
): VegaLitePanel {
  const frequencies = segments.map((s) => s.frequency);
  const lo = Math.min(...frequencies);
  const hi = Math.max(...frequencies);
  // The bars stand on a floor half a step below the rarest class, so the rarest still shows.
  const floor = lo / 2;
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title,
    data: { values: segments },
    mark: { type: "rect", stroke: null },
    encoding: {
      x: {
        field: "from",
        type: "quantitative",
        title: `${classIs} rank, most → least frequent`,
        scale: { domain: [0, Math.max(...segments.map((s) => s.to))], nice: false },
      },
      x2: { field: "to" },
      y: {
        field: "frequency",
        type: "quantitative",
        title: `${classIs} frequency π (log)`,
        scale: { type: "log", domain: [floor, hi], nice: false },
        axis: { values: decadeTicks(floor, hi, true), labelExpr: LOG_LABEL_EXPR },
      },
      y2: { datum: floor },
      color: groupColor(labels),
      tooltip: [{ field: "group" }, { field: "frequency", title: "π", format: ".3~g" }],
    },
  };
}

/** One optimizer's loss per group over the steps, on the figure's shared y scale. */
export function groupCurvesPanel(
  result: GroupResult,
  run: ProblemRun,
  labels: readonly string[],
  scale: ValueScale,
  floor: number,
  title: PanelTitle,
): VegaLitePanel {
  const kind = groupValueKind(result);
  const rows = groupCurveRows(result, run, labels).map((r) => ({ ...r, shown: clampToFloor(r.value, scale, floor) }));
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title,
    data: { values: rows },
    mark: { type: "line", clip: true, interpolate: "linear" },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step" },
      y: {
        field: "shown",
        type: "quantitative",
        title: `${groupAxisTitle(kind, result.groupOptimalLoss !== undefined)}${scale.log ? " (log)" : ""}${scale.clipped ? ", clipped" : ""}`,
        scale: vegaScale(scale),
        axis: valueAxis(scale),
      },
      color: groupColor(labels),
      tooltip: [
        { field: "group" },
        { field: "step" },
        { field: "value", format: ".3~g" },
        { field: "loss", title: "group loss", format: ".4~g" },
      ],
    },
  };
}

/**
 * Every run's total loss over the steps (solid), and its held-out loss where the runs
 * recorded one (dashed): the figure's "overall loss" panel.
 */
export function overallLossPanel(result: GroupResult, names: readonly string[], scale: ValueScale, title: PanelTitle): VegaLitePanel {
  const held = result.runs.some((r) => r.validationLoss);
  const rows = result.runs
    .flatMap((run, i) => [
      ...run.steps.map((step, j) => ({ optimizer: names[i], set: "training", step, value: run.loss[j] ?? null })),
      ...(run.validationLoss ?? []).map((v, j) => ({ optimizer: names[i], set: "held-out", step: run.steps[j], value: v })),
    ])
    .map((r) => ({ ...r, shown: clampToFloor(r.value, scale) }));
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title,
    data: { values: rows },
    mark: { type: "line", clip: true, interpolate: "linear" },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step" },
      y: {
        field: "shown",
        type: "quantitative",
        title: `loss${scale.log ? " (log)" : ""}`,
        scale: vegaScale(scale),
        axis: valueAxis(scale),
      },
      color: {
        field: "optimizer",
        type: "nominal",
        scale: { domain: [...names], range: result.runs.map((r, i) => optimizerColor(r.optimizer.name, i)) },
        legend: { title: "optimizer", symbolType: "stroke" },
      },
      ...(held
        ? {
            strokeDash: {
              field: "set",
              type: "nominal",
              scale: {
                domain: ["training", "held-out"],
                range: [
                  [1, 0],
                  [5, 3],
                ],
              },
              legend: { title: "loss on" },
            },
          }
        : {}),
      detail: { field: "set" },
      tooltip: [{ field: "optimizer" }, { field: "set" }, { field: "step" }, { field: "value", format: ".4~g" }],
    },
  };
}
