// Command-line values are read exactly as typed: decimal numbers only, no empty values, and the
// optimizer list syntax that --help shows as the default ("sgd,adam") extends to specs.
import { describe, expect, it } from "vitest";
import { parseOptimizerSpec } from "../../src/optimizers/registry.js";
import { cli } from "../helpers/cli.js";
import { parseNumber } from "../../src/config/parse-text.js";
import { parseOptimizers } from "../../src/optimizers/registry.js";

describe("numbers are decimal", () => {
  it.each(["12", "-0.5", ".5", "5.", "1e-3", "2.5E+4", " 7 "])("%j is read", (text) => {
    expect(parseNumber("x", text)).toBe(Number(text));
  });
  it.each(["0x10", "0b1", "0o7", "", " ", "Infinity", "1e", "1,5", "NaN", "1_000"])("%j is refused, naming the field", (text) => {
    expect(() => parseNumber("seed", text)).toThrow(/^seed: must be a decimal number/);
  });
});

describe("optimizer specs", () => {
  it("an empty value is an error, not 0", () => {
    expect(() => parseOptimizerSpec("adam:b1=")).toThrow(/b1: has no value/);
    expect(() => parseOptimizerSpec("adam:=1")).toThrow(/expected key=value/);
    expect(() => parseOptimizerSpec(":b1=1")).toThrow(/needs an optimizer name/);
    expect(() => parseOptimizerSpec("adam:b1=0.5,b1=0.6")).toThrow(/b1: is given twice/);
  });
  it("hexadecimal is kept as text for the schema to refuse, not read as a number", () => {
    expect(parseOptimizerSpec("adam:b1=0x1")).toEqual({ name: "adam", b1: "0x1" });
    expect(parseOptimizerSpec("adam:b1=0,lazy=true,lr=1e-3")).toEqual({ name: "adam", b1: 0, lazy: true, lr: 1e-3 });
  });
  it("a list mixes names and specs: key=value items continue the spec before them", () => {
    expect(parseOptimizers(["sgd,adam:b1=0,b2=0.99,sign", "signum:beta=0.5"])).toEqual([
      { name: "sgd" },
      { name: "adam", b1: 0, b2: 0.99 },
      { name: "sign" },
      { name: "signum", beta: 0.5 },
    ]);
    expect(() => parseOptimizers(["sgd,b1=0"])).toThrow(/--opt: "b1=0" needs an optimizer before it/);
    expect(() => parseOptimizers([""])).toThrow(/--opt: must be a comma-separated list without empty items/);
  });
});

describe("zipflab tokens/run refuse misread inputs with exit 2", () => {
  it.each([
    [["tokens", "--opt", "adam:b1="], /zipflab: error: optimizer "adam:b1=".b1: has no value/],
    [["tokens", "--opt", "adam:b1=0x1"], /zipflab: error: optimizers\[0\]\.b1: .*got "0x1"/],
    [["tokens", "--seed", "0x10"], /zipflab: error: seed: must be a decimal number \(got "0x10"\)/],
    [["tokens", "--names", ""], /zipflab: error: names: must be a comma-separated list without empty items/],
    [["tokens", "--freqs", ""], /zipflab: error: freqs: must be a comma-separated list without empty items/],
    [["tokens", "--true-weights", ""], /zipflab: error: true-weights: must be a comma-separated list without empty items/],
    [["tokens", "--opt", ""], /zipflab: error: --opt: must be a comma-separated list/],
    [["run", "quadratic", "--d", "0x100"], /zipflab: error: problem\.d: must be a decimal number/],
    [
      ["run", "quadratic", "--steps", "10", "--schedule", "cosine:warmup=1000"],
      /zipflab: error: schedule\.warmup: must be less than the run's steps \(10\) \(got 1000\)/,
    ],
    [["run", "quadratic", "--steps", "10", "--schedule", "cosine:warmup="], /zipflab: error: schedule\.warmup: has no value/],
  ])("%j", async (args, message) => {
    const { out, err, code } = await cli(...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe("");
  });

  it("the list syntax --help shows works with specs: --opt sgd,adam:b1=0", async () => {
    const { out, code } = await cli("tokens", "--steps", "20", "--opt", "sgd,adam:b1=0");
    expect(code).toBe(0);
    expect(out).toMatch(/sgd/);
    expect(out).toMatch(/adam/);
  });
});
