// The element's chart slot: shows the SVG the worker rendered, and exports it as SVG or PNG.

import type { DrawnFigure } from "./figure.js";

export class Chart {
  private svg: string | null = null;
  private readonly canvas = document.createElement("canvas");

  constructor(private readonly container: HTMLElement) {}

  /** Shows a bitmap the worker drew (a transfer, no drawing here); keeps the SVG of a final figure. */
  show(figure: DrawnFigure): void {
    if (figure.svg !== null) this.svg = figure.svg;
    if (this.canvas.parentNode !== this.container) this.container.replaceChildren(this.canvas);
    this.canvas.width = figure.bitmap.width;
    this.canvas.height = figure.bitmap.height;
    this.canvas.style.width = `${figure.width}px`;
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", `zipflab figure: ${figure.name}`);
    this.canvas.getContext("bitmaprenderer")!.transferFromImageBitmap(figure.bitmap);
  }

  /** The drawn figure as an SVG document, or a PNG data URL at twice its size. */
  async export(format: "svg" | "png"): Promise<string> {
    if (!this.svg) throw new Error("no figure drawn yet");
    if (format === "svg") return this.svg;
    const image = new Image();
    const url = URL.createObjectURL(new Blob([this.svg], { type: "image/svg+xml" }));
    try {
      image.src = url;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = 2 * image.naturalWidth;
      canvas.height = 2 * image.naturalHeight;
      const context = canvas.getContext("2d")!;
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      return canvas.toDataURL("image/png");
    } finally {
      URL.revokeObjectURL(url);
    }
  }
}
