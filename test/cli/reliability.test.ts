// Hostile input, class by class: each case ends in exit 2 with a named error and
// nothing changed on disk (sha256 before and after), or works correctly — never a hang, a stack
// trace or a silent wrong result. Cases that need a real process (FIFOs, signals, pipes) are in
// reliability-process.test.ts.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../sweep/helpers.js";
import { main } from "../../src/cli/main.js";
import * as parse from "../../src/config/parse-text.js";
import { singleClassGroupNote } from "../../src/experiments/run/report.js";
import { buildAliasTable } from "../../src/rng/alias.js";
import { Xoshiro128 } from "../../src/rng/xoshiro.js";
import { spearman } from "../../src/metrics/rank-correlation.js";
import { zipfFrequencies } from "../../src/problems/shared/zipf.js";
import { runTokensExperiment } from "../../src/experiments/tokens/run.js";
import { corpusFromText } from "../../src/corpus/corpus.js";
import { readSpecFile } from "../../src/sweep/spec.js";
import { expandSweep, MAX_CELLS } from "../../src/sweep/expand.js";
import { SWEEP_RUNNERS } from "../../src/experiments/sweep-runners.js";
import { ConfigError } from "../../src/config/error.js";
import type { ProblemRunResult } from "../../src/results/run.js";

const root = tempDir("reliability");
let n = 0;
const dir = () => {
  const d = join(root, String(n++));
  mkdirSync(d);
  return d;
};
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const shaOfTree = (folder: string): Record<string, string> =>
  Object.fromEntries(readdirSync(folder).map((f) => [f, statSync(join(folder, f)).isFile() ? sha(join(folder, f)) : "folder"]));

/** Runs the command; expects exit 2, the error naming `field`, no stack, and `paths` unchanged. */
async function refused(args: string[], field: string | RegExp, paths: string[] = []): Promise<string> {
  const before = paths.map((p) => (existsSync(p) ? sha(p) : null));
  const { code, err } = await cli(...args);
  expect(code, `${args.join(" ")}\n${err}`).toBe(2);
  expect(err).toMatch(
    typeof field === "string" ? new RegExp(`^zipflab: error: ${field.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}: `) : field,
  );
  expect(err).not.toMatch(/\n\s+at /);
  expect(paths.map((p) => (existsSync(p) ? sha(p) : null))).toEqual(before);
  return err;
}

/** A small finished sweep: spec and results file. */
async function sweepIn(d: string): Promise<{ spec: string; results: string }> {
  const spec = join(d, "s.json");
  writeFileSync(
    spec,
    JSON.stringify({ problem: "tokens", fixed: { steps: 5, batch: 4, optimizer: "sgd" }, grid: { lr: [0.01, 0.1], seed: [0, 1] } }),
  );
  expect((await cli("sweep", spec, "-q", "--threads", "1")).code).toBe(0);
  return { spec, results: join(d, "s.results.jsonl") };
}

function textFile(d: string, name = "notes.txt", text = "the cat sat on the mat and the dog sat on the cat\n"): string {
  const path = join(d, name);
  writeFileSync(path, text);
  return path;
}

