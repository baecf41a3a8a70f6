import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "zipflab-run-"));

describe("zipflab run (command line)", () => {
  it("runs a problem, prints per-group losses and writes the JSON", async () => {
    const file = join(dir, "quad.json");
    const { out, code } = await cli(
      "run",
      "quadratic",
      "--d",
      "1000",
      "--steps",
      "100",
      "--opt",
      "sgd:lr=5",
      "sign:lr=0.01",
      "--json",
      file,
    );
    expect(code).toBe(0);
    expect(out).toMatch(/G10/);
    expect(out).toMatch(/rel\. loss/);
    const r = JSON.parse(readFileSync(file, "utf8"));
    expect(r.runs).toHaveLength(2);
    expect(r.runs[0].groupLoss).toHaveLength(10);
    expect(r.runs[0].relativeLoss[0]).toBe(1);
  });

  it("-q prints nothing on stdout, and still writes the JSON", async () => {
    const file = join(dir, "quiet.json");
    const { out, err, code } = await cli("run", "quadratic", "--d", "50", "--steps", "10", "--json", file, "-q");
    expect([code, out, err]).toEqual([0, "", ""]);
    expect(existsSync(file)).toBe(true);
  });

  it("--help lists the problems and options", async () => {
    const { out } = await cli("run", "--help");
    for (const s of [
      "quadratic",
      "bigram-square",
      "bigram-softmax",
      "linear-model",
      "--alpha",
      "--batch",
      "--groups",
      "--schedule",
      "--json",
    ]) {
      expect(out).toContain(s);
    }
  });

  it.each([
    [["bigram-square", "--alpha", "-1"], /problem\.alpha: .*\[0, ∞\)/],
    [["bigram-square", "--d", "0"], /problem\.d: .*integer in \[1/],
    [["bigram-square", "--d", "60000"], /problem\.d: .*GiB/],
    [["linear-model", "--levels", "3", "--d", "4", "--batch", "100"], /problem\.batch: must be at most the number of samples N = 24/],
    [["quadratic", "--d", "5", "--groups", "6"], /groups: must be an integer in \[1, 5\]/],
    [["quadratic", "--levels", "3"], /problem\.levels: is not an option of quadratic/],
    [["nonsense"], /problem: unknown problem "nonsense"/],
  ])("bad input %j: error naming the field, exit 2, no file written", async (args, pattern) => {
    const file = join(dir, `bad-${args.join("_")}.json`);
    const { err, code } = await cli("run", ...args, "--steps", "5", "--json", file);
    expect(code).toBe(2);
    expect(err).toMatch(pattern);
    expect(existsSync(file)).toBe(false);
  });
});

describe("zipflab run --coupling", () => {
  it("reports Hessian diagonal vs off-diagonal block norms, diagonal dominant, for the linear model only", async () => {
    const { out, code } = await cli(
      "run",
      "linear-model",
      "--levels",
      "4",
      "--d",
      "32",
      "--steps",
      "20",
      "--opt",
      "adam:lr=1e-3",
      "--coupling",
    );
    expect(code).toBe(0);
    expect(out).toMatch(/class coupling at the end, one class per level/);
    const ratios = [...out.matchAll(/^L\d \(class \d+\)\s+\S+\s+\S+\s+(\S+)/gm)].map((m) => Number(m[1]));
    expect(ratios).toHaveLength(4);
    for (const r of ratios) expect(r).toBeGreaterThan(1);
    const bad = await cli("run", "quadratic", "--coupling", "--steps", "5");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/coupling: is computed for linear-model only \(got problem /);
  });
});
