// Reading what a rendered figure says: the accessible descriptions Vega writes on axes,
// legends and titles, mark classes, and the PNG signature — checks by content, not by bytes.
import { renderPng } from "../../src/plot/render/render.js";

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function ariaLabels(svg: string): string[] {
  return [...svg.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);
}

/** The aria labels that start with `prefix` (e.g. "Y-axis titled 'group loss"). */
export function labelled(svg: string, prefix: string): string[] {
  return ariaLabels(svg).filter((l) => l.startsWith(prefix));
}

export function markCount(svg: string, mark: "line" | "symbol" | "rect" | "text" | "rule"): number {
  return svg.match(new RegExp(`class="mark-${mark} role-mark`, "g"))?.length ?? 0;
}

/** No NaN or Infinity reaches an SVG coordinate. */
export function hasBadGeometry(svg: string): boolean {
  return /(?:d|transform|x|y|x2|y2|width|height)="[^"]*(?:NaN|Infinity)/.test(svg);
}

export function isPng(svg: string): boolean {
  const png = renderPng(svg, { scale: 1 });
  return PNG_SIGNATURE.every((b, i) => png[i] === b) && png.length > 1000;
}

/** Texts Vega cut short to fit a limit (it ends them with "…"): a legend or label the reader cannot read whole. */
export function cutTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*…)<\/text>/g)].map((m) => m[1]);
}
