// The look shared by every zipflab figure: fonts, sizes, and the colours that encode how
// frequent a token or class is. Pure data, no Node or DOM: the same config serves the CLI's
// SVG/PNG files and a browser page embedding the same Vega-Lite specs.
import type { Config } from "vega-lite";

/** DejaVu Sans is what the PNG renderer loads explicitly; browsers fall back down the list. */
export const FONT_FAMILY = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif";

export const PANEL_WIDTH = 400;
export const PANEL_HEIGHT = 230;

export const FONT_SIZE = { label: 11, title: 12, panelTitle: 13, subtitle: 11, figureTitle: 16, annotation: 10 } as const;

export const INK = { text: "#222222", muted: "#666666", grid: "#e6e6e6", reference: "#555555" } as const;

/** Matplotlib's viridis sampled at t = 0, 0.1, …, 1 (perceptually uniform, colour-blind safe). */
const VIRIDIS = [
  "#440154",
  "#482475",
  "#414487",
  "#355f8d",
  "#2a788e",
  "#21918c",
  "#22a884",
  "#44bf70",
  "#7ad151",
  "#bddf26",
  "#fde725",
] as const;

/**
 * Viridis at t ∈ [0, 1], linear in sRGB between the eleven stops above
 * (close enough to the published map at plotting resolution).
 */
export function viridis(t: number): string {
  const x = Math.min(Math.max(t, 0), 1) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(x), VIRIDIS.length - 2);
  const f = x - i;
  const a = hexToRgb(VIRIDIS[i]);
  const b = hexToRgb(VIRIDIS[i + 1]);
  return rgbToHex(a.map((c, j) => c + f * (b[j] - c)));
}

/** The lightest end of viridis is unreadable on white; stop here. */
const LIGHTEST = 0.85;

/**
 * n colours ordered from the most frequent class (index 0) to the rarest (index n − 1):
 * light to dark along viridis, so the rare classes the figures are about get the most
 * contrast against the white background.
 */
export function frequencyColors(n: number): string[] {
  if (n <= 0) return [];
  if (n === 1) return [viridis(0)];
  return Array.from({ length: n }, (_, k) => viridis(LIGHTEST * (1 - k / (n - 1))));
}

/** Fixed colours for the optimizers the papers compare, so SGD is the same red everywhere. */
const OPTIMIZER_COLORS: Record<string, string> = {
  sgd: "#d1495b",
  momentum: "#edae49",
  nesterov: "#b07aa1",
  adam: "#00798c",
  adamw: "#30638e",
  sign: "#6a994e",
  signum: "#386641",
  normalized: "#9c755f",
  adagrad: "#f28e2b",
  rmsprop: "#76b7b2",
};

/** Used, in order, for optimizers without a fixed colour. */
const CATEGORICAL = ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#9d755d", "#bab0ac"];

export function optimizerColor(name: string, index: number): string {
  return OPTIMIZER_COLORS[name] ?? CATEGORICAL[index % CATEGORICAL.length];
}

/** Vega-Lite config shared by all figures. */
export const plotConfig: Config = {
  font: FONT_FAMILY,
  background: "white",
  padding: 12,
  view: { stroke: "#bbbbbb" },
  axis: {
    labelFontSize: FONT_SIZE.label,
    titleFontSize: FONT_SIZE.title,
    titleFontWeight: "normal",
    labelColor: INK.text,
    titleColor: INK.text,
    gridColor: INK.grid,
    tickColor: "#999999",
    domainColor: "#999999",
  },
  legend: {
    labelFontSize: FONT_SIZE.label,
    titleFontSize: FONT_SIZE.title,
    titleFontWeight: "normal",
    labelColor: INK.text,
    titleColor: INK.text,
    symbolStrokeWidth: 2.5,
  },
  title: {
    fontSize: FONT_SIZE.panelTitle,
    subtitleFontSize: FONT_SIZE.subtitle,
    subtitleColor: INK.muted,
    color: INK.text,
    anchor: "start",
    offset: 8,
  },
  concat: { spacing: 36 },
  line: { strokeWidth: 1.6 },
  point: { size: 70, filled: true },
};

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function rgbToHex(rgb: number[]): string {
  return "#" + rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");
}
