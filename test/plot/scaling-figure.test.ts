import { describe, expect, expectTypeOf, it } from "vitest";
import { renderSvg } from "../../src/plot/render/render.js";
import { scalingFigure } from "../../src/plot/figures/scaling/figure.js";
import { exponentText, lineRows, panelEps, type ScalingFigureInput } from "../../src/plot/figures/scaling/data.js";
import { fakeScalingResult } from "./run-fixture.js";
import { hasBadGeometry, isPng, labelled, markCount } from "./svg.js";
import type { ScalingResult } from "../../src/results/scaling.js";

describe("the scaling figure", () => {
  it("takes the result of zipflab scaling as it is", () => {
    expectTypeOf<ScalingResult>().toMatchTypeOf<ScalingFigureInput>();
  });

  it("has a log–log panel per α with the exponents in the legend, and the theory panel", async () => {
    const svg = await renderSvg(scalingFigure(fakeScalingResult()));
    expect(svg).toContain("Steps to relative loss ε against vocabulary size d");
    expect(svg).toContain("(a) α = 0.5, ε = 0.3");
    expect(svg).toContain("(b) α = 1, ε = 0.3");
    expect(svg).toContain("(c) GD, η = 1/π₁ at α = 1: each ε against theory");
    expect(labelled(svg, "X-axis titled 'vocabulary size d (log)'")).toHaveLength(3);
    expect(labelled(svg, "Y-axis titled 'steps to reach ε (log)'")[0]).toMatch(/log scale/);
    const legends = labelled(svg, "Symbol legend titled 'fit ln t = a + b ln d'");
    expect(legends.some((l) => l.includes("GD, η = 1/π₁: b = 0.70 [0.68, 0.72]"))).toBe(true);
    expect(legends.some((l) => l.includes("GD, η = 1/π₁: theory d^0.7, dashed"))).toBe(true);
    expect(legends.some((l) => l.includes("ε = 0.5: b = 0.50 [0.48, 0.52] (theory 0.50)"))).toBe(true);
    expect(markCount(svg, "line")).toBeGreaterThanOrEqual(3);
    expect(markCount(svg, "symbol")).toBeGreaterThanOrEqual(3);
    expect(hasBadGeometry(svg)).toBe(false);
    expect(isPng(svg)).toBe(true);
  });

  it("draws the fitted line over the measured d range and theory through its middle", () => {
    const fit = fakeScalingResult().fits.find((f) => f.theory !== null)!;
    const rows = lineRows(fit, "fit", "theory");
    expect(rows.map((r) => r.d)).toEqual([100, 10000, 100, 10000]);
    const mid = (r: typeof rows) => Math.sqrt(r[0].steps * r[1].steps);
    expect(mid(rows.slice(2))).toBeCloseTo(mid(rows.slice(0, 2)), 6);
    expect(panelEps([0.5, 0.3, 0.1])).toBe(0.3);
    expect(exponentText({ ...fit, fit: null })).toBe("no fit");
  });
});
