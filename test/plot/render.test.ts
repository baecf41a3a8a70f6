import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import { findDejaVuSans, pngFontOptions } from "../../src/plot/render/fonts.js";
import { figureBasePath, renderPng, renderSvg, writeFigure } from "../../src/plot/render/render.js";
import { dejaVuSansWidth } from "../../src/plot/common/text-width.js";
import { plotConfig } from "../../src/plot/common/theme.js";

const tiny: TopLevelSpec = {
  config: plotConfig,
  title: "tiny",
  data: {
    values: [
      { x: 1, y: 1 },
      { x: 2, y: 4 },
    ],
  },
  mark: "line",
  encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
};

describe("rendering a Vega-Lite spec without a DOM", () => {
  it("gives an SVG document and a PNG of it", async () => {
    const svg = await renderSvg(tiny);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain(">tiny</text>");
    expect(svg).toContain('font-family="DejaVu Sans');
    const png = renderPng(svg, { scale: 1 });
    expect(Buffer.from(png.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
  });

  it("names the figure by its path without .svg or .png", () => {
    expect(figureBasePath("out/fig")).toBe("out/fig");
    expect(figureBasePath("out/fig.svg")).toBe("out/fig");
    expect(figureBasePath("out/fig.PNG")).toBe("out/fig");
    expect(figureBasePath("out/fig.v2")).toBe("out/fig.v2");
  });

  it("writes <path>.svg and <path>.png and nothing else", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zipflab-plot-"));
    const written = await writeFigure(tiny, join(dir, "sub", "fig.png"));
    expect(written).toEqual({ svg: join(dir, "sub", "fig.svg"), png: join(dir, "sub", "fig.png") });
    expect(readdirSync(join(dir, "sub")).sort()).toEqual(["fig.png", "fig.svg"]);
    expect(readFileSync(written.svg, "utf8")).toContain("<svg");
  });
});

describe("fonts", () => {
  it("hands resvg the DejaVu Sans files when the machine has them", () => {
    const files = findDejaVuSans();
    if (files.length === 0) return; // not this machine; the fallback test below still runs
    expect(pngFontOptions()).toMatchObject({ loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" });
    expect(files.some((f) => f.endsWith("DejaVuSans-Bold.ttf"))).toBe(true);
  });

  it("falls back to the system fonts, and still renders, when DejaVu is missing", async () => {
    const missing = ["/nonexistent/fonts"];
    expect(pngFontOptions(missing)).toMatchObject({ loadSystemFonts: true });
    const png = renderPng(await renderSvg(tiny), { fontDirs: missing, scale: 1 });
    expect(png.length).toBeGreaterThan(1000);
  });

  it("lays text out with DejaVu Sans advance widths (bold is wider)", () => {
    // "0" is 1303/2048 em in DejaVu Sans; ten of them at 11 px.
    expect(dejaVuSansWidth("0000000000", 11)).toBeCloseTo((10 * 1303 * 11) / 2048, 6);
    expect(dejaVuSansWidth("thalweg", 13, true)).toBeGreaterThan(dejaVuSansWidth("thalweg", 13));
    expect(dejaVuSansWidth("v̂", 10)).toBe(dejaVuSansWidth("v", 10));
  });
});
