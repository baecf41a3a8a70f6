// The scaling law on a corpus beside the synthetic Zipf law: steps to ε against V on log–log
// axes, one panel per ε; the corpus's series filled with solid fitted lines, the synthetic
// law's hollow with dashed lines, the fitted exponents in the legend. Pure: result in, spec out.
import type { TopLevelSpec } from "vega-lite";
import { VEGA_LITE_SCHEMA } from "../../common/vega-lite.js";
import { PANEL_HEIGHT, PANEL_WIDTH, plotConfig } from "../../common/theme.js";
import { LOG_LABEL_EXPR, logTicks } from "../../common/scales.js";
import { declareFigure } from "../../common/declaration.js";

interface FitLike {
  optimizer: string;
  lrRule: string;
  parity: string;
  eps: number;
  ds: number[];
  steps: (number | null)[];
  fit: { a: number; b: number; ci: [number, number] | null } | null;
}

export interface CorpusScalingFigureInput {
  config: { corpus: string; eps: number[] };
  fits: FitLike[];
  synthetic: { fits: (FitLike & { alpha: number })[] };
}

const COLORS: Record<string, string> = {
  "sgd/1/pi1/any": "#d1495b",
  "sgd/tuned/any": "#f28e2b",
  "sign/tuned/even": "#8cc084",
  "sign/tuned/odd": "#386641",
};
const name = (f: FitLike) =>
  `${f.optimizer === "sgd" ? "SGD" : "sign"}, ${f.lrRule === "1/pi1" ? "η=1/π₁" : "tuned"}${f.parity === "any" ? "" : `, ${f.parity}`}`;
const b = (f: FitLike) =>
  f.fit ? `b = ${f.fit.b.toFixed(2)}${f.fit.ci ? ` [${f.fit.ci[0].toFixed(2)}, ${f.fit.ci[1].toFixed(2)}]` : ""}` : "no fit";

/** A corpus as legends name it: brown, or a file's name without its folders (a temporary path would crowd out the exponents). */
export function corpusLabel(corpus: string): string {
  return corpus.split(/[\\/]/).pop() || corpus;
}

export function corpusScalingFigure(r: CorpusScalingFigureInput): TopLevelSpec {
  const corpus = corpusLabel(r.config.corpus);
  const panels = r.config.eps.map((eps) => {
    const mine = r.fits.filter((f) => f.eps === eps);
    const theirs = r.synthetic.fits.filter((f) => f.eps === eps && f.alpha === 1 && COLORS[`${f.optimizer}/${f.lrRule}/${f.parity}`]);
    const rows: Record<string, unknown>[] = [];
    const lines: Record<string, unknown>[] = [];
    const domain: string[] = [],
      range: string[] = [];
    for (const [source, fits] of [
      [corpus, mine],
      ["Zipf α=1", theirs],
    ] as const) {
      for (const f of fits) {
        const series = `${source}: ${name(f)}: ${b(f)}`;
        domain.push(series);
        range.push(COLORS[`${f.optimizer}/${f.lrRule}/${f.parity}`] ?? "#4c78a8");
        f.ds.forEach((d, j) => {
          if (f.steps[j] !== null && f.steps[j]! >= 1) rows.push({ series, source, d, steps: f.steps[j] });
        });
        if (f.fit) {
          const lo = Math.min(...f.ds),
            hi = Math.max(...f.ds);
          for (const d of [lo, hi]) lines.push({ series, source, d, steps: Math.exp(f.fit.a) * d ** f.fit.b });
        }
      }
    }
    const values = [...rows.map((x) => x.steps as number), ...lines.map((x) => x.steps as number)];
    const ds = rows.map((x) => x.d as number);
    const yLo = Math.min(...values) / 1.5,
      yHi = Math.max(...values) * 1.5;
    const xLo = Math.min(...ds) / 1.3,
      xHi = Math.max(...ds) * 1.3;
    const x = {
      field: "d",
      type: "quantitative" as const,
      title: "vocabulary size V (log)",
      scale: { type: "log" as const, domain: [xLo, xHi], nice: false },
      axis: { values: logTicks(xLo, xHi), labelExpr: LOG_LABEL_EXPR },
    };
    const y = {
      field: "steps",
      type: "quantitative" as const,
      title: "steps to reach ε (log)",
      scale: { type: "log" as const, domain: [yLo, yHi], nice: false },
      axis: { values: logTicks(yLo, yHi), labelExpr: LOG_LABEL_EXPR },
    };
    const color = {
      field: "series",
      type: "nominal" as const,
      scale: { domain, range },
      legend: { title: "fit: steps ∝ V^b (95% interval)", titleLimit: 420, labelLimit: 420, symbolType: "stroke" },
    };
    const dash = {
      field: "source",
      type: "nominal" as const,
      scale: {
        domain: [corpus, "Zipf α=1"],
        range: [
          [1, 0],
          [5, 4],
        ],
      },
      legend: null,
    };
    return {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      title: { text: `ε = ${eps}`, subtitle: `${corpus}: filled points, solid lines; synthetic Zipf α = 1: hollow, dashed` },
      layer: [
        {
          data: { values: lines },
          mark: { type: "line", strokeWidth: 1.6, clip: true },
          encoding: { x, y, color, strokeDash: dash, detail: { field: "series" } },
        },
        {
          data: { values: rows.filter((x) => x.source !== "Zipf α=1") },
          mark: { type: "point", size: 45, filled: true },
          encoding: { x, y, color },
        },
        {
          data: { values: rows.filter((x) => x.source === "Zipf α=1") },
          mark: { type: "point", size: 45, filled: false, strokeWidth: 1.5 },
          encoding: { x, y, color },
        },
      ],
    };
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: plotConfig,
    title: {
      text: `Steps to relative loss ε against V: ${corpus} bigrams vs synthetic Zipf`,
      subtitle: [
        "full-batch bigram square loss, W = 0; claims (Kunstner & Bach 2025): SGD (full batch) η = 1/π₁ ∝ V^(1−ε), sign descent tuned ∝ V^(1/2)",
        ...(corpus === r.config.corpus ? [] : [`corpus: ${r.config.corpus}`]),
      ],
    },
    vconcat: panels,
    resolve: { scale: { color: "independent" } },
  } as TopLevelSpec;
}

export const CORPUS_SCALING_FIGURE = declareFigure<CorpusScalingFigureInput>({
  name: "corpus-scaling",
  result: "scaling-corpus",
  description: "steps to ε against V, the corpus beside the Zipf law",
  build: corpusScalingFigure,
});
