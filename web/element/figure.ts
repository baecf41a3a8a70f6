// Figures in the worker: the CLI's own Vega-Lite specs (src/plot/figures.ts) rendered to SVG
// exactly as `zipflab … --figure` does (src/plot/render/render.ts: compile → headless view → SVG,
// DejaVu Sans text widths), so the main thread only inserts finished SVG and never runs a
// long task. Vega is loaded on first use, as its own chunk.
import { figuresFor, type NamedFigure } from "../../src/plot/figures.js";
import { dejaVuSansWidth, isBold } from "../../src/plot/common/text-width.js";

type Charting = [typeof import("vega"), typeof import("vega-lite")];
let charting: Promise<Charting> | null = null;
const loadCharting = () =>
  (charting ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vegaLite]) => {
    // The same text measurer as src/plot/render/render.ts useDejaVuTextMetrics (a worker has no canvas).
    const metrics = (
      vega as unknown as {
        textMetrics?: { width: (item: { fontSize?: number | null; fontWeight?: string | number }, text?: string | null) => number };
      }
    ).textMetrics;
    if (metrics)
      metrics.width = (item, text) =>
        dejaVuSansWidth(text == null ? "" : String(text).trim(), item.fontSize ?? 11, isBold(item.fontWeight));
    return [vega, vegaLite] as Charting;
  }));

/** The figures a (possibly partial) result can draw; none if it cannot draw any yet. */
export function figuresOf(result: unknown): NamedFigure[] {
  try {
    return figuresFor(result);
  } catch {
    return [];
  }
}

export interface DrawnFigure {
  name: string;
  /** Every figure this result can draw (the element's `view` choices). */
  names: string[];
  /** The figure at `scale` device pixels per CSS pixel, ready for a "bitmaprenderer" canvas. */
  bitmap: ImageBitmap;
  /** CSS size. */
  width: number;
  height: number;
  /** The SVG document (`zipflab … --figure`'s), when asked for. */
  svg: string | null;
}

/**
 * Renders the figure named `view` (else the first) of a result; null if it has none. The
 * bitmap is drawn here with Vega's canvas renderer on an OffscreenCanvas, so showing it costs
 * the page's main thread almost nothing.
 */
export async function renderFigure(result: unknown, view: string | null, scale: number, withSvg: boolean): Promise<DrawnFigure | null> {
  const figures = figuresOf(result);
  if (figures.length === 0) return null;
  const figure = figures.find((f) => f.name === view) ?? figures[0];
  const [vega, vegaLite] = await loadCharting();
  const runtime = vega.parse(vegaLite.compile(figure.vegaLite).spec);
  const chart = new vega.View(runtime, { renderer: "none" });
  try {
    const svg = await chart.toSVG();
    const [, width, height] = /<svg[^>]*?width="([\d.]+)"[^>]*?height="([\d.]+)"/.exec(svg)!.map(Number);
    const canvas = new OffscreenCanvas(Math.ceil(width * scale), Math.ceil(height * scale));
    const context = canvas.getContext("2d")!;
    await chart.toCanvas(scale, { externalContext: context } as never);
    return {
      name: figure.name,
      names: figures.map((f) => f.name),
      bitmap: canvas.transferToImageBitmap(),
      width,
      height,
      svg: withSvg ? svg : null,
    };
  } finally {
    chart.finalize();
  }
}
