import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "../../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "zipflab-scaling-"));

afterEach(() => {
  process.exitCode = 0;
});

describe("zipflab scaling (command line)", () => {
  it("prints one row per (optimizer, step size, α, ε, iterates) and writes JSON and CSV", async () => {
    const json = join(dir, "s.json");
    const csv = join(dir, "s.csv");
    const { out, code } = await cli(
      "scaling",
      "--d-max",
      "3000",
      "--points",
      "3",
      "--alpha",
      "1",
      "--eps",
      "0.3",
      "--adam-d-max",
      "1000",
      "--json",
      json,
      "--csv",
      csv,
    );
    expect(code).toBe(0);
    expect(out).toMatch(/d = 100 … 3000 \(3 sizes/);
    expect(out).toMatch(/sgd\s+η = 1\/π₁\s+1\s+0\.3\s+all\s+0\.\d{3} \[/);
    expect(out).toMatch(/sign\s+tuned\s+1\s+0\.3\s+even/);
    expect(out).toMatch(/sign\s+tuned\s+1\s+0\.3\s+odd/);
    expect(out).toMatch(/adam\s+tuned\s+1\s+0\.3\s+all/);
    expect(out).toMatch(/0\.70/); // GD's theory exponent at α = 1
    const result = JSON.parse(readFileSync(json, "utf8"));
    expect(result.ds).toEqual([100, 548, 3000]);
    expect(result.fits).toHaveLength(5);
    // sgd: 2 rules × 3 d; sign: 2 parities × 3 d; adam: 2 d (≤ 1000)
    expect(result.points).toHaveLength(6 + 6 + 2);
    const lines = readFileSync(csv, "utf8").trim().split("\n");
    expect(lines[0]).toBe("optimizer,lrRule,parity,alpha,d,eps,steps,lr,edge,method");
    expect(lines).toHaveLength(1 + 14);
  });

  it("--help lists the options", async () => {
    const { out } = await cli("scaling", "--help");
    for (const option of [
      "--d-min",
      "--d-max",
      "--points",
      "--alpha",
      "--eps",
      "--optimizers",
      "--adam-d-max",
      "--steps-max",
      "--json",
      "--csv",
      "--method",
    ]) {
      expect(out).toContain(option);
    }
    expect(out).toMatch(/default: "0\.5,1,1\.5"/);
  });

  it.each([
    [["--eps", "0.5,1"], /--eps\[1\]: .*\(0, 1\)/],
    [["--d-min", "abc"], /--d-min: must be a decimal number/],
    [["--optimizers", "sgd,gd"], /--optimizers: must not repeat an? optimizer/],
    [["--optimizers", "sgd,momentum"], /--optimizers\[1\]: must be sgd, sign or adam/],
    [["--d-min", "1000", "--d-max", "10"], /--d-max: must be ≥ the smallest d, 1000/],
    [["--method", "reduced", "--adam-eps", "1e-8"], /--method: "reduced" does not cover adam/],
  ])("%j is an error naming the option", async (args, message) => {
    const { err, code } = await cli("scaling", ...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
