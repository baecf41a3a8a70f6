// <zipflab-demo>'s attributes read like the CLI's flags: the same experiment input, the same
// named errors, and a CLI command that reproduces the element's run.
import { describe, expect, it } from "vitest";
import { cliCommand, requestFromAttributes } from "../../web/element/attributes.js";
import { PROBLEMS, PROBLEM_NAMES, pageOptions, problemAttributes, runFlags } from "../../src/problems/registry.js";
import { attributeOf, flagOf } from "../../src/problems/declaration.js";
import { runCommand } from "../../src/cli/run.js";

describe("element attributes", () => {
  it("a tokens element asks for what `zipflab tokens` builds from the same flags", () => {
    const request = requestFromAttributes({ experiment: "tokens", opt: "sgd adam:b1=0", lr: "0.1", seed: "3" });
    expect(request).toEqual({ kind: "tokens", input: { optimizers: [{ name: "sgd" }, { name: "adam", b1: 0 }], lr: 0.1, seed: 3 } });
  });

  it("problem options go into the problem's config by their registry field names; batch may be full", () => {
    const request = requestFromAttributes({ experiment: "bigram-softmax", d: "300", alpha: "1.5", batch: "full", "data-seed": "7" });
    expect(request.kind).toBe("run");
    expect(request.input).toMatchObject({ problem: "bigram-softmax", config: { d: 300, alpha: 1.5, batch: "full", seed: 7 }, steps: 300, lr: 0.01 });
  });

  it("bad attributes are the CLI's named errors", () => {
    expect(() => requestFromAttributes({ lr: "abc" })).toThrow('lr: must be a decimal number (got "abc")');
    expect(() => requestFromAttributes({ experiment: "bigram-softmax", levels: "3" })).toThrow(/^problem\.levels: is not an option of bigram-softmax/);
    expect(() => requestFromAttributes({ experiment: "nope" })).toThrow(/^experiment: unknown experiment "nope"/);
    expect(() => requestFromAttributes({ d: "10" })).toThrow("d: is not an option of the tokens experiment");
    expect(() => requestFromAttributes({ opt: "  " })).toThrow("opt: must name at least one optimizer");
  });

  it("the CLI command names the same settings", () => {
    expect(cliCommand({ experiment: "bigram-softmax", d: "300", opt: "sgd adam:lr=1e-3", "data-seed": "2" }))
      .toBe("npx zipflab run bigram-softmax --opt sgd adam:lr=1e-3 --d 300 --data-seed 2 --json result.json");
  });
});

describe("problem options, from each problem's declaration", () => {
  it("the page presents a problem's options with an attribute, and every attribute names one field", () => {
    for (const name of PROBLEM_NAMES) {
      for (const o of pageOptions(PROBLEMS[name])) expect(problemAttributes().get(attributeOf(o)!)).toBe(o.field);
    }
    expect(pageOptions(PROBLEMS["bigram-softmax"]).map((o) => o.field)).toContain("d");
    expect(pageOptions(PROBLEMS["bigram-softmax"]).map((o) => o.field)).not.toContain("corpus");
  });

  it("every option with a flag is a `zipflab run` flag, one per field", () => {
    const flags = runCommand().options.map((o) => o.long);
    for (const name of PROBLEM_NAMES) {
      for (const o of PROBLEMS[name].options) if (flagOf(o) !== null) expect(flags).toContain(flagOf(o));
    }
    expect(new Set(runFlags().map((f) => f.flag)).size).toBe(runFlags().length);
  });
});
