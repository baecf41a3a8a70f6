// zipflab run transformer from the command line: a run, its checkpoint and a restart from it,
// and bad input named, exit 2, nothing written.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "zipflab-transformer-"));
const SMALL = [
  "--vocab",
  "200",
  "--context",
  "8",
  "--width",
  "16",
  "--layers",
  "1",
  "--heads",
  "2",
  "--windows",
  "8",
  "--validation",
  "8",
  "--steps",
  "10",
  "--threads",
  "1",
];

describe("zipflab run transformer", () => {
  it("runs on Brown, reports the training and held-out loss per group, saves a checkpoint that --init restarts from", async () => {
    const json = join(dir, "run.json"),
      model = join(dir, "model.bin");
    const first = await cli("run", "transformer", ...SMALL, "--opt", "adam:lr=0.01", "--json", json, "--save", model);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/held-out/);
    expect(first.out).toMatch(/G1 = the unknown class <unk> alone/);
    expect(first.out).toContain(`wrote ${model}`);
    const r = JSON.parse(readFileSync(json, "utf8"));
    expect(r.runs[0].validationLoss).toHaveLength(r.runs[0].steps.length);
    expect(r.runs[0].finalLoss).toBeLessThan(r.runs[0].initialLoss);
    // --init: the run starts where the first ended
    const again = join(dir, "again.json");
    const second = await cli("run", "transformer", ...SMALL, "--opt", "adam:lr=0.01", "--init", model, "--json", again, "-q");
    expect(second.code, second.err).toBe(0);
    expect(JSON.parse(readFileSync(again, "utf8")).runs[0].initialLoss).toBe(r.runs[0].finalLoss);
    // --train last on the checkpoint's features: only the unembedding trains, from a fresh head
    const last = await cli(
      "run",
      "transformer",
      ...SMALL,
      "--batch",
      "full",
      "--train",
      "last",
      "--init",
      model,
      "--opt",
      "sgd:lr=3",
      "-q",
    );
    expect(last.code, last.err).toBe(0);
    // --save replaces its own checkpoint, not a user's file
    const mine = join(dir, "mine.bin");
    writeFileSync(mine, "not a checkpoint");
    const refused = await cli("run", "transformer", ...SMALL, "--opt", "adam", "--save", mine, "-q");
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--save: .*exists and is not a file zipflab wrote/);
    expect(readFileSync(mine, "utf8")).toBe("not a checkpoint");
    const replaced = await cli("run", "transformer", ...SMALL, "--opt", "adam", "--save", model, "-q");
    expect(replaced.code, replaced.err).toBe(0);
  });

  it("--help documents the transformer's options with examples", async () => {
    const { out } = await cli("run", "--help");
    for (const s of [
      "transformer",
      "--context",
      "--width",
      "--layers",
      "--heads",
      "--windows",
      "--sample",
      "--held-out",
      "--train",
      "--save",
      "--init",
      "--train last",
    ]) {
      expect(out).toContain(s);
    }
  });

  it.each([
    [["--heads", "3"], /problem\.heads: must divide the width D = 128/],
    [["--context", "0"], /problem\.context: must be an integer in \[1, 4096\]/],
    [["--train", "some"], /problem\.train: must be "all" or "last"/],
    [["--sample", "x"], /problem\.sample: must be "set" or "stream"/],
    [["--held-out", "0.7"], /problem\.heldOut: must be a finite number in \(0, 0\.5\]/],
    [["--windows", "100000000"], /problem\.windows: must be an integer in \[1, 1048576\]/],
    [["--held-out", "0.5", "--windows", "1048576"], /problem\.windows: must be at most the \d+ training windows of brown at T = 64/],
    [["--init", "/nonexistent/model.bin"], /problem\.init: no such checkpoint file/],
    [["--width", "4096", "--layers", "64"], /problem\.width: needs .* of WebAssembly memory.*lower --width, --layers/],
    [["--opt", "sgd", "adam", "--save", "x.bin"], /--save: keeps one model: give one optimizer/],
    [["--d", "10"], /problem\.d: is not an option of transformer/],
  ])("bad input %j: error naming the field, exit 2, nothing written", async (args, pattern) => {
    const file = join(dir, `bad-${args.join("_").replace(/\//g, "")}.json`);
    const { err, code } = await cli("run", "transformer", ...args, "--steps", "2", "--threads", "1", "--json", file, "-q");
    expect(code).toBe(2);
    expect(err).toMatch(pattern);
    expect(existsSync(file)).toBe(false);
  });

  it("--save is the transformer's alone", async () => {
    const { err, code } = await cli("run", "quadratic", "--steps", "2", "--save", join(dir, "q.bin"), "-q");
    expect(code).toBe(2);
    expect(err).toMatch(/--save: keeps a trained model \(transformer\); quadratic has none to save/);
  });
});
