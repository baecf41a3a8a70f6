// The rank–frequency figure of a corpus (zipflab corpus): word frequency against rank on
// log–log axes, the least-squares Zipf line over ranks 1..V − 1, the vocabulary cut at rank
// V − 1 and the unknown class's share drawn as a point at its own rank. Pure: stats in, spec out.
import { argInteger, argNumber, argNumbers, argObject } from "../../../config/args.js";
import type { TopLevelSpec } from "vega-lite";
import { VEGA_LITE_SCHEMA } from "../../common/vega-lite.js";
import { INK, PANEL_HEIGHT, PANEL_WIDTH, plotConfig } from "../../common/theme.js";
import { LOG_LABEL_EXPR, logTicks } from "../../common/scales.js";

export interface RankFrequencyInput {
  name: string;
  tokens: number;
  vocab: number;
  /** Occurrences of every distinct word, most frequent first. */
  typeCounts: ArrayLike<number>;
  zipfExponent: number;
  zipfIntercept: number;
  unknownShare: number;
  unknownRank: number;
}

/** At most ~400 points: every rank up to 100, then log-spaced ranks. */
function sampledRanks(n: number): number[] {
  const out: number[] = [];
  for (let r = 1; r <= Math.min(n, 100); r++) out.push(r);
  for (let x = Math.log(101); x < Math.log(n); x += Math.log(n / 100) / 300) {
    const r = Math.round(Math.exp(x));
    if (r > out[out.length - 1]) out.push(r);
  }
  if (n > out[out.length - 1]) out.push(n);
  return out;
}

export function rankFrequencyFigure(c: RankFrequencyInput): TopLevelSpec {
  argObject("c", c, "corpus statistics with typeCounts (corpusStats)");
  argNumbers("c.typeCounts", c.typeCounts, { min: 0, open: true });
  argInteger("c.tokens", c.tokens, 1);
  argInteger("c.vocab", c.vocab, 2);
  argNumber("c.zipfExponent", c.zipfExponent);
  argNumber("c.zipfIntercept", c.zipfIntercept);
  argNumber("c.unknownShare", c.unknownShare, 0, 1);
  const n = c.typeCounts.length;
  const words = sampledRanks(n).map((r) => ({
    rank: r,
    frequency: c.typeCounts[r - 1] / c.tokens,
    series: r < c.vocab ? `in the vocabulary (ranks 1..${c.vocab - 1})` : "→ unknown class",
  }));
  const line = [1, c.vocab - 1].map((r) => ({
    rank: r,
    frequency: (Math.exp(c.zipfIntercept) * r ** -c.zipfExponent) / c.tokens,
    series: `fit: frequency ∝ rank^(−${c.zipfExponent.toFixed(2)})`,
  }));
  const unknown = [
    { rank: c.unknownRank, frequency: c.unknownShare, series: `unknown class (${(100 * c.unknownShare).toFixed(1)}% of tokens)` },
  ];
  const lo = Math.min(...words.map((w) => w.frequency)) / 2;
  const x = {
    field: "rank",
    type: "quantitative" as const,
    title: "rank (log)",
    scale: { type: "log" as const, domain: [1, n * 1.5], nice: false },
    axis: { values: logTicks(1, n * 1.5), labelExpr: LOG_LABEL_EXPR },
  };
  const y = {
    field: "frequency",
    type: "quantitative" as const,
    title: "frequency (share of tokens, log)",
    scale: { type: "log" as const, domain: [lo, 1], nice: false },
    axis: { values: logTicks(lo, 1), labelExpr: LOG_LABEL_EXPR },
  };
  const domain = [words[0].series, "→ unknown class", line[0].series, unknown[0].series].filter((s, i, a) => a.indexOf(s) === i);
  const color = {
    field: "series",
    type: "nominal" as const,
    scale: { domain, range: ["#355f8d", "#bab0ac", "#d1495b", "#f28e2b"] },
    legend: { title: null, orient: "bottom-left" as const, labelLimit: 360 },
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: plotConfig,
    title: {
      text: `${c.name}: rank–frequency at V = ${c.vocab}`,
      subtitle: `${c.tokens.toLocaleString("en-US")} tokens, ${n.toLocaleString("en-US")} distinct words; vocabulary cut at rank ${c.vocab - 1}`,
    },
    width: PANEL_WIDTH * 1.3,
    height: PANEL_HEIGHT * 1.4,
    layer: [
      { data: { values: words }, mark: { type: "point", filled: true, size: 14, opacity: 0.8 }, encoding: { x, y, color } },
      { data: { values: line }, mark: { type: "line", strokeWidth: 2 }, encoding: { x, y, color } },
      { data: { values: [{ rank: c.vocab - 1 }] }, mark: { type: "rule", strokeDash: [4, 4], color: INK.reference }, encoding: { x } },
      { data: { values: unknown }, mark: { type: "point", shape: "diamond", filled: true, size: 120 }, encoding: { x, y, color } },
    ],
  } as TopLevelSpec;
}
