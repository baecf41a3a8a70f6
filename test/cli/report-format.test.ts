// What the text reports say must not mislead: ρ(rarity) only where it means something,
// one header per run even for variants of one optimizer, notes that name their run, numbers
// at a readable precision, and sweep counts per group.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rarityCorrelation } from "../../src/experiments/run/report.js";
import { optimizerLabels } from "../../src/optimizers/labels.js";
import { resolveOptimizer } from "../../src/optimizers/registry.js";
import { formatNumber } from "../../src/io/table.js";
import { expandSweep } from "../../src/sweep/expand.js";
import { jsonLine, makeHeader } from "../../src/sweep/results.js";
import { readSpecFile } from "../../src/sweep/spec.js";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../sweep/helpers.js";
import { SWEEP_RUNNERS } from "../../src/experiments/sweep-runners.js";

/** The table row of a run: its cells split on runs of spaces. */
function row(out: string, label: string): string[] {
  const line = out.split("\n").find((l) => l.startsWith(`${label} `));
  expect(line, `row ${label} in\n${out}`).toBeDefined();
  return line!.trim().split(/\s{2,}/);
}

describe("ρ(rarity)", () => {
  it("is null for group losses equal to within 0.1% and for non-finite ones", () => {
    expect(rarityCorrelation([[0.5], [0.5000001], [0.4999999], [0.5]])).toBeNull();
    expect(rarityCorrelation([[1], [2], [Infinity]])).toBeNull();
    expect(rarityCorrelation([[1], [2], [3]])).toBe(1);
  });

  it("prints – for a run that barely moved and for a diverged run; a real trend keeps its number", async () => {
    const { out, code } = await cli("run", "quadratic", "--steps", "30", "--opt", "sgd:lr=1e-9", "sgd:lr=100", "sgd:lr=5");
    expect(code).toBe(0);
    expect(row(out, "sgd:lr=1e-9").at(-1)).toBe("–");
    expect(row(out, "sgd:lr=100 !").at(-1)).toBe("–");
    expect(row(out, "sgd:lr=5").at(-1)).toBe("1.00"); // GD: the rarer the group, the higher its loss
  });
});

describe("runs are told apart", () => {
  it("variants of one optimizer get distinct labels in spec syntax", () => {
    const configs = ["sign", { name: "sign", momentum: 0.9 }, "adam", { name: "adam", lr: 0.1 }, "sgd", "sgd"].map((o) =>
      resolveOptimizer(o, 0.01),
    );
    expect(optimizerLabels(configs)).toEqual(["sign:momentum=0", "sign:momentum=0.9", "adam:lr=0.01", "adam:lr=0.1", "sgd #5", "sgd #6"]);
  });

  it("zipflab tokens and run print one header per variant, and notes name their run", async () => {
    const tokens = await cli("tokens", "--steps", "30", "--opt", "sign", "sign:momentum=0.9");
    expect(tokens.out).toMatch(/sign:momentum=0 +\|err\| +sign:momentum=0\.9 +\|err\|/);
    const run = await cli("run", "linear-model", "--levels", "3", "--d", "8", "--steps", "20", "--opt", "sgd:lr=1000", "sgd:lr=0.1");
    expect(run.out).toMatch(/^! sgd:lr=1000 \(η 1000\): diverged/m);
  });
});

describe("numbers at a readable precision", () => {
  it("formatNumber: exact zero as 0, tiny and huge values in exponent form, three significant digits", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(4e-7)).toBe("4.00e-7");
    expect(formatNumber(1.7976264145754215e29)).toBe("1.80e+29");
    expect(formatNumber(0.6543)).toBe("0.654");
    expect(formatNumber(NaN)).toBe("–");
  });

  it("no report prints a number with ten or more digits, or a 0.000 group loss next to a huge one", async () => {
    const tokens = await cli("tokens", "--steps", "100", "--lr", "1e14", "--opt", "sgd", "sign");
    const run = await cli("run", "linear-model", "--levels", "4", "--d", "32", "--steps", "50", "--opt", "sgd:lr=1000", "adam:lr=10");
    for (const out of [tokens.out, run.out]) expect(out).not.toMatch(/\d{10,}/);
    expect(run.out).not.toMatch(/\b0\.000\b/);
  });
});

describe("zipflab report", () => {
  it("counts step sizes and seeds per group, not across groups", async () => {
    const dir = tempDir("report-counts");
    const spec = join(dir, "s.json");
    writeFileSync(
      spec,
      JSON.stringify({
        problem: "tokens",
        fixed: { steps: 20, batch: 4 },
        grid: [
          { optimizer: ["sgd"], lr: [0.01, 0.1], seed: [0, 1] },
          { optimizer: ["adam"], lr: [0.001, 0.01, 0.1], seed: [0, 1] },
        ],
      }),
    );
    expect((await cli("sweep", spec, "-q", "--threads", "1")).code).toBe(0);
    const { out, code } = await cli("report", join(dir, "s.results.jsonl"), "--no-csv");
    expect(code).toBe(0);
    expect(out).toContain("chosen per group from 2–3 values by the worst of 2 seeds");
  });

  it("a results file without a finished cell: exit 2 and a clear message, no CSV", async () => {
    const dir = tempDir("report-empty");
    const spec = join(dir, "s.json");
    writeFileSync(spec, JSON.stringify({ problem: "tokens", fixed: { steps: 20, optimizer: "sgd" }, grid: { lr: [0.01], seed: [0] } }));
    const results = join(dir, "s.results.jsonl");
    // What a sweep killed before its first cell leaves: the header line only.
    writeFileSync(results, jsonLine(makeHeader(expandSweep(await readSpecFile(spec), SWEEP_RUNNERS), null)));
    const { err, code } = await cli("report", results);
    expect(code).toBe(2);
    expect(err).toContain("holds no finished cell yet (0 of 1)");
  });
});
