// Drawing a result's figure with vega-embed, from the same Vega-Lite specs the CLI renders to
// SVG (src/plot/figures.ts). vega-embed is loaded on first use, as its own chunk.
import type { Result as EmbedResult } from "vega-embed";
import { figuresFor, type NamedFigure } from "../../src/plot/figures.js";

let library: Promise<typeof import("vega-embed")> | null = null;
/** Starts loading the charting library (call before a run so it is not parsed during one). */
export const loadCharts = () => (library ??= import("vega-embed"));

/** The figures a (possibly partial) result can draw; none if it cannot draw any yet. */
export function figuresOf(result: unknown): NamedFigure[] {
  try {
    return figuresFor(result);
  } catch {
    return [];
  }
}

/** One chart slot: draws the latest figure asked for, never two at once. */
export class Chart {
  private view: EmbedResult | null = null;
  private pending: NamedFigure | null = null;
  private drawing: Promise<void> | null = null;

  constructor(private readonly container: HTMLElement) {}

  /** Draws `figure` (superseding any figure still waiting); resolves once it is on screen. */
  draw(figure: NamedFigure): Promise<void> {
    this.pending = figure;
    this.drawing ??= this.drain().finally(() => { this.drawing = null; });
    return this.drawing;
  }

  private async drain(): Promise<void> {
    const { default: embed } = await loadCharts();
    while (this.pending) {
      const figure = this.pending;
      this.pending = null;
      const next = await embed(this.container, figure.spec as never, { actions: false, renderer: "canvas" });
      this.view?.finalize();
      this.view = next;
    }
  }

  /** The drawn figure as an SVG document or a PNG data URL. */
  async export(format: "svg" | "png"): Promise<string> {
    if (!this.view) throw new Error("no figure drawn yet");
    return format === "svg" ? this.view.view.toSVG() : this.view.view.toImageURL("png", 2);
  }
}
