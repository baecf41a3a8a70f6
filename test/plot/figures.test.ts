// Which figures a saved result draws: each figure declares the kind of result that draws it
// (src/plot/figures/<figure>/figure.ts); this holds the classification of results, the order,
// and that a figure's condition leaves it out where the result lacks what it needs.
import { describe, expect, it } from "vitest";
import { FIGURES, FIGURE_NAMES, RESULT_SOURCES, figureHelp, figuresFor, figuresOfKind, resultKind } from "../../src/plot/figures.js";
import { fakeResult } from "./fixture.js";
import { fakeQuadraticResult, fakeRunResult, fakeScalingResult } from "./run-fixture.js";
import { ConfigError } from "../../src/config/error.js";
import { PROBLEMS } from "../../src/problems/registry.js";

const names = (data: unknown) => figuresFor(JSON.parse(JSON.stringify(data))).map((f) => f.name);
const declared = (kind: Parameters<typeof figuresOfKind>[0]) => figuresOfKind(kind).map((f) => f.name);

describe("which figures a saved result draws", () => {
  it("tells each kind of result by its shape", () => {
    expect(resultKind(fakeResult())).toBe("tokens");
    expect(resultKind(fakeRunResult())).toBe("run");
    expect(resultKind(fakeScalingResult())).toBe("scaling");
    expect(resultKind({ experiment: "scaling-corpus", config: {}, fits: [], synthetic: {} })).toBe("scaling-corpus");
    expect(resultKind({ fits: [], config: {} })).toBeNull();
  });

  it("draws a result's figures in the declared order, the conditional ones where the result has their data", () => {
    expect(names(fakeResult())).toEqual(declared("tokens"));
    expect(names(fakeScalingResult())).toEqual(declared("scaling"));
    // a run draws its kind's figures in order, less those its data or its problem rule out
    const drawn = names(fakeRunResult());
    expect(drawn).toEqual(declared("run").filter((n) => drawn.includes(n)));
    expect(drawn).toEqual(expect.arrayContaining(["groups", "class-stats"]));
    // without per-class statistics: no class-stats; a figure a problem must declare only for it
    expect(names(fakeRunResult(false))).not.toContain("class-stats");
    expect(names(fakeRunResult(false))).toContain("groups");
    expect(drawn).not.toContain("quadratic");
    expect(PROBLEMS.quadratic.figures).toContain("quadratic");
    expect(names(fakeQuadraticResult())[0]).toBe("quadratic");
  });

  it("declares every figure once, with a --help line that fits one line", () => {
    expect(new Set(FIGURE_NAMES).size).toBe(FIGURES.length);
    const help = figureHelp();
    for (const f of FIGURES) {
      expect(f.description.length, f.name).toBeLessThanOrEqual(58);
      expect(help).toMatch(new RegExp(`^ +${f.name} +${f.description.replace(/[()]/g, "\\$&").slice(0, 20)}`, "m"));
      expect(Object.keys(RESULT_SOURCES)).toContain(f.result);
    }
  });

  it("refuses anything else, naming the field", () => {
    expect(() => figuresFor({ hello: 1 }, "file")).toThrow(ConfigError);
    expect(() => figuresFor([1, 2], "file")).toThrow(/is not a result zipflab can plot/);
  });
});
