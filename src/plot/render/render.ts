// Node renderer for the pure Vega-Lite specs of src/plot: Vega-Lite → Vega (compile) →
// headless Vega view (renderer "none", no DOM) → SVG string; SVG → PNG with resvg.
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { pngFontOptions } from "./fonts.js";
import { dejaVuSansWidth, isBold } from "../common/text-width.js";
import { markPng } from "../../io/ownership.js";
import { figureBase, planOutputs, type WrittenFigure } from "../../io/outputs.js";

export type { WrittenFigure };

/** Device pixels per SVG pixel in the PNG: 2× stays crisp on high-density screens and slides. */
export const PNG_SCALE = 2;

/** The part of a Vega text item that sets its width. */
interface TextItem {
  fontSize?: number | null;
  fontWeight?: string | number;
}

/** vega-scenegraph's text measurer: exported by vega at run time, absent from its typings. */
interface TextMetrics {
  width: (item: TextItem, text?: string | null) => number;
}

/**
 * Lays text out with DejaVu Sans widths instead of Vega's canvas-less guess, the way
 * vl-convert plugs in its own measurer. Global to the vega module; idempotent.
 */
export function useDejaVuTextMetrics(): void {
  const metrics = (vega as unknown as { textMetrics?: TextMetrics }).textMetrics;
  if (!metrics || typeof metrics.width !== "function") return;
  // Vega's own default when an item has no font size is 11 px.
  metrics.width = (item, text) => dejaVuSansWidth(text == null ? "" : String(text).trim(), item.fontSize ?? 11, isBold(item.fontWeight));
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  useDejaVuTextMetrics();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Zoom factor over the SVG's own size. */
  scale?: number;
  /** Directories searched for DejaVu Sans (see fonts.ts). */
  fontDirs?: readonly string[];
}

export function renderPng(svg: string, options: PngOptions = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: options.scale ?? PNG_SCALE },
    font: pngFontOptions(options.fontDirs),
    background: "white",
  });
  return resvg.render().asPng();
}

/** "out/fig.svg", "out/fig.png" and "out/fig" all name the figure "out/fig". */
export function figureBasePath(path: string): string {
  return figureBase(path);
}

/** The figure as SVG text and a PNG marked Software=zipflab (a later run may replace it, a user's own PNG it may not: ownership.ts). */
export async function renderFigure(spec: TopLevelSpec, options: PngOptions = {}): Promise<{ svg: string; png: Uint8Array }> {
  const svg = await renderSvg(spec);
  return { svg, png: markPng(renderPng(svg, options)) };
}

/**
 * Renders the spec and writes `<base>.svg` and `<base>.png`, each atomically, through the
 * output rules (src/io/outputs.ts): an existing file is replaced only if it is a zipflab
 * figure (or empty), never a device or folder. Commands plan their figures with their other
 * outputs and write them with renderFigure and the plan.
 */
export async function writeFigure(spec: TopLevelSpec, path: string, options: PngOptions = {}): Promise<WrittenFigure> {
  const plan = planOutputs([{ option: "figure", path, kind: "figure" }]);
  return plan.writeFigure("figure", path, await renderFigure(spec, options));
}
