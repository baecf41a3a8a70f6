import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { fakeRunResult, fakeSweep } from "../plot/run-fixture.js";
import { figuresFor } from "../../src/plot/figures.js";

const run = (args: string[]) => cli(...args);

describe("zipflab plot", () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("draws every figure of a run result beside the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zipflab-plot-"));
    const file = join(dir, "run.json");
    writeFileSync(file, JSON.stringify(fakeRunResult()));
    const { out, code } = await run(["plot", file]);
    expect(code).toBe(0);
    // every figure the result draws (test/plot/figures.test.ts says which)
    for (const name of figuresFor(JSON.parse(JSON.stringify(fakeRunResult()))).map((f) => f.name)) {
      expect(out).toContain(`wrote ${join(dir, `run-${name}.svg`)}`);
      expect(readFileSync(join(dir, `run-${name}.svg`), "utf8").startsWith("<svg")).toBe(true);
      expect(existsSync(join(dir, `run-${name}.png`))).toBe(true);
    }
  });

  it("draws the step-size figure of a sweep's JSONL, with curves from a run result", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zipflab-plot-"));
    const file = join(dir, "sweep.jsonl");
    const header = { zipflabSweep: 1, fingerprint: "f00d", problem: "linear-model", shard: null, cells: 6, spec: {} };
    const lines = fakeSweep().map((r) => ({ sweep: "f00d", key: `k${r.index}`, ...r }));
    writeFileSync(file, [header, ...lines].map((l) => JSON.stringify(l)).join("\n") + "\n");
    writeFileSync(join(dir, "run.json"), JSON.stringify(fakeRunResult()));
    const { out, code } = await run(["plot", file, "--curves", join(dir, "run.json"), "-o", join(dir, "fig")]);
    expect(code).toBe(0);
    expect(out).toContain(`wrote ${join(dir, "fig-step-sizes.svg")}`);
    expect(readFileSync(join(dir, "fig-step-sizes.svg"), "utf8")).toContain("(c) At the chosen step sizes");
  });

  it("draws the corpus-scaling figure from zipflab scaling --corpus --json, as scaling --figure does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zipflab-plot-"));
    const json = join(dir, "s.json");
    const made = await run([
      "scaling",
      "--corpus",
      "test/golden/corpus.txt",
      "--vocabs",
      "8,10",
      "--json",
      json,
      "--figure",
      join(dir, "direct"),
      "-q",
    ]);
    expect(made.code, made.err).toBe(0);
    const { out, code, err } = await run(["plot", json]);
    expect(code, err).toBe(0);
    expect(out).toContain(`wrote ${join(dir, "s-corpus-scaling.svg")}`);
    // the same figure: equal SVGs up to Vega's clip-path ids, which count renders in a process
    const svg = (name: string) => readFileSync(join(dir, name), "utf8").replace(/clip\d+/g, "clip");
    expect(svg("s-corpus-scaling.svg")).toContain("corpus.txt bigrams vs synthetic Zipf");
    expect(svg("s-corpus-scaling.svg")).toBe(svg("direct.svg"));
    expect(existsSync(join(dir, "s-corpus-scaling.png"))).toBe(true);
  });

  it("stops with exit code 2 on a file it cannot plot or a figure the file lacks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zipflab-plot-"));
    const file = join(dir, "x.json");
    writeFileSync(file, JSON.stringify({ hello: 1 }));
    const bad = await run(["plot", file]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("file: is not a result zipflab can plot");
    writeFileSync(file, JSON.stringify(fakeRunResult(false)));
    const missing = await run(["plot", file, "--figure", "scaling"]);
    expect(missing.code).toBe(2);
    const has = figuresFor(JSON.parse(JSON.stringify(fakeRunResult(false))))
      .map((f) => f.name)
      .join(", ");
    expect(missing.err).toContain(`has no scaling figure (it has: ${has})`);
  });
});
