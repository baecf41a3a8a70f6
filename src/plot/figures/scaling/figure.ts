// The scaling figure (phenomenon 3): steps to relative loss ε against vocabulary size d on
// log–log axes, the full-batch bigram square loss. One panel per Zipf exponent α at one ε:
// every optimizer's points and fitted line, its exponent b (with a 95% interval) in the
// legend; theory's exponent dashed where known (GD with η = 1/π₁ at α = 1: d^(1−ε), Kunstner
// & Bach 2025). A last panel checks that theory across every ε. Pure: result in, JSON out.
import { argNumbers, argResult } from "../../../config/args.js";
import type { TopLevelSpec } from "vega-lite";
import { type VegaLitePanel, VEGA_LITE_SCHEMA, placeholderPanel } from "../../common/vega-lite.js";
import { FONT_SIZE, INK, PANEL_HEIGHT, PANEL_WIDTH, frequencyColors, plotConfig } from "../../common/theme.js";
import { LOG_LABEL_EXPR, logTicks } from "../../common/scales.js";
import { PANEL_LETTERS } from "../groups/figure.js";
import {
  type ScalingFigureInput,
  type ScalingFitInput,
  exponentText,
  lineRows,
  panelEps,
  pointRows,
  seriesLabel,
  theoryText,
} from "./data.js";
import { declareFigure } from "../../common/declaration.js";

/** Series colours: GD reds, sign descent greens (even light, odd dark), Adam teal, as elsewhere. */
const SERIES_COLORS: Record<string, string> = {
  "sgd/1/pi1/any": "#d1495b",
  "sgd/tuned/any": "#f28e2b",
  "sign/tuned/even": "#8cc084",
  "sign/tuned/odd": "#386641",
  "adam/tuned/any": "#00798c",
};
const OTHER_COLORS = ["#4c78a8", "#b279a2", "#9d755d", "#bab0ac"];

function seriesColor(f: ScalingFitInput, i: number): string {
  return SERIES_COLORS[`${f.optimizer}/${f.lrRule}/${f.parity}`] ?? OTHER_COLORS[i % OTHER_COLORS.length];
}

interface Entry {
  fit: ScalingFitInput;
  label: string;
  color: string;
  /** Legend entry of its dashed theory line, or null to draw none. */
  theory: string | null;
}

function logAxis(field: string, title: string, values: readonly number[]) {
  const lo = Math.min(...values) / 1.5;
  const hi = Math.max(...values) * 1.5;
  const domain: [number, number] = [lo, hi];
  return {
    field,
    type: "quantitative" as const,
    title,
    scale: { type: "log" as const, domain, nice: false },
    axis: { values: logTicks(lo, hi), labelExpr: LOG_LABEL_EXPR },
  };
}

/** Points, fitted lines and theory lines of some fits, with the exponents in the legend. */
function scalingPanel(entries: readonly Entry[], title: { text: string; subtitle?: string | string[] }): VegaLitePanel {
  const points = entries.flatMap((e) => pointRows(e.fit, e.label));
  const lines = entries.flatMap((e) => lineRows(e.fit, e.label, e.fit.theory !== null ? (e.theory ?? "") : ""));
  if (points.length === 0) return placeholderPanel(title, "no point reached its ε");
  const theory = [...new Set(lines.filter((l) => l.kind === "theory").map((l) => l.series))];
  const domain = [...entries.map((e) => e.label), ...theory];
  const range = [...entries.map((e) => e.color), ...theory.map(() => INK.reference)];
  const color = {
    field: "series",
    type: "nominal" as const,
    scale: { domain, range },
    legend: { title: "fit ln t = a + b ln d", symbolType: "stroke", labelLimit: 360 },
  };
  const x = logAxis("d", "vocabulary size d (log)", [...points.map((p) => p.d), ...lines.map((l) => l.d)]);
  const y = logAxis("steps", "steps to reach ε (log)", [...points.map((p) => p.steps), ...lines.map((l) => l.steps)]);
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title,
    layer: [
      {
        data: { values: lines },
        mark: { type: "line", clip: true, strokeWidth: 1.6 },
        encoding: {
          x,
          y,
          color,
          detail: { field: "line" },
          strokeDash: {
            field: "kind",
            type: "nominal",
            scale: {
              domain: ["fit", "theory"],
              range: [
                [1, 0],
                [6, 4],
              ],
            },
            legend: null,
          },
        },
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 45, opacity: 0.95 },
        encoding: { x, y, color, tooltip: [{ field: "series" }, { field: "d" }, { field: "steps" }] },
      },
    ],
  };
}

