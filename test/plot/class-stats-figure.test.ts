import { describe, expect, it } from "vitest";
import { renderSvg } from "../../src/plot/render/render.js";
import { classStatsFigure } from "../../src/plot/figures/class-stats/figure.js";
import { pickStepIndices } from "../../src/plot/figures/class-stats/data.js";
import { fakeRunResult } from "./run-fixture.js";
import { hasBadGeometry, isPng, labelled, markCount } from "./svg.js";

describe("the gradient-norm-against-Hessian-trace figure", () => {
  it("has a panel per optimizer and step with the rank correlation, on shared log–log axes", async () => {
    const svg = await renderSvg(classStatsFigure(fakeRunResult()));
    expect(svg).toContain("linear-model: per-class gradient norm against Hessian block trace, coloured by frequency group");
    for (const name of ["GD, η = 0.1", "Adam, η = 0.01", "sign descent, η = 0.0003"]) {
      for (const step of [0, 10, 100]) expect(svg).toContain(`${name} · step ${step}`);
    }
    expect(svg).toContain("Spearman ρ(‖∇_k L‖, tr H_k) = 1.00");
    expect(labelled(svg, "X-axis titled 'Hessian trace tr H_k (log)'")).toHaveLength(9);
    expect(labelled(svg, "Y-axis titled 'gradient norm ‖∇_k L‖ (log)'")[0]).toMatch(/log scale/);
    expect(labelled(svg, "Symbol legend titled 'frequency group (classes)'")[0]).toContain("G1 (1), G2 (2), G3 (4)");
    expect(markCount(svg, "symbol")).toBeGreaterThanOrEqual(9);
    expect(hasBadGeometry(svg)).toBe(false);
    expect(isPng(svg)).toBe(true);
  });

  it("shows the start, the step nearest a tenth of the run, and the end", () => {
    expect(pickStepIndices([0, 1, 2, 5, 10, 20, 50, 100])).toEqual([0, 4, 7]);
    expect(pickStepIndices([0, 300])).toEqual([0, 1]);
    expect(pickStepIndices([])).toEqual([]);
  });

  it("says why it is empty without per-class statistics", async () => {
    const svg = await renderSvg(classStatsFigure(fakeRunResult(false)));
    expect(svg).toContain("no per-class gradient norms or Hessian traces: run with perClass");
  });
});