describe("1. outputs that bypassed the ownership check", () => {
  it("corpus --json over a user's notes.json, --figure over a user's art.svg/.png: refused, files byte for byte", async () => {
    const d = dir();
    const corpus = textFile(d);
    const notes = join(d, "notes.json");
    writeFileSync(notes, '{"mine": 1}\n');
    await refused(["corpus", corpus, "--vocab", "5", "--json", notes, "--no-cache"], "--json", [notes]);
    writeFileSync(join(d, "art.svg"), "<svg>mine</svg>");
    writeFileSync(join(d, "art.png"), "my png");
    await refused(["corpus", corpus, "--vocab", "5", "--figure", join(d, "art"), "--no-cache"], "--figure", [
      join(d, "art.svg"),
      join(d, "art.png"),
    ]);
  });

  it("scaling --corpus … --figure over a user's mine.png: refused", async () => {
    const d = dir();
    writeFileSync(join(d, "mine.png"), "my png");
    await refused(["scaling", "--corpus", textFile(d), "--vocabs", "3,4", "--figure", join(d, "mine"), "-q", "--no-cache"], "--figure", [
      join(d, "mine.png"),
    ]);
  });

  it("report r.jsonl --csv r.jsonl would replace the results it reads: refused, even with --force", async () => {
    const d = dir();
    const { results } = await sweepIn(d);
    await refused(["report", results, "--csv", results], "--csv", [results]);
    const err = await refused(["report", results, "--csv", results, "--force"], "--csv", [results]);
    expect(err).toContain("is an input of this command (results)");
  });

  it("tokens --json res.jsonl over a sweep results file: refused by kind (a results file is not a JSON result)", async () => {
    const d = dir();
    const { results } = await sweepIn(d);
    const err = await refused(["tokens", "--steps", "5", "-q", "--json", results], "--json", [results]);
    expect(err).toContain("is a sweep results file of zipflab's, not a JSON result");
  });

  it("outputs are checked before any work: corpus with a bad --json builds no cache", async () => {
    const d = dir();
    const cache = join(d, "cache");
    await refused(["corpus", textFile(d), "--vocab", "5", "--cache-dir", cache, "--json", join(d, "x", "..", "..", "..")], "--json");
    expect(existsSync(cache)).toBe(false);
  });

  it("a hard link or a symlink to an input is the input: refused", async () => {
    const d = dir();
    const { results } = await sweepIn(d);
    execFileSync("ln", [results, join(d, "hard.csv")]);
    execFileSync("ln", ["-s", results, join(d, "soft.csv")]);
    await refused(["report", results, "--csv", join(d, "hard.csv"), "--force"], "--csv", [results]);
    await refused(["report", results, "--csv", join(d, "soft.csv"), "--force"], "--csv", [results]);
  });
});

describe("3. an interrupted or failed repro leaves the earlier folder as it was", () => {
  it("a reproduction that fails part-way changes nothing in <out>/<name>/ and leaves no stage behind", async () => {
    const d = dir();
    expect((await cli("repro", "tokens", "--scale", "test", "--out", d, "-q")).code).toBe(0);
    const before = shaOfTree(join(d, "tokens"));
    const spy = vi
      .spyOn(await import("../../src/experiments/tokens/run.js"), "runTokensExperiment")
      .mockRejectedValueOnce(new ConfigError("steps", "simulated failure mid-run"));
    try {
      await refused(["repro", "tokens", "--scale", "test", "--out", d, "-q"], "steps");
    } finally {
      spy.mockRestore();
    }
    expect(shaOfTree(join(d, "tokens"))).toEqual(before);
    expect(readdirSync(d).filter((f) => f.includes("staging"))).toEqual([]);
  });
});

