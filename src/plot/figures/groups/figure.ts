// The per-frequency-group figure (phenomenon 4, like figure 1 of the papers): (a) the classes'
// frequencies by rank, coloured by the group they fall in, then one panel per optimizer with
// each group's loss over the steps, coloured from the most frequent group (light) to the
// rarest (dark), on one y scale so panels compare. Pure: result in, Vega-Lite JSON out.
import { argResult } from "../../../config/args.js";
import type { TopLevelSpec } from "vega-lite";
import { type VegaLitePanel, VEGA_LITE_SCHEMA, placeholderPanel } from "../../common/vega-lite.js";
import { FONT_SIZE, plotConfig } from "../../common/theme.js";
import { type GroupResult, frequencySegments, groupCurve, groupLabels, groupValueKind, perGroupOptimum } from "./data.js";
import { frequencyHistogramPanel, groupCurvesPanel, overallLossPanel } from "./panels.js";
import { RELATIVE_FLOOR, groupFigureTitle, groupPanelTitle, histogramTitle } from "./titles.js";
import { runLabels } from "../../common/run-labels.js";
import { isFullBatch } from "../../../problems/shared/fields.js";
import { formatShort, valueScale } from "../../common/scales.js";
import { declareFigure } from "../../common/declaration.js";

/** The loss axis ends this factor above the highest group loss at step 0. */
const HEADROOM = 1.1;

export const PANEL_LETTERS = "abcdefghijklmnopqrstuvwxyz";

export interface GroupFigureOptions {
  /** A panel of every run's total loss (and held-out loss) after the frequencies, as in the papers' figure 1. */
  overall?: boolean;
}

export function groupLossFigure(result: GroupResult, options: GroupFigureOptions = {}): TopLevelSpec {
  argResult("result", result, "a run result (runProblemExperiment, zipflab run --json)", {
    experiment: "run",
    lists: ["runs"],
    objects: ["config"],
  });
  const labels = groupLabels(result);
  const kind = groupValueKind(result);
  const names = runLabels(
    result.runs.map((r) => r.optimizer),
    isFullBatch(result.config.config),
  );
  const values = result.runs.flatMap((run) => labels.flatMap((_, g) => groupCurve(result, run, g)));
  // Loss curves: a linear axis from the lowest loss to a little above the highest start, so
  // one run's early spike (clipped) does not squash the gaps between groups that matter.
  const starts = result.runs.flatMap((run) => labels.map((_, g) => groupCurve(result, run, g)[0] ?? null));
  // Excess over each group's own optimum can be negative: a linear axis around [0, 1].
  const scale = perGroupOptimum(result)
    ? valueScale(values, { linear: true, cap: HEADROOM * Math.max(1, ...starts.filter((v): v is number => v !== null)) })
    : kind === "relative"
      ? valueScale(values, { floor: RELATIVE_FLOOR })
      : valueScale(values, {
          cap: HEADROOM * Math.max(-Infinity, ...starts.filter((v): v is number => v !== null)) || Infinity,
          zero: false,
        });
  const segments = frequencySegments(result, labels);
  const classIs = result.classes?.classIs ?? "class";

  const histogram: VegaLitePanel =
    segments.length > 0
      ? frequencyHistogramPanel(segments, labels, classIs, histogramTitle(result))
      : placeholderPanel({ text: "(a) Class frequencies" }, "this problem has no classes to group");
  const overall: VegaLitePanel[] = [];
  if (options.overall) {
    const losses = result.runs.flatMap((r) => [...r.loss, ...(r.validationLoss ?? [])]);
    const initial = Math.max(-Infinity, ...result.runs.map((r) => r.initialLoss ?? -Infinity));
    const ends = result.runs.map(
      (r, i) =>
        `${names[i].split(",")[0]} ${formatShort(r.finalLoss ?? NaN)}${r.validationLoss ? ` (held-out ${formatShort(r.validationLoss.at(-1) ?? NaN)})` : ""}`,
    );
    overall.push(
      overallLossPanel(result, names, valueScale(losses, { zero: false, cap: HEADROOM * initial || Infinity }), {
        text: `(b) Overall loss${result.runs.some((r) => r.validationLoss) ? ": training (solid) and held-out (dashed)" : ""}`,
        subtitle: `at step ${result.config.steps}: ${ends.join(" · ")}`,
      }),
    );
  }
  const first = 1 + overall.length;
  const curves: VegaLitePanel[] = result.runs.map((run, i) =>
    run.groupLoss
      ? groupCurvesPanel(
          result,
          run,
          labels,
          scale,
          kind === "relative" && !perGroupOptimum(result) ? RELATIVE_FLOOR : 0,
          groupPanelTitle(PANEL_LETTERS[i + first], names, i, result),
        )
      : placeholderPanel({ text: `(${PANEL_LETTERS[i + first]}) ${names[i]}` }, "no group losses in this run"),
  );
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: plotConfig,
    title: { ...groupFigureTitle(result, names), fontSize: FONT_SIZE.figureTitle, subtitleFontSize: FONT_SIZE.subtitle, offset: 14 },
    ...(overall.length === 0 ? { columns: 2 } : {}),
    ...(overall.length === 0
      ? { concat: [histogram, ...curves] }
      : {
          // frequencies and overall loss side by side (colours: groups, optimizers), then the
          // group panels sharing one colour scale
          vconcat: [
            { hconcat: [histogram, ...overall], resolve: { scale: { color: "independent" }, legend: { color: "independent" } } },
            { columns: 2, concat: curves },
          ],
          resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
        }),
  };
}

export const GROUPS_FIGURE = declareFigure<GroupResult>({
  name: "groups",
  result: "run",
  description: "loss per frequency group, a panel per optimizer",
  drawable: (r) => Boolean(r.groups),
  build: groupLossFigure,
});
