// The three kinds of panel in the six-token figure: weight trajectories (a, c), final
// |error| per token and optimizer (b), and effective learning rate against frequency (d).
import { type VegaLitePanel, type PanelTitle, decadeTicks, frequencyColorScale } from "../../common/vega-lite.js";
import { FONT_SIZE, INK, PANEL_HEIGHT, PANEL_WIDTH, optimizerColor } from "../../common/theme.js";
import { dejaVuSansWidth } from "../../common/text-width.js";
import { type PlottedToken, effectiveLrRows, errorRows, finiteOrNull, formatNumber, trajectoryRows } from "./data.js";
import type { TokensRun } from "../../../results/tokens.js";

const TOKEN_LEGEND = { title: "token (frequency)", symbolType: "stroke" } as const;

function tokenColor(tokens: readonly PlottedToken[]) {
  return {
    field: "token",
    type: "nominal",
    scale: frequencyColorScale(tokens.map((t) => t.label)),
    legend: TOKEN_LEGEND,
  } as const;
}

/**
 * Weight axis: from the data, 0 and the true weights, but never more than two "spans" of the
 * true weights beyond them, so one run that blew up does not flatten every other line (clipped).
 */
function weightDomain(weights: (number | null)[], trueWeights: number[]): [number, number] {
  const lo0 = Math.min(0, ...trueWeights);
  const hi0 = Math.max(0, ...trueWeights);
  const span = hi0 - lo0 || 1;
  let lo = lo0;
  let hi = hi0;
  for (const w of weights) {
    if (w === null) continue;
    lo = Math.min(lo, w);
    hi = Math.max(hi, w);
  }
  return [Math.max(lo, lo0 - 2 * span), Math.min(hi, hi0 + 2 * span)];
}

const MAX_LABELLED_RULES = 3;

/** Weights of each plotted token over the steps of one run, dashed rules at the true weights. */
export function trajectoryPanel(run: TokensRun, tokens: readonly PlottedToken[], title: PanelTitle): VegaLitePanel {
  const rows = trajectoryRows(run, tokens);
  const distinct = [...new Set(tokens.map((t) => t.trueWeight))];
  // One label per rule while they fit; beyond a few rules their labels would overprint.
  const labelEach = distinct.length <= MAX_LABELLED_RULES;
  const targets = distinct.map((w) => ({ w, text: labelEach ? `w* = ${formatNumber(w)}` : "" }));
  if (!labelEach) targets[targets.length - 1].text = "dashed: true weights w*";
  const domain = weightDomain(
    rows.map((r) => r.weight),
    targets.map((t) => t.w),
  );
  const y = { field: "w", type: "quantitative", title: "weight w", scale: { domain } } as const;
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title,
    layer: [
      {
        data: { values: rows },
        mark: { type: "line", clip: true, interpolate: "linear" },
        encoding: {
          x: { field: "step", type: "quantitative", title: "step" },
          y: { field: "weight", type: "quantitative", title: "weight w", scale: { domain } },
          color: tokenColor(tokens),
        },
      },
      {
        data: { values: targets },
        mark: { type: "rule", strokeDash: [6, 4], color: INK.reference, strokeWidth: 1.2, opacity: 0.9 },
        encoding: { y },
      },
      {
        data: { values: targets },
        mark: { type: "text", align: "right", baseline: "bottom", dx: -4, dy: -3, fontSize: FONT_SIZE.annotation, color: INK.reference },
        encoding: { x: { value: PANEL_WIDTH }, y, text: { field: "text", type: "nominal" } },
      },
    ],
  };
}

/** Decades an error bar axis must span before it becomes logarithmic. */
const LOG_IF_DECADES = 2;

/** Grouped bars: final |w − w*| per token (most → least frequent), one bar per run. */
export function errorPanel(
  runs: readonly TokensRun[],
  labels: readonly string[],
  tokens: readonly PlottedToken[],
  title: PanelTitle,
): VegaLitePanel {
  const errors = runs.flatMap((r) => tokens.map((t) => finiteOrNull(r.absError[t.index])));
  const positive = errors.filter((e): e is number => e !== null && e > 0);
  const max = positive.length > 0 ? Math.max(...positive) : 1;
  const min = positive.length > 0 ? Math.min(...positive) : 1;
  const log = max / min >= 10 ** LOG_IF_DECADES;
  // On a log axis a zero error is drawn at the floor (a bar of no height) and labelled 0.
  const floor = log ? 10 ** Math.floor(Math.log10(min / 2)) : 0;
  const rows = errorRows(runs, labels, tokens, floor);
  const y = {
    field: "shown",
    type: "quantitative" as const,
    title: log ? "final |w − w*| (log scale)" : "final |w − w*|",
    scale: log ? { type: "log" as const, domain: [floor, max * 3] } : { zero: true },
    axis: { values: log ? decadeTicks(floor, max * 3, true) : undefined },
  };
  const x = {
    field: "token",
    type: "nominal",
    sort: tokens.map((t) => t.name),
    title: "token, most → least frequent",
    axis: { labelAngle: -30 },
  } as const;
  const xOffset = { field: "optimizer", type: "nominal", sort: [...labels] } as const;
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title,
    data: { values: rows },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          x,
          xOffset,
          y,
          y2: { datum: floor },
          fill: {
            field: "optimizer",
            type: "nominal",
            scale: { domain: [...labels], range: runs.map((r, i) => optimizerColor(r.optimizer.name, i)) },
            legend: { title: "optimizer", orient: "top-left", fillColor: "white" },
          },
          tooltip: [{ field: "token" }, { field: "optimizer" }, { field: "error", title: "|w − w*|", format: ".3~g" }],
        },
      },
      {
        // A zero error has no bar on a log axis; say so where the bar would be.
        transform: [{ filter: "datum.error === 0" }],
        mark: { type: "text", baseline: "bottom", dy: -2, fontSize: FONT_SIZE.annotation, color: INK.muted },
        encoding: { x, xOffset, y, text: { value: "0" } },
      },
    ],
  };
}

