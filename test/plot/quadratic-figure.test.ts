import { describe, expect, it } from "vitest";
import { renderSvg } from "../../src/plot/render/render.js";
import { quadraticFigure } from "../../src/plot/figures/quadratic/figure.js";
import { ladderRanks, logSpacedRanks, plottedCoordinates } from "../../src/plot/figures/quadratic/data.js";
import { fakeQuadraticResult } from "./run-fixture.js";
import { hasBadGeometry, isPng, labelled, markCount } from "./svg.js";

describe("the weighted-quadratic figure", () => {
  it("has a panel per optimizer saying whether rare coordinates lag, and a final-loss-against-weight panel", async () => {
    const svg = await renderSvg(quadraticFigure(fakeQuadraticResult()));
    expect(svg).toContain("Weighted quadratic Σ_k π_k ½(w_k − w*_k)²");
    expect(svg).toMatch(/\(a\) GD, η = [\d.]+: rare coordinates lag \(k = 12 keeps/);
    expect(svg).toContain("(b) sign descent, η = 0.0003: every coordinate ends at ℓ_k/ℓ_k(0)");
    expect(svg).toContain("all lines coincide");
    expect(svg).toContain("(c) Every coordinate at step 100: final ℓ_k/ℓ_k(0) against π_k");
  });

  it("labels log axes, lists coordinates from heaviest to lightest weight, and names the optimizers", async () => {
    const svg = await renderSvg(quadraticFigure(fakeQuadraticResult()));
    expect(labelled(svg, "Y-axis titled 'coordinate loss ℓ_k/ℓ_k(0) (log)'")).toHaveLength(2);
    expect(labelled(svg, "X-axis titled 'weight π_k (log)'")[0]).toMatch(/log scale/);
    const legend = labelled(svg, "Symbol legend titled 'coordinate k (weight π_k)'");
    expect(legend).toHaveLength(1);
    expect(legend[0]).toMatch(/k = 1 \(π 0\.32\), k = 2 .*k = 12/);
    expect(labelled(svg, "Symbol legend titled 'optimizer'")[0]).toContain("GD, η = 0.621, sign descent, η = 0.0003");
    expect(markCount(svg, "line")).toBeGreaterThanOrEqual(3);
    expect(hasBadGeometry(svg)).toBe(false);
    expect(isPng(svg)).toBe(true);
  });

  it("picks coordinates 1, 2, 5, 10, … and d, and log-spaced ranks for the final panel", () => {
    expect(ladderRanks(1000)).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]);
    expect(ladderRanks(600)).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 600]);
    // 10 is within a factor 1.5 of d = 12: its line would overprint d's.
    expect(plottedCoordinates(fakeQuadraticResult()).map((c) => c.index)).toEqual([0, 1, 4, 11]);
    const ranks = logSpacedRanks(100000, 50);
    expect(ranks[0]).toBe(1);
    expect(ranks.at(-1)).toBe(100000);
  });

  it("says what is missing when a run kept no per-coordinate curves", async () => {
    const result = fakeQuadraticResult();
    result.runs[1].perClass = null;
    const svg = await renderSvg(quadraticFigure(result));
    expect(svg).toContain("no per-coordinate curves: run with perClass (--per-class)");
  });
});