export function scalingFigure(result: ScalingFigureInput): TopLevelSpec {
  argResult("result", result, "a scaling result (runScaling, zipflab scaling --json)", { lists: ["fits"], objects: ["config"] });
  argNumbers("result.config.alphas", result.config.alphas);
  argNumbers("result.config.eps", result.config.eps);
  const eps = panelEps(result.config.eps);
  const kinds = [...new Map(result.fits.map((f) => [`${f.optimizer}/${f.lrRule}/${f.parity}`, f])).values()];
  const entryOf = (f: ScalingFitInput): Entry => {
    const i = kinds.findIndex((k) => k.optimizer === f.optimizer && k.lrRule === f.lrRule && k.parity === f.parity);
    // Theory is stated for η = 1/π₁ (phenomenon 3): one dashed line per panel, not one per series.
    const theory = f.theory !== null && f.lrRule === "1/pi1" ? `${seriesLabel(f)}: ${theoryText(f.theory)}, dashed` : null;
    return { fit: f, label: `${seriesLabel(f)}: ${exponentText(f)}`, color: seriesColor(f, i), theory };
  };
  const panels: VegaLitePanel[] = result.config.alphas.map((alpha, i) => {
    const fits = result.fits.filter((f) => f.alpha === alpha && f.eps === eps);
    const steepest = fits.filter((f) => f.fit).sort((a, b) => b.fit!.b - a.fit!.b)[0];
    return scalingPanel(fits.map(entryOf), {
      text: `(${PANEL_LETTERS[i]}) α = ${alpha}, ε = ${eps}`,
      subtitle: steepest ? `steepest growth: ${seriesLabel(steepest)}, ${exponentText(steepest)}` : undefined,
    });
  });
  // Theory across ε: GD with η = 1/π₁ wherever an exponent is predicted.
  const predicted = result.fits.filter((f) => f.theory !== null && f.fit);
  if (predicted.length > 0) {
    const alpha = predicted[0].alpha;
    const mine = predicted
      .filter((f) => f.alpha === alpha && f.optimizer === predicted[0].optimizer && f.lrRule === predicted[0].lrRule)
      .sort((a, b) => b.eps - a.eps);
    const colors = frequencyColors(mine.length);
    const entries = mine.map((f, i) => ({
      fit: f,
      label: `ε = ${f.eps}: ${exponentText(f)} (theory ${f.theory!.toFixed(2)})`,
      color: colors[i],
      theory: "theory d^(1−ε), dashed",
    }));
    panels.push(
      scalingPanel(entries, {
        text: `(${PANEL_LETTERS[panels.length]}) ${seriesLabel(mine[0])} at α = ${alpha}: each ε against theory`,
        subtitle: "dashed: theory's d^(1−ε) through the fit's middle (Kunstner & Bach, 2025)",
      }),
    );
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: plotConfig,
    title: {
      text: "Steps to relative loss ε against vocabulary size d: full-batch bigram square loss, log–log",
      subtitle: [
        `fits ln t = a + b·ln d with 95% intervals for the exponent b; R(t) = (L(W_t) − L*)/(L(W_0) − L*)`,
        "sign descent zig-zags, so its even and odd steps are counted apart; targets never reached are left out of the fits",
      ],
      fontSize: FONT_SIZE.figureTitle,
      subtitleFontSize: FONT_SIZE.subtitle,
      offset: 14,
    },
    columns: 2,
    concat: panels,
    resolve: {
      scale: { color: "independent", strokeDash: "independent", x: "independent", y: "independent" },
      legend: { color: "independent" },
    },
  };
}

export const SCALING_FIGURE = declareFigure<ScalingFigureInput>({
  name: "scaling",
  result: "scaling",
  description: "steps to ε against d, log–log, fitted exponents",
  build: scalingFigure,
});
