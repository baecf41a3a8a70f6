// The weighted-quadratic figure (phenomenon 2): f(w) = Σ_k π_k ½(w_k − w*_k)², π_k ∝ k^(−α).
// One panel per optimizer with the loss of single coordinates k = 1, 2, 5, 10, … relative to
// their start (GD moves coordinate k at speed π_k, so rare ones crawl; sign descent moves all
// at one speed), and a last panel with every coordinate's final relative loss against π_k.
// Pure: a run result with per-class curves in, Vega-Lite JSON out.
import { argResult } from "../../../config/args.js";
import type { TopLevelSpec } from "vega-lite";
import { type VegaLitePanel, VEGA_LITE_SCHEMA, decadeTicks, frequencyColorScale, placeholderPanel } from "../../common/vega-lite.js";
import { FONT_SIZE, PANEL_HEIGHT, PANEL_WIDTH, optimizerColor, plotConfig } from "../../common/theme.js";
import { RELATIVE_FLOOR, problemSettings } from "../groups/titles.js";
import { PANEL_LETTERS } from "../groups/figure.js";
import { type PlottedCoordinate, coordinateLoss, coordinateRows, finalRows, plottedCoordinates, relativeCoordinateLoss } from "./data.js";
import { LOG_LABEL_EXPR, clampToFloor, formatShort, valueAxis, valueScale, type ValueScale, vegaScale } from "../../common/scales.js";
import { runLabels } from "../../common/run-labels.js";
import { isFullBatch } from "../../../problems/shared/fields.js";
import type { ProblemRunResult } from "../../../results/run.js";
import { declareFigure } from "../../common/declaration.js";

/** A coordinate "lags" when its final relative loss is this many times the most frequent one's. */
const LAG_FACTOR = 10;

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "n/a";
  return x < RELATIVE_FLOOR ? `< ${formatShort(RELATIVE_FLOOR)}` : formatShort(x);
}

/** Whether the plotted coordinates' curves are one curve (sign descent from a common start). */
function coincide(curves: readonly (readonly (number | null)[])[]): boolean {
  return curves.every((c) =>
    c.every((v, j) => v === curves[0][j] || (v !== null && curves[0][j] !== null && Math.abs(v - curves[0][j]!) <= 1e-9)),
  );
}

function coordinatePanel(
  result: ProblemRunResult,
  i: number,
  label: string,
  coordinates: readonly PlottedCoordinate[],
  scale: ValueScale,
  legend: boolean,
): VegaLitePanel {
  const run = result.runs[i];
  const rows = coordinateRows(run, coordinates).map((r) => ({ ...r, shown: clampToFloor(r.value, scale, RELATIVE_FLOOR) }));
  const loss = coordinateLoss(run)!;
  const first = coordinates[0];
  const last = coordinates.at(-1)!;
  const end = (c: PlottedCoordinate) => relativeCoordinateLoss(loss[c.index] ?? []).at(-1) ?? null;
  const e1 = end(first);
  const ed = end(last);
  const lags = ed !== null && e1 !== null && ed > LAG_FACTOR * Math.max(e1, RELATIVE_FLOOR);
  const lastRank = last.label.split(" ")[2];
  const head = `(${PANEL_LETTERS[i]}) ${label}`;
  const text = lags
    ? `${head}: rare coordinates lag (k = ${lastRank} keeps ${fmt(ed)} of its loss)`
    : `${head}: every coordinate ends at ℓ_k/ℓ_k(0) ${Math.max(e1 ?? 0, ed ?? 0) < RELATIVE_FLOOR ? "" : "≤ "}${fmt(Math.max(e1 ?? 0, ed ?? 0))}`;
  const same = coincide(coordinates.map((c) => relativeCoordinateLoss(loss[c.index] ?? [])));
  const labels = coordinates.map((c) => c.label);
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title: {
      text,
      subtitle: `ℓ_k/ℓ_k(0) at step ${run.steps.at(-1)}: k = 1 ${fmt(e1)}, k = ${lastRank} ${fmt(ed)}${same ? " · all lines coincide" : ""}`,
    },
    data: { values: rows },
    mark: { type: "line", clip: true, interpolate: "linear" },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step" },
      y: {
        field: "shown",
        type: "quantitative",
        title: `coordinate loss ℓ_k/ℓ_k(0)${scale.log ? " (log)" : ""}`,
        scale: vegaScale(scale),
        axis: valueAxis(scale),
      },
      color: {
        field: "coordinate",
        type: "nominal",
        scale: frequencyColorScale(labels),
        legend: legend ? { title: "coordinate k (weight π_k)", symbolType: "stroke" } : null,
      },
      tooltip: [{ field: "coordinate" }, { field: "step" }, { field: "value", title: "ℓ_k/ℓ_k(0)", format: ".3~g" }],
    },
  };
}

