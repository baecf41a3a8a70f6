import { describe, expect, it } from "vitest";
import { renderSvg } from "../../src/plot/render/render.js";
import { stepSizeFigure } from "../../src/plot/figures/step-sizes/figure.js";
import { stepSizeData } from "../../src/tuning/step-size-data.js";
import { fakeRunResult, fakeSweep } from "./run-fixture.js";
import { hasBadGeometry, isPng, labelled, markCount } from "./svg.js";
import { optimizerFieldLabel } from "../../src/tuning/step-size-data.js";

describe("the step-size figure", () => {
  it("scores the grid by the sweep's rule: a spike-flagged run scores its initial loss, not its low final loss", () => {
    const data = stepSizeData("linear-model", fakeSweep());
    expect(data.series.map((s) => [s.series, s.chosenLr, s.edge])).toEqual([
      ["GD", 0.1, null],
      ["Adam", 0.01, null],
    ]);
    const spiked = data.points.find((p) => p.series === "GD" && p.lr === 1)!;
    expect(spiked).toMatchObject({ diverged: true, finalLoss: 0.05, score: 2 });
    expect(data.points.find((p) => p.series === "Adam" && p.lr === 0.1)?.diverged).toBe(true);
    expect(data.groups).toBe(3);
  });

  it("draws final loss and the rarest group's loss against a log step-size axis, ringing the choice, and the curves", async () => {
    const svg = await renderSvg(stepSizeFigure({ sweep: stepSizeData("linear-model", fakeSweep()), curves: fakeRunResult() }));
    expect(svg).toContain("linear-model: step-size sweep, 6 runs");
    expect(svg).toContain("(a) Final loss against step size; ring: the tuning rule's choice");
    expect(svg).toContain("chosen η: GD 0.1 · Adam 0.01");
    expect(svg).toContain("(b) The rarest group G3: its final loss against step size");
    expect(svg).toContain("lowest over the grid, flagged runs aside: GD 1.9 · Adam 0.05");
    expect(svg).toContain("(c) At the chosen step sizes: loss over the steps");
    expect(labelled(svg, "X-axis titled 'step size η (log)'")).toHaveLength(2);
    expect(labelled(svg, "X-axis titled 'step size η (log)'")[0]).toMatch(/log scale/);
    expect(labelled(svg, "Symbol legend titled 'optimizer'")[0]).toContain("GD, Adam");
    expect(labelled(svg, "Symbol legend titled 'run'")[0]).toContain("finished, flagged diverged");
    expect(markCount(svg, "symbol")).toBeGreaterThanOrEqual(3);
    expect(hasBadGeometry(svg)).toBe(false);
    expect(isPng(svg)).toBe(true);
  });

  it("names optimizers as the papers do, keeping hyperparameters", () => {
    expect(optimizerFieldLabel("sgd", true).label).toBe("GD");
    expect(optimizerFieldLabel("sgd", false).label).toBe("SGD");
    expect(optimizerFieldLabel("sign:momentum=0.9", true).label).toBe("sign descent (momentum=0.9)");
    expect(optimizerFieldLabel({ name: "adam", b1: 0 }, true)).toEqual({ label: "Adam (b1=0)", name: "adam" });
  });

  it("leaves out the rarest-group panel for sweeps without groups (tokens)", async () => {
    const cells = fakeSweep().map((c) => ({ ...c, summary: { ...c.summary, finalGroupLoss: undefined } }));
    const svg = await renderSvg(stepSizeFigure({ sweep: stepSizeData("tokens", cells) }));
    expect(svg).not.toContain("(b) The rarest group");
    expect(svg).toContain("chosen η: SGD 0.1 · Adam 0.01");
  });
});