describe("9. silent wrong results", () => {
  it("the same file for two outputs of one command is refused, naming both", async () => {
    const d = dir();
    const { results } = await sweepIn(d);
    const same = join(d, "same.csv");
    const err = await refused(["report", results, "--csv", same, "--cells-csv", same], "--cells-csv");
    expect(err).toContain("is also the file of --csv");
    await refused(
      [
        "scaling",
        "--optimizers",
        "sgd",
        "--d-max",
        "100",
        "--points",
        "2",
        "--alpha",
        "1",
        "--eps",
        "0.5",
        "-q",
        "--json",
        join(d, "x.csv"),
        "--csv",
        join(d, "x.csv"),
      ],
      "--csv",
    );
    // …also through a folder's "..": one file, two spellings.
    await refused(["report", results, "--csv", same, "--cells-csv", join(d, "sub", "..", "same.csv")], "--cells-csv");
    expect(existsSync(same)).toBe(false);
  });

  it("tied frequencies: two single-class groups are labelled with their own classes", () => {
    const r = {
      config: { groups: 10, config: {} },
      classes: { count: 6, classIs: "class", frequencies: [0.3, 0.3, 0.1, 0.1, 0.1, 0.1] },
      groups: { count: 3, share: [0.3, 0.3, 0.4], classes: [1, 1, 4], maxFrequency: [0.3, 0.3, 0.1], minFrequency: [0.3, 0.3, 0.1] },
    } as unknown as ProblemRunResult;
    const note = singleClassGroupNote(r)!;
    expect(note).toContain("G1 = class 0 alone");
    expect(note).toContain("G2 = class 1 alone");
  });

  it(".jsonl corpora: unsafe integers, 1.0, -0 and ids mixed with strings are refused; plain ids and strings work", async () => {
    const d = dir();
    const cases: [string, RegExp][] = [
      ["[9007199254740993, 1, 2]\n[1, 2, 1]\n", /9007199254740993 is not an integer id/],
      ["[1.0, 2, 1]\n[2, 1, 2]\n", /1\.0 is not an integer id/],
      ["[-0, 1, 0]\n[1, 0, 1]\n", /-0 is not an integer id/],
      ['[1, 2, 1]\n["1", "2"]\n', /line 2: token 1 is a string but earlier tokens are integer ids/],
      ['["a", 1, "a"]\n', /token 2 is an integer id but earlier tokens are strings/],
    ];
    for (const [text, message] of cases) {
      const file = join(d, `c${n++}.jsonl`);
      writeFileSync(file, text);
      const err = await refused(["corpus", file, "--vocab", "2", "--no-cache"], "corpus");
      expect(err).toMatch(message);
    }
    const ok = join(d, "ok.jsonl");
    writeFileSync(ok, "[1, 2, 1, 3]\n[-3, 2, 1]\n");
    expect((await cli("corpus", ok, "--vocab", "3", "--no-cache")).code).toBe(0);
  });

  it("JSON specs: a duplicate key and a __proto__ key are named errors (YAML refuses duplicates too)", async () => {
    const d = dir();
    const dup = join(d, "dup.json");
    writeFileSync(dup, '{"problem": "tokens", "grid": {"lr": [0.1], "lr": [0.2]}, "fixed": {"optimizer": "sgd"}}');
    await expect(readSpecFile(dup)).rejects.toThrow(/^grid\.lr: is given twice in .*dup\.json/);
    const proto = join(d, "proto.json");
    writeFileSync(proto, '{"problem": "tokens", "grid": {"lr": [0.1]}, "fixed": {"optimizer": "sgd", "__proto__": {"steps": 5}}}');
    await expect(readSpecFile(proto)).rejects.toThrow(/^fixed\.__proto__: is not a field name a spec may use/);
    const yaml = join(d, "proto.yaml");
    writeFileSync(yaml, "problem: tokens\ngrid: {lr: [0.1]}\nfixed: {optimizer: sgd, __proto__: {steps: 5}}\n");
    await expect(readSpecFile(yaml)).rejects.toThrow(/__proto__/);
    await refused(["sweep", dup, "--dry-run"], "grid.lr", [dup]);
  });

  it("corpus brown with a file ./brown here: the built-in corpus, and a warning saying so", async () => {
    const d = dir();
    const cwd = process.cwd();
    writeFileSync(join(d, "brown"), "my own brown file\n");
    process.chdir(d);
    try {
      const { code, err, out } = await cli("corpus", "brown", "--vocab", "50", "--no-cache", "--top", "0");
      expect(code, err).toBe(0);
      expect(err).toContain(
        'zipflab: warning: corpus: "brown" is the built-in Brown corpus; the file ./brown here is not read (name it ./brown to use it)',
      );
      expect(out).toContain("files            500");
      const own = await cli("corpus", "./brown", "--vocab", "2", "--no-cache", "--top", "0");
      expect(own.code, own.err).toBe(0);
      expect(own.out).toContain("corpus ./brown");
    } finally {
      process.chdir(cwd);
    }
  });

  it("--figure '', --cache-dir '', --top -1, --top 1.5 and bad ports are named errors", async () => {
    const d = dir();
    const corpus = textFile(d);
    await refused(["tokens", "--steps", "5", "-q", "--figure", ""], "--figure");
    await refused(["corpus", corpus, "--vocab", "5", "--figure", ""], "--figure");
    await refused(["corpus", corpus, "--vocab", "5", "--cache-dir", ""], "--cache-dir");
    await refused(["corpus", corpus, "--vocab", "5", "--top", " -1", "--no-cache"], "top");
    await refused(["corpus", corpus, "--vocab", "5", "--top", "1.5", "--no-cache"], "top");
    for (const port of [" 80", "-0", "1.5", "+80", "0x50", "65536", ""]) await refused(["serve", "--port", port], "port");
  });

  it("the library: each bad argument is a ConfigError naming it", async () => {
    expect(() => zipfFrequencies(-1, 1)).toThrow(/^d: must be an integer in \[1, /);
    expect(() => zipfFrequencies(NaN, 1)).toThrow(/^d: /);
    expect(() => zipfFrequencies(10, NaN)).toThrow(/^alpha: /);
    expect(() => new Xoshiro128(NaN as unknown as Uint32Array)).toThrow(/^words: must be the four u32 state words/);
    expect(() => new Xoshiro128(new Uint32Array(4))).toThrow(/^words: must not be all zero/);
    await expect(runTokensExperiment(null as never)).rejects.toThrow(/^input: must be an object/);
    expect(() => corpusFromText(123 as unknown as string, 5)).toThrow(/^text: must be a string \(got 123\)/);
    expect(() => buildAliasTable([NaN, 1])).toThrow(/^weights\[0\]: must be a finite number ≥ 0/);
    expect(() => spearman([1, 2], [1])).toThrow(/^y: must list at least 2 values/);
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(/^y: must/);
    expect(() => spearman([1, 2], [1, 2, 3])).toThrow(/^y: must have as many values as x/);
    for (const f of [() => zipfFrequencies(-1, 1), () => buildAliasTable([NaN, 1])]) expect(f).toThrow(ConfigError);
  });
});

describe("8. crashes with a stack trace are named errors", () => {
  it("merge and report given a folder", async () => {
    const d = dir();
    await refused(["report", d], "results");
    await refused(["merge", "-o", join(d, "m.jsonl"), d], /^zipflab: error: files\[0\]|^zipflab: error: \/.*: .*is a folder/);
  });

  it("--cache-dir pointing at a file: named, without a temporary file's name", async () => {
    const d = dir();
    const file = textFile(d, "cache-file");
    const err = await refused(["corpus", textFile(d), "--vocab", "5", "--cache-dir", file], "--cache-dir", [file]);
    expect(err).toContain("is a regular file, not a folder");
    expect(err).not.toMatch(/\.tmp-/);
    await refused(
      ["run", "bigram-softmax", "--corpus", textFile(d), "--vocab", "3", "--steps", "2", "-q", "--cache-dir", file],
      "--cache-dir",
      [file],
    );
  });

  it("a cache that cannot be written (its folder cannot be made) is a warning; the command goes on", async () => {
    const d = dir();
    const file = textFile(d, "in-the-way");
    const env = process.env.ZIPFLAB_CACHE_DIR;
    process.env.ZIPFLAB_CACHE_DIR = join(file, "sub");
    try {
      const { code, err, out } = await cli("corpus", textFile(d), "--vocab", "5");
      expect(code, err).toBe(0);
      expect(err).toMatch(/^zipflab: warning: could not write the corpus cache .*; continuing without it/);
      expect(out).toContain("vocabulary V     5");
    } finally {
      if (env === undefined) delete process.env.ZIPFLAB_CACHE_DIR;
      else process.env.ZIPFLAB_CACHE_DIR = env;
    }
    expect(readFileSync(file, "utf8")).toContain("the cat");
  });

  it("run --no-cache reads and writes no cache; run --cache-dir writes there", async () => {
    const d = dir();
    const corpus = textFile(d);
    const env = process.env.ZIPFLAB_CACHE_DIR;
    process.env.ZIPFLAB_CACHE_DIR = join(d, "default-cache");
    try {
      expect((await cli("run", "bigram-softmax", "--corpus", corpus, "--vocab", "3", "--steps", "2", "-q", "--no-cache")).code).toBe(0);
      expect(existsSync(join(d, "default-cache"))).toBe(false);
      expect(
        (await cli("run", "bigram-softmax", "--corpus", corpus, "--vocab", "3", "--steps", "2", "-q", "--cache-dir", join(d, "mine"))).code,
      ).toBe(0);
      expect(readdirSync(join(d, "mine")).filter((f) => f.endsWith(".bin"))).toHaveLength(1);
    } finally {
      if (env === undefined) delete process.env.ZIPFLAB_CACHE_DIR;
      else process.env.ZIPFLAB_CACHE_DIR = env;
    }
  });
});

describe("7. specs that would build too much are refused before they are built", () => {
  it("several grids each under the cell limit but over it together: refused at the grid that crosses it", () => {
    const third = Math.ceil(MAX_CELLS / 3);
    const spec = {
      problem: "tokens",
      fixed: { optimizer: "sgd" },
      grid: [0, 1, 2, 3].map((g) => ({ lr: [0.1 + g], seed: Array.from({ length: third }, (_, i) => i) })),
    };
    const start = performance.now();
    expect(() => expandSweep(spec as never, SWEEP_RUNNERS)).toThrow(/^grid\[2\]: brings the spec to more than 1,000,000 cells/);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});

describe("10. messages", () => {
  it("sweep -o over a user's file does not advise a --force that sweep does not have", async () => {
    const d = dir();
    const { spec } = await sweepIn(d);
    const mine = textFile(d, "mine.jsonl", "my notes\n");
    const err = await refused(["sweep", spec, "-o", mine, "-q"], "--out", [mine]);
    expect(err).not.toContain("--force");
    expect(err).toContain("move it away or choose another file");
  });

  it("report notes.txt: not a results file (not 'damaged')", async () => {
    const d = dir();
    const err = await refused(["report", textFile(d)], "results");
    expect(err).toContain("is not a zipflab sweep results file");
    expect(err).not.toContain("damaged");
  });

  it("deep specs and huge log ranges name the field, not 'Maximum call stack size exceeded' or 'Invalid array length'", async () => {
    const d = dir();
    const deepJson = join(d, "deep.json");
    writeFileSync(
      deepJson,
      `{"problem": "tokens", "fixed": {"optimizer": "sgd"}, "grid": {"lr": ${"[".repeat(100_000)}0.1${"]".repeat(100_000)}}}`,
    );
    const e1 = await refused(
      ["sweep", deepJson, "--dry-run"],
      /^zipflab: error: grid\.lr(\[0\])+: nests lists or objects deeper than 32 levels/,
    );
    expect(e1).not.toContain("call stack");
    const deepYaml = join(d, "deep.yaml");
    writeFileSync(deepYaml, `problem: tokens\nfixed: {optimizer: sgd}\ngrid: {lr: ${"[".repeat(20000)}0.1${"]".repeat(20000)}}\n`);
    const e2 = await refused(["sweep", deepYaml, "--dry-run"], /^zipflab: error: (spec|grid\.lr\S*): /);
    expect(e2).not.toContain("call stack");
    const huge = join(d, "huge.json");
    writeFileSync(
      huge,
      JSON.stringify({ problem: "tokens", fixed: { optimizer: "sgd" }, grid: { lr: { from: 1e-300, to: 1e300, perDecade: 100 } } }),
    );
    const e3 = await refused(["sweep", huge, "--dry-run"], "grid.lr");
    expect(e3).toMatch(/spans 60001 values; at most 10000/);
  });

  it("a RangeError inside a command is a bug (its stack is kept), not bad input", async () => {
    const spy = vi.spyOn(parse, "parseNumber").mockImplementation(() => {
      throw new RangeError("internal: an array too long");
    });
    try {
      await expect(main(["node", "zipflab", "tokens", "--steps", "5", "-q"])).rejects.toThrow(RangeError);
    } finally {
      spy.mockRestore();
      process.exitCode = 0;
    }
  });
});
