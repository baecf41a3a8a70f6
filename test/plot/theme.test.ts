import { describe, expect, it } from "vitest";
import { decadeTicks } from "../../src/plot/common/vega-lite.js";
import { downsampleIndices } from "../../src/plot/common/downsample.js";
import { frequencyColors, viridis } from "../../src/plot/common/theme.js";

/** Relative luminance (sRGB, WCAG), 0 = black, 1 = white. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe("frequency colours", () => {
  it("run from light (most frequent) to dark (rarest) along viridis", () => {
    const colors = frequencyColors(6);
    expect(colors).toHaveLength(6);
    expect(colors.at(-1)).toBe("#440154");
    const l = colors.map(luminance);
    for (let k = 1; k < l.length; k++) expect(l[k]).toBeLessThan(l[k - 1]);
  });

  it("stop short of viridis' yellow end, unreadable on white", () => {
    expect(frequencyColors(2)[0]).not.toBe(viridis(1));
    expect(luminance(frequencyColors(12)[0])).toBeLessThan(0.6);
  });
});

describe("thinning and ticks", () => {
  it("keeps first and last and at most max evenly spaced indices", () => {
    const idx = downsampleIndices(3001, 500);
    expect(idx).toHaveLength(500);
    expect(idx[0]).toBe(0);
    expect(idx.at(-1)).toBe(3000);
    expect(downsampleIndices(10, 500)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(downsampleIndices(0)).toEqual([]);
  });

  it("puts log ticks at powers of ten only when two decades or more are spanned", () => {
    expect(decadeTicks(0.001, 0.95)).toEqual([0.001, 0.01, 0.1, 1]);
    expect(decadeTicks(2e-4, 2.58, true)).toEqual([0.001, 0.01, 0.1, 1]);
    expect(decadeTicks(0.3, 0.8)).toBeUndefined();
    expect(decadeTicks(0, 1)).toBeUndefined();
  });
});
