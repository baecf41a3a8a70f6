// Vega-Lite building blocks shared by figures: the panel type, a frequency colour scale,
// and a placeholder for a panel the data cannot fill. Pure: data in, JSON out.
import type { TopLevelSpec } from "vega-lite";
import { FONT_SIZE, INK, PANEL_HEIGHT, PANEL_WIDTH, frequencyColors } from "./theme.js";

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** One panel of a composed figure (what a concat may hold), from vega-lite's public type. */
export type VegaLitePanel = Extract<TopLevelSpec, { concat: unknown }>["concat"][number];

/** A panel's title: what is drawn, then (subtitle) what it shows, in numbers. */
export interface PanelTitle {
  text: string;
  subtitle?: string | string[];
}

/**
 * Colour scale for classes ordered most → least frequent. Every panel that passes the same
 * labels gets the same scale, so a concat shares one legend.
 */
export function frequencyColorScale(labels: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...labels], range: frequencyColors(labels.length) };
}

/** An empty framed panel saying why there is nothing to draw (keeps a grid's layout). */
export function placeholderPanel(title: PanelTitle, message: string): VegaLitePanel {
  return {
    width: PANEL_WIDTH,
    height: PANEL_HEIGHT,
    title,
    data: { values: [{ message }] },
    mark: { type: "text", fontSize: FONT_SIZE.title, color: INK.muted },
    encoding: {
      x: { value: PANEL_WIDTH / 2 },
      y: { value: PANEL_HEIGHT / 2 },
      text: { field: "message", type: "nominal" },
    },
  };
}

/**
 * Tick values at the powers of ten around [lo, hi] (only those inside it if `inside`, for an
 * axis whose domain is not rounded out to decades) for a log axis spanning at least two
 * decades: the 2 and 5 ticks in between make a dense, unreadable ladder. Undefined
 * otherwise, to leave the ticks to Vega.
 */
export function decadeTicks(lo: number, hi: number, inside = false): number[] | undefined {
  if (!(lo > 0) || !(hi > 0) || !Number.isFinite(lo) || !Number.isFinite(hi)) return undefined;
  const [min, max] = [Math.min(lo, hi), Math.max(lo, hi)];
  const a = inside ? Math.ceil(Math.log10(min) - 1e-9) : Math.floor(Math.log10(min) + 1e-9);
  const b = inside ? Math.floor(Math.log10(max) + 1e-9) : Math.ceil(Math.log10(max) - 1e-9);
  if (b - a < 2) return undefined;
  return Array.from({ length: b - a + 1 }, (_, i) => Number(`1e${a + i}`));
}
