import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { corpusFromText } from "../../../src/corpus/corpus.js";
import { fuse } from "../../../src/optimizers/chain.js";
import { buildChain, resolveOptimizer } from "../../../src/optimizers/registry.js";
import { runTwin } from "../../../src/loop/twin.js";
import { countsGd, countsLaw, countsSign } from "../../../src/experiments/scaling/counts-law.js";
import { cli } from "../../helpers/cli.js";
import { bigramSquareFromCounts } from "../../../src/problems/bigram-square/counts.js";
import { cutTexts } from "../../plot/svg.js";

const dir = mkdtempSync(join(tmpdir(), "zipflab-scaling-corpus-"));
process.env.ZIPFLAB_CACHE_DIR = join(dir, "cache");
const TEXT = "the cat sat on the mat and the dog sat on the log while a cat and a dog met on a mat by the log and ran".repeat(3);

describe("the scaling law on real counts", () => {
  it("the closed forms of GD (per row) and sign descent (per entry) equal the step-by-step runs", () => {
    const counts = corpusFromText(TEXT, 12).counts;
    const problem = bigramSquareFromCounts(counts);
    const law = countsLaw(counts);
    const excess0 = problem.twinLoss(new Float32Array(counts.d * counts.d)) - problem.optimalLoss;
    expect(Math.abs(excess0 - law.initialExcess) / law.initialExcess).toBeLessThan(1e-6);
    const steps = Array.from({ length: 40 }, (_, t) => t + 1);
    for (const [name, lr] of [
      ["sgd", 1 / law.maxInput],
      ["sign", 0.01],
    ] as const) {
      const out = runTwin(problem, fuse(buildChain(resolveOptimizer(name, lr))), { steps: 40, seed: 0, recordSteps: steps });
      const curve = name === "sgd" ? countsGd(law, lr) : countsSign(law, lr);
      steps.forEach((t, j) => {
        const measured = (out.exactLoss![j] - problem.optimalLoss) / law.initialExcess;
        // f32 weights and f32-rounded step sums: agreement to ~1e-5 of L(0) − L*.
        expect(Math.abs(measured - curve.relativeLoss(t)), `${name} t = ${t}`).toBeLessThan(2e-5);
      });
    }
  });

  it("steps to ε of the closed forms are the first steps at or below ε (any parity for GD, per parity for sign)", () => {
    const law = countsLaw(corpusFromText(TEXT, 12).counts);
    const gd = countsGd(law, 1 / law.maxInput);
    const t = gd.stepsTo(0.1, 10_000)!;
    expect(gd.relativeLoss(t)).toBeLessThanOrEqual(0.1);
    expect(gd.relativeLoss(t - 1)).toBeGreaterThan(0.1);
    const sign = countsSign(law, 0.02);
    for (const parity of ["even", "odd"] as const) {
      const s = sign.stepsTo(0.3, parity, 10_000)!;
      expect(s % 2).toBe(parity === "even" ? 0 : 1);
      expect(sign.relativeLoss(s)).toBeLessThanOrEqual(0.3);
      if (s >= 2) expect(sign.relativeLoss(s - 2)).toBeGreaterThan(0.3);
    }
  });

  it("zipflab scaling --corpus FILE fits exponents beside the synthetic law; bad input is a named error", async () => {
    const file = join(dir, "text.txt");
    const { writeFileSync, existsSync } = await import("node:fs");
    writeFileSync(file, Array.from({ length: 6000 }, (_, t) => `w${((t * 7919) % 97) % (1 + (t % 13) * 7)}`).join(" "));
    const r = await cli(
      "scaling",
      "--corpus",
      file,
      "--vocabs",
      "10,20,40",
      "--eps",
      "0.3",
      "--json",
      join(dir, "s.json"),
      "--figure",
      join(dir, "fig"),
    );
    expect(r.code, r.err).toBe(0);
    // The legend's title and labels whole, not cut with "…" ("fit: steps ∝ V^b (95% interv…").
    const svg = readFileSync(join(dir, "fig.svg"), "utf8");
    expect(svg).toContain(">fit: steps ∝ V^b (95% interval)</text>");
    expect(cutTexts(svg)).toEqual([]);
    expect(r.out).toMatch(/fitted exponent b of steps ∝ V\^b/);
    expect(r.out).toMatch(/GD, η = 1\/π₁, ε 0\.3\s+-?\d\.\d\d/);
    expect(existsSync(join(dir, "s.json"))).toBe(true);
    for (const [args, message] of [
      [["--corpus", "nope"], /corpus: unknown corpus "nope"/],
      [["--corpus", file, "--vocabs", "10,1"], /--vocabs\[1\]: must be an integer ≥ 2/],
      [["--corpus", file, "--vocabs", "10,100000"], /vocab: must be at most the number of distinct words/],
      [["--corpus", file, "--d-max", "1000"], /--d-max: does not apply with --corpus/],
    ] as [string[], RegExp][]) {
      const bad = await cli("scaling", ...args, "--json", join(dir, "never.json"));
      expect(bad.code, args.join(" ")).toBe(2);
      expect(bad.err).toMatch(new RegExp(`^zipflab: error: ${message.source}`));
      expect(existsSync(join(dir, "never.json"))).toBe(false);
    }
  }, 60_000);
});
