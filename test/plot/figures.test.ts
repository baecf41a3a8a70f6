import { describe, expect, it } from "vitest";
import { figuresFor } from "../../src/plot/figures.js";
import { fakeResult } from "./fixture.js";
import { fakeQuadraticResult, fakeRunResult, fakeScalingResult } from "./run-fixture.js";
import { ConfigError } from "../../src/config/error.js";

describe("which figures a saved result draws", () => {
  it("matches each kind of result to its figures", () => {
    const names = (data: unknown) => figuresFor(JSON.parse(JSON.stringify(data))).map((f) => f.name);
    expect(names(fakeResult())).toEqual(["tokens"]);
    expect(names(fakeRunResult())).toEqual(["groups", "class-stats"]);
    expect(names(fakeRunResult(false))).toEqual(["groups"]);
    expect(names(fakeQuadraticResult())).toEqual(["quadratic"]);
    expect(names(fakeScalingResult())).toEqual(["scaling"]);
  });

  it("refuses anything else, naming the field", () => {
    expect(() => figuresFor({ hello: 1 }, "file")).toThrow(ConfigError);
    expect(() => figuresFor([1, 2], "file")).toThrow(/is not a result zipflab can plot/);
  });
});
