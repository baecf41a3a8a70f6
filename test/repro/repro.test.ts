// The reproductions at toy sizes ({scale: "test"}): every file each one promises exists, every
// figure is a valid SVG and PNG, the READMEs carry measured numbers, the index links every
// figure. The real `zipflab repro all` (minutes) is not run here.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPRO_NAMES, reproAll, type ReproAllOutcome } from "../../src/repro/all.js";
import { halfDecades } from "../../src/repro/tune-and-run.js";
import { inverseTopFrequency } from "../../src/repro/quadratic.js";
import { PNG_SIGNATURE } from "../plot/svg.js";

let out: string;
let all: ReproAllOutcome;
const stages: string[] = [];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "zipflab-repro-"));
  process.env.ZIPFLAB_CACHE_DIR = mkdtempSync(join(tmpdir(), "zipflab-repro-cache-")); // the brown repro's counts: never ~/.cache in tests
  all = await reproAll({ out, scale: "test", threads: 1, progress: { stage: (s) => void stages.push(s), update: () => {} } });
}, 300_000);

describe("zipflab repro at test scale", () => {
  it("runs every reproduction and reports its progress by stage", () => {
    expect(all.outcomes.map((o) => o.name)).toEqual(REPRO_NAMES);
    expect(REPRO_NAMES).toEqual([
      "tokens",
      "quadratic",
      "bigram-square",
      "linear-model",
      "bigram-softmax",
      "scaling",
      "brown",
      "transformer",
    ]);
    for (const name of REPRO_NAMES) expect(stages.some((s) => s.startsWith(`${name}:`))).toBe(true);
  });

  it("writes each figure as an SVG document and a PNG", () => {
    const expected: Record<string, string[]> = {
      tokens: ["figure"],
      quadratic: ["quadratic", "step-sizes"],
      "bigram-square": ["groups", "step-sizes"],
      "linear-model": ["groups", "class-stats", "step-sizes"],
      "bigram-softmax": ["groups", "step-sizes"],
      scaling: ["scaling"],
      brown: ["groups", "step-sizes"],
      transformer: ["figure1", "full-batch", "last-layer", "step-sizes-minibatch", "step-sizes-full-batch", "step-sizes-last-layer"],
    };
    for (const o of all.outcomes) {
      expect(o.figures.map((f) => f.name)).toEqual(expected[o.name]);
      for (const f of o.figures) {
        const svg = readFileSync(join(o.dir, f.svg), "utf8");
        expect(svg.startsWith("<svg")).toBe(true);
        expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
        expect(svg).toMatch(/aria-label="X-axis titled/);
        const png = readFileSync(join(o.dir, f.png));
        expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      }
    }
  });

  it("writes the results (and the step-size sweep) as data zipflab can read back", () => {
    for (const o of all.outcomes) {
      const results = JSON.parse(readFileSync(join(o.dir, "results.json"), "utf8"));
      expect(results).toBeTypeOf("object");
      if (o.files.includes("sweep.jsonl")) {
        const lines = readFileSync(join(o.dir, "sweep.jsonl"), "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l));
        expect(lines[0].zipflabSweep).toBe(1);
        expect(lines.length).toBeGreaterThan(2);
        expect(results.experiment).toBe("run");
      }
    }
  });

  it("writes a README per reproduction with its settings and the numbers it measured", () => {
    for (const o of all.outcomes) {
      const readme = readFileSync(join(o.dir, "README.md"), "utf8");
      expect(readme.startsWith(`# ${o.name}: `)).toBe(true);
      expect(readme).toContain("## Settings");
      expect(readme).toContain("## Measured in this run");
      for (const h of o.headline) expect(readme).toContain(h);
      for (const f of o.figures) expect(readme).toContain(`(${f.png})`);
    }
    const lm = readFileSync(join(out, "linear-model", "README.md"), "utf8");
    expect(lm).toMatch(/Step sizes chosen by the rule: GD [\d.]+.*, Adam [\d.]+.*, sign descent [\d.e-]+/);
    expect(lm).toMatch(/\*\*GD, η = [\d.]+\*\*: loss of G1 \(most frequent\) [\d.]+ → [\d.]+; of G3 \(rarest\)/);
    expect(readFileSync(join(out, "tokens", "README.md"), "utf8")).toMatch(/\*\*thalweg\*\* \(frequency 0\.001\): SGD ends at w = [\d.]+/);
  });

  it("writes out/index.html linking every figure and README", () => {
    const html = readFileSync(all.index, "utf8");
    expect(all.index).toBe(join(out, "index.html"));
    for (const o of all.outcomes) {
      for (const f of o.figures) {
        expect(html).toContain(`src="${o.name}/${f.png}"`);
        expect(html).toContain(`href="${o.name}/${f.svg}"`);
        expect(existsSync(join(out, o.name, f.png))).toBe(true);
      }
      expect(html).toContain(`href="${o.name}/README.md"`);
    }
  });
});

describe("reproduction settings", () => {
  it("use the papers' half-decade grids and GD's η = 1/π₁", () => {
    expect(halfDecades(-1, 0)).toEqual([0.1, 0.316228, 1]);
    expect(halfDecades(-4.5, -3)).toEqual([0.0000316228, 0.0001, 0.000316228, 0.001]);
    // π₁ = 1/H_d at α = 1: H_1000 ≈ 7.4855.
    expect(inverseTopFrequency(1000, 1)).toBeCloseTo(7.48547, 4);
  });
});