function finalPanel(result: ProblemRunResult, labels: readonly string[], scale: ValueScale): VegaLitePanel {
  const letter = PANEL_LETTERS[result.runs.length];
  const rows = finalRows(result, labels).map((r) => ({ ...r, shown: clampToFloor(r.value, scale, RELATIVE_FLOOR) }));
  const f = rows.map((r) => r.frequency);
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title: {
      text: `(${letter}) Every coordinate at step ${result.config.steps}: final ℓ_k/ℓ_k(0) against π_k`,
      subtitle: "GD's error grows as π_k falls; a method blind to π_k draws a flat line",
    },
    data: { values: rows },
    mark: { type: "line", clip: true, point: false },
    encoding: {
      x: {
        field: "frequency",
        type: "quantitative",
        title: "weight π_k (log)",
        scale: { type: "log", reverse: true, domain: [Math.min(...f), Math.max(...f)], nice: false },
        axis: { values: decadeTicks(Math.min(...f), Math.max(...f), true), labelExpr: LOG_LABEL_EXPR },
      },
      y: {
        field: "shown",
        type: "quantitative",
        title: `final ℓ_k/ℓ_k(0)${scale.log ? " (log)" : ""}`,
        scale: vegaScale(scale),
        axis: valueAxis(scale),
      },
      color: {
        field: "optimizer",
        type: "nominal",
        scale: { domain: [...labels], range: result.runs.map((r, i) => optimizerColor(r.optimizer.name, i)) },
        legend: { title: "optimizer", symbolType: "stroke" },
      },
      order: { field: "rank", type: "quantitative" },
      tooltip: [
        { field: "optimizer" },
        { field: "rank", title: "k" },
        { field: "frequency", title: "π_k", format: ".3~g" },
        { field: "value", title: "ℓ_k/ℓ_k(0)", format: ".3~g" },
      ],
    },
  };
}

export function quadraticFigure(result: ProblemRunResult): TopLevelSpec {
  argResult("result", result, "a run result (runProblemExperiment, zipflab run --json)", {
    experiment: "run",
    lists: ["runs"],
    objects: ["config"],
  });
  const coordinates = plottedCoordinates(result);
  const labels = runLabels(
    result.runs.map((r) => r.optimizer),
    isFullBatch(result.config.config),
  );
  const curves = result.runs.flatMap((run) => {
    const loss = coordinateLoss(run);
    return loss ? coordinates.flatMap((c) => relativeCoordinateLoss(loss[c.index] ?? [])) : [];
  });
  const scale = valueScale(curves, { floor: RELATIVE_FLOOR });
  const panels: VegaLitePanel[] = result.runs.map((run, i) =>
    coordinateLoss(run) && coordinates.length > 0
      ? coordinatePanel(result, i, labels[i], coordinates, scale, i === 0)
      : placeholderPanel({ text: `(${PANEL_LETTERS[i]}) ${labels[i]}` }, "no per-coordinate curves: run with perClass (--per-class)"),
  );
  const finals = finalRows(result, labels).map((r) => r.value);
  if (finals.length > 0) panels.push(finalPanel(result, labels, valueScale(finals, { floor: RELATIVE_FLOOR })));
  const settings = problemSettings(result.config.config, result.config.seed);
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: plotConfig,
    title: {
      text: "Weighted quadratic Σ_k π_k ½(w_k − w*_k)²: each coordinate's loss ℓ_k = ½(w_k − w*_k)² relative to its start",
      subtitle: [
        `${settings ? `${settings} · ` : ""}${result.config.steps} steps · ${result.backend} · coordinates coloured from most (light) to least (dark) weight`,
        `values below ${formatShort(RELATIVE_FLOOR)} (f32 rounding) drawn at ${formatShort(RELATIVE_FLOOR)}`,
      ],
      fontSize: FONT_SIZE.figureTitle,
      subtitleFontSize: FONT_SIZE.subtitle,
      offset: 14,
    },
    columns: 2,
    concat: panels,
    resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
  };
}

export const QUADRATIC_FIGURE = declareFigure<ProblemRunResult>({
  name: "quadratic",
  result: "run",
  description: "per-coordinate loss curves (quadratic, --per-class)",
  declaredByProblem: true,
  drawable: (r) => r.runs.some((run) => run.perClass?.loss) && Boolean(r.classes?.frequencies),
  build: quadraticFigure,
});
