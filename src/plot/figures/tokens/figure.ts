// The six-token figure (phenomenon 1) as one Vega-Lite spec, 2×2:
//   (a) SGD weight trajectories     (b) final |error| per token, every run side by side
//   (c) Adam weight trajectories    (d) Adam's effective lr against frequency, log–log
// Which runs: (a) the run named "sgd", else the first run without a preconditioner, else the
// first run; (c, d) the run named "adam" with an effective lr, else the first run with one.
// Without an adaptive run, (c) shows the first run other than (a)'s and (d) says why it is empty.
// Pure: the result in, JSON out, so a browser can render the same spec.
import { argResult } from "../../../config/args.js";
import type { TopLevelSpec } from "vega-lite";
import { type VegaLitePanel, VEGA_LITE_SCHEMA, placeholderPanel } from "../../common/vega-lite.js";
import { FONT_SIZE, plotConfig } from "../../common/theme.js";
import { pickAdaptiveRun, pickPlainRun, plottedTokens, runLabels } from "./data.js";
import { effectiveLrPanel, errorPanel, trajectoryPanel } from "./panels.js";
import { effectiveLrTitle, errorTitle, figureTitle, trajectoryTitle } from "./titles.js";
import type { TokensResult } from "../../../results/tokens.js";
import { declareFigure } from "../../common/declaration.js";

export function tokensFigure(result: TokensResult): TopLevelSpec {
  argResult("result", result, "a tokens result (runTokensExperiment, zipflab tokens --json)", {
    experiment: "tokens",
    lists: ["runs"],
    objects: ["config"],
  });
  const { runs } = result;
  const labels = runLabels(runs);
  const labelOf = (run: (typeof runs)[number]) => labels[runs.indexOf(run)];
  const tokens = plottedTokens(result);
  const plain = pickPlainRun(runs);
  const adaptive = pickAdaptiveRun(runs);
  const second = adaptive ?? runs.find((r) => r !== plain) ?? null;

  const a: VegaLitePanel = plain
    ? trajectoryPanel(plain, tokens, trajectoryTitle("a", labelOf(plain), plain, tokens))
    : placeholderPanel({ text: "(a) weight trajectories" }, "no runs in this result");
  const b: VegaLitePanel =
    runs.length > 0
      ? errorPanel(runs, labels, tokens, errorTitle(runs, labels, tokens))
      : placeholderPanel({ text: "(b) final |w − w*| per token" }, "no runs in this result");
  const c: VegaLitePanel = second
    ? trajectoryPanel(second, tokens, trajectoryTitle("c", labelOf(second), second, tokens))
    : placeholderPanel({ text: "(c) weight trajectories" }, "only one optimizer was run");
  // Plain SGD (no momentum) at the same η moves every token with step η: say so on (d)'s rule.
  const sameStepSgd = plain?.optimizer.name === "sgd" && !plain.optimizer.momentum && plain.optimizer.lr === adaptive?.optimizer.lr;
  const d: VegaLitePanel = adaptive
    ? effectiveLrPanel(adaptive, tokens, effectiveLrTitle(labelOf(adaptive), adaptive, tokens), sameStepSgd ? "SGD's, for every token" : "")
    : placeholderPanel({ text: "(d) effective learning rate per token" }, "no adaptive optimizer was run");

  return {
    $schema: VEGA_LITE_SCHEMA,
    config: plotConfig,
    title: {
      ...figureTitle(result, plain ? labelOf(plain) : "?", adaptive ? labelOf(adaptive) : null, tokens),
      fontSize: FONT_SIZE.figureTitle,
      subtitleFontSize: FONT_SIZE.subtitle,
      offset: 14,
    },
    columns: 2,
    concat: [a, b, c, d],
    // Token colours are one shared scale (one legend); (b)'s optimizer fill is its own.
    resolve: { scale: { fill: "independent" }, legend: { fill: "independent" } },
  };
}

export const TOKENS_FIGURE = declareFigure<TokensResult>({
  name: "tokens",
  result: "tokens",
  description: "SGD's and Adam's weights, errors, effective learning rates",
  build: tokensFigure,
});
