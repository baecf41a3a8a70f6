import { describe, expect, it } from "vitest";
import { renderSvg } from "../../src/plot/render/render.js";
import { groupLossFigure } from "../../src/plot/figures/groups/figure.js";
import { classGroups, frequencySegments, groupLabels } from "../../src/plot/figures/groups/data.js";
import { groupByFrequency } from "../../src/metrics/groups.js";
import { FREQUENCIES, fakeQuadraticResult, fakeRunResult } from "./run-fixture.js";
import { hasBadGeometry, isPng, labelled, markCount } from "./svg.js";

describe("the per-frequency-group figure", () => {
  it("has the class-frequency histogram and one titled panel per optimizer, saying which group lags", async () => {
    const svg = await renderSvg(groupLossFigure(fakeRunResult()));
    expect(svg).toContain("linear-model: loss per frequency group, most frequent (light) to rarest (dark)");
    expect(svg).toContain("(a) 3 frequency groups of ~33% of the samples each");
    expect(svg).toMatch(/\(b\) GD, η = 0\.1: the rarest group lags \(−\d+% vs −\d+% under Adam\)/);
    expect(svg).toContain("(c) Adam, η = 0.01: every group falls, the rarest by");
    expect(svg).toContain("(d) sign descent, η = 0.0003: every group falls");
  });

  it("labels its axes, uses a log frequency axis, and lists the groups from most to least frequent", async () => {
    const svg = await renderSvg(groupLossFigure(fakeRunResult()));
    expect(labelled(svg, "X-axis titled 'label rank, most → least frequent'")).toHaveLength(1);
    expect(labelled(svg, "Y-axis titled 'label frequency π (log)'")[0]).toMatch(/log scale/);
    expect(labelled(svg, "X-axis titled 'step'")).toHaveLength(3);
    expect(labelled(svg, "Y-axis titled 'group loss")).toHaveLength(3);
    const legend = labelled(svg, "Symbol legend titled 'frequency group (classes)'");
    expect(legend).toHaveLength(1);
    expect(legend[0]).toContain("3 values: G1 (1), G2 (2), G3 (4)");
    expect(markCount(svg, "line")).toBeGreaterThanOrEqual(3);
    expect(markCount(svg, "rect")).toBeGreaterThanOrEqual(1);
    expect(hasBadGeometry(svg)).toBe(false);
    expect(isPng(svg)).toBe(true);
  });

  it("draws excess loss relative to step 0 on a log axis where L* is known", async () => {
    const result = fakeRunResult(false);
    result.optimalLoss = 0.5;
    const svg = await renderSvg(groupLossFigure(result));
    expect(svg).toContain("excess loss per frequency group");
    expect(labelled(svg, "Y-axis titled 'excess loss (L_g − L*)/(L_g(0) − L*) (log)'")[0]).toMatch(/log scale/);
  });

  it("maps classes to the run's groups exactly, and merges equal-frequency classes into one bar", () => {
    const result = fakeRunResult();
    const expected = groupByFrequency(FREQUENCIES, 3).groupOf;
    expect([...classGroups(result)!]).toEqual([...expected]);
    const segments = frequencySegments(result, groupLabels(result));
    expect(segments.map((s) => [s.group, s.from, s.to])).toEqual([
      ["G1 (1)", 0, 1],
      ["G2 (2)", 1, 3],
      ["G3 (4)", 3, 7],
    ]);
  });

  it("says a run diverged only when its final loss did (a spike that came back is noted, not called divergence)", async () => {
    const result = fakeRunResult();
    result.runs[1].spike = { step: 2, ratio: 1.8 };
    result.runs[2].divergence = { step: 5, reason: "non-finite loss" };
    result.runs[2].groupLoss = result.runs[2].groupLoss!.map((g) => g.map((v, j) => (j >= 4 ? null : v)));
    result.runs[2].finalLoss = null;
    const svg = await renderSvg(groupLossFigure(result));
    expect(svg).toContain("loss above 1.5× its start at step 2, then fell");
    expect(svg).toContain("(d) sign descent, η = 0.0003: diverged (non-finite loss at step 5)");
    expect(hasBadGeometry(svg)).toBe(false);
  });

  it("is plain JSON, and renders a result without per-class frequencies (older files) from the group summary", async () => {
    const result = fakeRunResult();
    delete result.classes!.frequencies;
    const spec = groupLossFigure(result);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(await renderSvg(spec)).toContain("(a) 3 frequency groups");
  });

  it("draws a placeholder for a problem without groups", async () => {
    const svg = await renderSvg(groupLossFigure(fakeQuadraticResult()));
    expect(svg).toContain("this problem has no classes to group");
  });
});
