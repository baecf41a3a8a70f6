import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "zipflab-cli-"));

afterEach(() => {
  process.exitCode = 0;
});

describe("zipflab tokens (command line)", () => {
  it("prints the table and writes the JSON result", async () => {
    const file = join(dir, "ok.json");
    const { out, code } = await cli("tokens", "--steps", "300", "--json", file);
    expect(code).toBe(0);
    expect(out).toMatch(/thalweg/);
    expect(out).toMatch(/Effective learning rate/);
    const result = JSON.parse(readFileSync(file, "utf8"));
    expect(result.runs).toHaveLength(2);
    expect(result.runs[0].trajectory.weights).toHaveLength(301);
    expect(result.config.steps).toBe(300);
  });

  it("-q prints nothing on stdout, and still writes the files asked for", async () => {
    const file = join(dir, "quiet.json");
    const { out, err, code } = await cli("tokens", "--steps", "50", "--json", file, "-q");
    expect([code, out, err]).toEqual([0, "", ""]);
    expect(JSON.parse(readFileSync(file, "utf8")).config.steps).toBe(50);
    expect((await cli("tokens", "--help")).out).toMatch(/-q, --quiet +print nothing but errors and warnings/);
  });

  it("--help lists every option with its default", async () => {
    const { out } = await cli("tokens", "--help");
    for (const option of [
      "--opt",
      "--lr",
      "--steps",
      "--batch",
      "--noise",
      "--seed",
      "--freqs",
      "--names",
      "--true-weights",
      "--json",
      "--record",
    ]) {
      expect(out).toContain(option);
    }
    expect(out).toMatch(/default: "0\.95,0\.6,0\.2,0\.05,0\.005,0\.001"/);
  });

  it.each([
    [["--lr", "0"], /lr: .*\(0, ∞\)/],
    [["--lr", "abc"], /lr: must be a decimal number \(got "abc"\)/],
    [["--freqs", "0.5,1.2"], /tokens\[1\]\.frequency: .*\[0, 1\]/],
    [["--batch", "0"], /batch: .*\[1, /],
    [["--steps", "2.5"], /steps: .*integer/],
    [["--opt", "adamx"], /unknown optimizer "adamx"/],
    [["--freqs", "0.5,0.1", "--names", "a,b,c"], /names: lists 3 tokens but freqs lists 2/],
    [["--freqs", "0.5,0.1", "--true-weights", "1"], /true-weights: lists 1 weights but freqs lists 2 tokens/],
  ])("bad input %j: a clear error naming the field, exit 2, no file written", async (args, pattern) => {
    const file = join(dir, `bad-${args.join("_")}.json`);
    const { err, code } = await cli("tokens", ...args, "--json", file);
    expect(code).toBe(2);
    expect(err).toMatch(pattern);
    expect(existsSync(file)).toBe(false);
  });

  it("custom tokens and optimizer specs run", async () => {
    const { out, code } = await cli(
      "tokens",
      "--freqs",
      "0.9,0.01",
      "--names",
      "common,rare",
      "--steps",
      "200",
      "--opt",
      "sign:momentum=0.9",
      "adam:b1=0",
    );
    expect(code).toBe(0);
    expect(out).toMatch(/common/);
    expect(out).toMatch(/sign \(η 0\.05\), adam \(η 0\.05\)/);
  });
});
