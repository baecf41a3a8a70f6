import { describe, expect, it } from "vitest";
import { renderPng, renderSvg } from "../../src/plot/render/render.js";
import { tokensFigure } from "../../src/plot/figures/tokens/figure.js";
import { trajectoryRows, plottedTokens, pickPlainRun } from "../../src/plot/figures/tokens/data.js";
import { ADAM, SGD, TOKENS, fakeConfig, fakeResult, fakeRun } from "./fixture.js";
import { runTokensExperiment } from "../../src/experiments/tokens/run.js";
import { dejaVuSansWidth } from "../../src/plot/common/text-width.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]* width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
  if (!m) throw new Error("no size on the <svg> element");
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** The accessible descriptions Vega writes on axes, legends and titles. */
function ariaLabels(svg: string): string[] {
  return [...svg.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);
}

interface Box {
  name: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * Panel (d)'s point labels and points as boxes, from the SVG: a label is a 10 px text mark named
 * "name: X" (anchored at its start or end, ~8 px above and 3 below its y), a point a symbol mark
 * of area 80 (radius 5) named "token: X (…)"; both in the panel's coordinates.
 */
function effectiveLrMarks(svg: string): { labels: Box[]; points: Box[] } {
  const labels = [
    ...svg.matchAll(/<text aria-label="[^"]*; name: ([^"]+)"[^>]*text-anchor="(start|end)" transform="translate\(([\d.-]+),([\d.-]+)\)"/g),
  ].map(([, name, anchor, x, y]) => {
    const w = dejaVuSansWidth(name, 10);
    const left = anchor === "start" ? Number(x) : Number(x) - w;
    return { name, x0: left, x1: left + w, y0: Number(y) - 8, y1: Number(y) + 3 };
  });
  const points = [
    ...svg.matchAll(
      /aria-label="[^"]*; token: (\S+) \([^"]*" role="graphics-symbol" aria-roledescription="point" transform="translate\(([\d.-]+),([\d.-]+)\)"/g,
    ),
  ].map(([, name, x, y]) => ({ name, x0: Number(x) - 5, x1: Number(x) + 5, y0: Number(y) - 5, y1: Number(y) + 5 }));
  return { labels, points };
}

const overlap = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

describe("the six-token figure", () => {
  it("panel (d): no point label runs into another label or another token's point (the six tokens: 'model' beside 'the')", async () => {
    const result = await runTokensExperiment({});
    const { labels, points } = effectiveLrMarks(await renderSvg(tokensFigure(result)));
    expect(labels.map((l) => l.name).sort()).toEqual(["embedding", "model", "thalweg", "the", "tokenization", "xenobiotic"]);
    expect(points).toHaveLength(6);
    const clashes: string[] = [];
    for (const a of labels) {
      for (const b of labels) if (a.name < b.name && overlap(a, b)) clashes.push(`label ${a.name} × label ${b.name}`);
      for (const p of points) if (p.name !== a.name && overlap(a, p)) clashes.push(`label ${a.name} × point ${p.name}`);
    }
    expect(clashes).toEqual([]);
  });

  it("has four titled panels that state what each shows", async () => {
    const svg = await renderSvg(tokensFigure(fakeResult()));
    expect(svg).toContain("Four-token experiment: rare tokens under SGD vs Adam");
    expect(svg).toContain("(a) SGD: xenobiotic and thalweg stay far from w*");
    expect(svg).toContain("(b) Final error |w − w*| per token and optimizer");
    expect(svg).toContain("(c) Adam: every token reaches its true weight w*");
    expect(svg).toContain("(d) Adam: the effective step grows as frequency falls");
  });

  it("labels its axes, lists every token in the legend (most frequent first), and puts (d) on log–log axes", async () => {
    const labels = ariaLabels(await renderSvg(tokensFigure(fakeResult())));
    const axis = (prefix: string) => labels.filter((l) => l.startsWith(prefix));
    expect(axis("X-axis titled 'step'")).toHaveLength(2);
    expect(axis("Y-axis titled 'weight w'")).toHaveLength(2);
    expect(axis("Y-axis titled 'final |w − w*|")).toHaveLength(1);
    expect(axis("X-axis titled 'token frequency")[0]).toMatch(/for a log scale/);
    expect(axis("Y-axis titled 'effective lr η/(√v̂ + ε)")[0]).toMatch(/for a log scale/);
    const legend = labels.find((l) => l.startsWith("Symbol legend titled 'token (frequency)'"));
    expect(legend).toContain("4 values: the (0.95), model (0.6), xenobiotic (0.005), thalweg (0.001)");
    expect(labels.find((l) => l.startsWith("Symbol legend titled 'optimizer'"))).toContain("SGD, Adam");
  });

  it("draws a line per token in (a) and (c), bars in (b), points and the nominal-η rule in (d)", async () => {
    const svg = await renderSvg(tokensFigure(fakeResult()));
    expect(svg.match(/class="mark-line role-mark/g)?.length).toBeGreaterThanOrEqual(3);
    expect(svg).toMatch(/class="mark-rect role-mark/);
    expect(svg).toMatch(/class="mark-symbol role-mark/);
    expect(svg).toContain("nominal η = 0.05 (SGD's, for every token)");
    expect(svg).toContain("w* = 1");
  });

  it("renders to a PNG at twice the SVG's size", async () => {
    const svg = await renderSvg(tokensFigure(fakeResult()));
    const png = renderPng(svg);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const s = svgSize(svg);
    const p = pngSize(png);
    expect(p.width).toBe(Math.round(2 * s.width));
    expect(p.height).toBe(Math.round(2 * s.height));
    // Two 400 × 230 panels side by side, two rows, titles and a legend: about 1100 × 750 px.
    expect(s.width).toBeGreaterThan(900);
    expect(s.width).toBeLessThan(1600);
    expect(s.height).toBeGreaterThan(550);
    expect(s.height).toBeLessThan(1100);
  });

  it("keeps at most 500 points per line however long the run", () => {
    const result = fakeResult(3000);
    const run = pickPlainRun(result.runs)!;
    const rows = trajectoryRows(run, plottedTokens(result));
    expect(rows.length).toBe(4 * 500);
    expect(rows.filter((r) => r.token === "thalweg (0.001)").at(-1)?.step).toBe(3000);
  });

  it("is plain JSON, so a browser can render the same spec", () => {
    const spec = tokensFigure(fakeResult());
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });
});

describe("the six-token figure on degenerate results", () => {
  it("still renders when a run diverged (NaN weights, null losses) and another has zero error", async () => {
    const steps = 50;
    const sgd = fakeRun(SGD, [0.05, 0.03, 0.003, 0.0005], steps, null);
    for (let j = 20; j <= steps; j++) sgd.trajectory.weights[j] = TOKENS.map(() => NaN);
    sgd.trajectory.loss = sgd.trajectory.loss.map((l, j) => (j >= 20 ? null : l));
    sgd.divergedAt = 20;
    sgd.finalLoss = null;
    const adam = fakeRun(ADAM, [1, 1, 1, 1], steps, [1, 1, 1, 1]);
    adam.absError = [0, 0, 0, 0];
    const svg = await renderSvg(
      tokensFigure({ experiment: "tokens", backend: "wasm", config: fakeConfig(steps, [SGD, ADAM]), runs: [sgd, adam] }),
    );
    expect(svg).toContain("(a) SGD: loss became NaN/Inf at step 20");
    expect(svg).toContain("(d) Adam: the effective step does not grow as frequency falls");
    // No NaN reaches a coordinate (titles may say "NaN/Inf"; geometry may not).
    expect(svg).not.toMatch(/(?:d|transform|x|y|x2|y2|width|height)="[^"]*(?:NaN|Infinity)/);
    expect([...renderPng(svg).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  it("marks zero errors on a log axis with a 0 instead of a missing bar", async () => {
    const result = fakeResult();
    result.runs[1].absError = [0, 0, 0, 0];
    const svg = await renderSvg(tokensFigure(result));
    expect(ariaLabels(svg).find((l) => l.startsWith("Y-axis titled 'final |w − w*|"))).toMatch(/log scale/);
    expect(svg.match(/aria-roledescription="text mark"[^>]*>0<\/text>/g)?.length).toBe(4);
  });

  it("says why (c) and (d) are empty when only SGD was run", async () => {
    const result = fakeResult();
    result.runs = [result.runs[0]];
    result.config.optimizers = [SGD];
    const svg = await renderSvg(tokensFigure(result));
    expect(svg).toContain("only one optimizer was run");
    expect(svg).toContain("no adaptive optimizer was run");
  });

  it("picks an even spread of tokens when there are too many for a legend", async () => {
    const K = 40;
    const result = fakeResult(20);
    const tokens = Array.from({ length: K }, (_, k) => ({ name: `t${k}`, frequency: 0.9 / (k + 1), trueWeight: 1 }));
    result.config.tokens = tokens;
    for (const run of result.runs) {
      run.finalWeights = tokens.map(() => 0.5);
      run.absError = tokens.map(() => 0.5);
      run.nonzeroPercent = tokens.map(() => 50);
      run.trajectory.weights = run.trajectory.steps.map(() => tokens.map(() => 0.5));
      if (run.effectiveLr) run.effectiveLr = tokens.map((_, k) => 1 + k);
    }
    const shown = plottedTokens(result);
    expect(shown).toHaveLength(12);
    expect(shown[0].name).toBe("t0");
    expect(shown.at(-1)?.name).toBe(`t${K - 1}`);
    const svg = await renderSvg(tokensFigure(result));
    expect(svg).toContain("12 of 40 tokens shown");
  });
});