function effectiveLrAxisTitle(run: TokensRun): string {
  const name = run.optimizer.name;
  return name === "adam" || name === "adamw" ? "effective lr η/(√v̂ + ε) at the end" : `${name}'s effective lr at the end`;
}

/** Point labels overprint when many tokens crowd a decade; the legend names them then. */
const MAX_POINT_LABELS = 8;

/** Pixels between a point's centre and its label, and beyond the label to the next point's edge. */
const LABEL_GAP = 8;
const POINT_CLEARANCE = 7;

/**
 * Whether each point label of panel (d) goes below-left of its point instead of right of it:
 * the rightmost point's (right of it is the plot's edge), and any whose right-hand neighbour is
 * nearer than the label is wide ("model" at 0.6 would run into "the" at 0.95). Positions are
 * those of the panel's log x axis, whose domain Vega rounds out to whole decades.
 */
export function labelsBelowLeft(frequencies: readonly number[], names: readonly string[], width = PANEL_WIDTH): boolean[] {
  const logs = frequencies.map((f) => Math.log10(f));
  const lo = Math.floor(Math.min(...logs));
  const hi = Math.max(lo + 1, Math.ceil(Math.max(...logs)));
  const px = logs.map((l) => ((l - lo) / (hi - lo)) * width);
  return px.map((x, i) => {
    const right = px.filter((other, j) => j !== i && (other > x || (other === x && j > i)));
    if (right.length === 0) return true;
    return Math.min(...right) - x < LABEL_GAP + dejaVuSansWidth(names[i], FONT_SIZE.annotation) + POINT_CLEARANCE;
  });
}

/**
 * Log–log: each token's effective learning rate at the end against its frequency; the nominal
 * η as a rule, with `ruleNote` after its label (e.g. that plain SGD steps every token by η).
 */
export function effectiveLrPanel(run: TokensRun, tokens: readonly PlottedToken[], title: PanelTitle, ruleNote = ""): VegaLitePanel {
  const rows = effectiveLrRows(run, tokens);
  const lr = run.optimizer.lr;
  const nominal = [{ lr, text: `nominal η = ${formatNumber(lr)}${ruleNote ? ` (${ruleNote})` : ""}` }];
  // Labels sit right of their points, or below-left where the right has no room (labelsBelowLeft).
  const below = labelsBelowLeft(
    rows.map((r) => r.frequency),
    rows.map((r) => r.name),
  );
  const labelled = rows.map((r, i) => ({ ...r, below: below[i] }));
  const frequencies = rows.map((r) => r.frequency);
  const rates = [lr, ...rows.map((r) => r.effectiveLr)];
  const x = {
    field: "frequency",
    type: "quantitative",
    scale: { type: "log" },
    title: "token frequency (presence probability, log)",
    axis: { values: decadeTicks(Math.min(...frequencies), Math.max(...frequencies)) },
  } as const;
  const yScale = { type: "log" } as const;
  const y = {
    field: "effectiveLr",
    type: "quantitative",
    scale: yScale,
    title: `${effectiveLrAxisTitle(run)} (log)`,
    axis: { values: decadeTicks(Math.min(...rates), Math.max(...rates)) },
  } as const;
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title,
    layer: [
      {
        data: { values: nominal },
        mark: { type: "rule", strokeDash: [6, 4], color: INK.reference, strokeWidth: 1.2 },
        encoding: { y: { field: "lr", type: "quantitative", scale: yScale, title: y.title } },
      },
      {
        data: { values: nominal },
        mark: { type: "text", align: "right", baseline: "bottom", dx: -4, dy: -3, fontSize: FONT_SIZE.annotation, color: INK.reference },
        encoding: {
          x: { value: PANEL_WIDTH },
          y: { field: "lr", type: "quantitative", scale: yScale, title: y.title },
          text: { field: "text", type: "nominal" },
        },
      },
      {
        data: { values: labelled },
        layer: [
          {
            mark: { type: "line", color: "#aaaaaa", strokeWidth: 1 },
            encoding: { x, y, order: { field: "frequency", type: "quantitative" } },
          },
          {
            mark: { type: "point", size: 80, filled: true, stroke: "white", strokeWidth: 0.8, opacity: 1 },
            encoding: {
              x,
              y,
              color: tokenColor(tokens),
              tooltip: [
                { field: "name", title: "token" },
                { field: "frequency", format: ".3~g" },
                { field: "effectiveLr", title: "effective lr", format: ".3~g" },
              ],
            },
          },
          ...(rows.length > MAX_POINT_LABELS
            ? []
            : [
                {
                  mark: {
                    type: "text",
                    fontSize: FONT_SIZE.annotation,
                    color: INK.text,
                    baseline: "middle",
                    align: { expr: "datum.below ? 'right' : 'left'" },
                    dx: { expr: `datum.below ? ${-LABEL_GAP} : ${LABEL_GAP}` },
                    dy: { expr: "datum.below ? 10 : 0" },
                  },
                  encoding: { x, y, text: { field: "name", type: "nominal" } },
                } as const,
              ]),
        ],
      },
    ],
  };
}
