// Fuzzing the command line: option values drawn from the edges (empty, hexadecimal, huge,
// NaN, lists, specs) on every experiment command. Each case must end in success or in
// `zipflab: error: <field> …` with exit code 2 and no output file; never a crash (an
// exception out of main), never a hang (each case bounded). Most cases run in-process; a
// small sample goes through a real process, as a user's shell would run it.
//
// Scoped out (test/cli/reliability*.test.ts and outputs.test.ts cover them): output paths under /proc
// (hang), unwritable or directory outputs and commander's own errors (exit 1: unknown
// options, bad choices such as --updates rows, missing arguments).
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../sweep/helpers.js";
import { stringify as toYaml, parse as parseYaml } from "yaml";
import { expandSweep } from "../../src/sweep/expand.js";
import { parseSpec } from "../../src/sweep/spec.js";
import { edgeString, WORDS } from "./arbitraries.js";
import { specInput } from "./spec-input.js";
import { SWEEP_RUNNERS } from "../../src/experiments/sweep-runners.js";

const CLI = fileURLToPath(new URL("../helpers/cli-from-source.mjs", import.meta.url));
const root = tempDir("fuzz-cli");
const seed = Number(process.env.FUZZ_SEED ?? 20261201);

const value = fc.oneof(
  { weight: 3, arbitrary: edgeString },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 40 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("0.5", "1e-3", "-0", "+1", "1.5", " 3", "3 ", "full", "0.2,0.1", "a,b", "1,,2") },
);
const optimizerValue = fc.oneof(
  fc.constantFrom(...WORDS),
  fc
    .tuple(fc.constantFrom("adam", "sgd", "sign", "rmsprop"), fc.constantFrom("b1", "b2", "eps", "momentum", "lr", "lazy", "x"), edgeString)
    .map(([n, k, v]) => `${n}:${k}=${v}`),
);

const TOKENS_OPTIONS = ["--lr", "--steps", "--batch", "--noise", "--seed", "--names", "--freqs", "--true-weights", "--record"];
const RUN_OPTIONS = [
  "--lr",
  "--steps",
  "--seed",
  "--d",
  "--alpha",
  "--batch",
  "--levels",
  "--inputs",
  "--init",
  "--reweight",
  "--l2",
  "--permutation",
  "--counts",
  "--pairs",
  "--target",
  "--data-seed",
  "--groups",
  "--record",
  "--schedule",
];

function options(names: string[]): fc.Arbitrary<string[]> {
  const one = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...names), value).map(([o, v]) => [o, v]) },
    { weight: 2, arbitrary: fc.array(optimizerValue, { minLength: 1, maxLength: 2 }).map((v) => ["--opt", ...v]) },
    { weight: 1, arbitrary: fc.constant(["--full-batch"]) },
  );
  return fc
    .array(one, { minLength: 1, maxLength: 3 })
    .map((pairs) => pairs.flat().filter((a) => names === RUN_OPTIONS || a !== "--full-batch"));
}

/** A command line: small base sizes first (so that valid cases run in milliseconds), then the fuzzed options. */
const commandLine = fc
  .oneof(
    options(TOKENS_OPTIONS).map((o) => ["tokens", "--steps", "3", ...o]),
    fc
      .tuple(fc.constantFrom("quadratic", "bigram-square", "bigram-softmax", "linear-model"), options(RUN_OPTIONS))
      .map(([problem, o]) => [
        "run",
        problem,
        "--steps",
        "3",
        "--d",
        problem === "linear-model" ? "8" : "20",
        "--levels",
        "3",
        "--pairs",
        "1000",
        ...o,
      ]),
  )
  .map((args) => args.map((a) => (a.startsWith("--") || !/^-/.test(a) ? a : ` ${a}`))); // "-1" would read as a flag: commander's error (exit 1), scoped out

let n = 0;
const OLD = "an older result that a rejected command must leave alone\n";
/** A fresh output folder holding one earlier output, old.json (the command's --json target). */
function caseDir(): string {
  const dir = join(root, String(n++));
  mkdirSync(dir);
  writeFileSync(join(dir, "old.json"), OLD);
  return dir;
}

function checkOutcome(args: string[], code: number | null, err: string, dir: string): void {
  if (code === 0) return;
  expect(code, `${args.join(" ")}\n${err}`).toBe(2);
  expect(err, args.join(" ")).toMatch(/^zipflab: error: \S.*?: \S/); // "<field>: <what is wrong>"
  expect(readdirSync(dir), `a rejected input created files: ${args.join(" ")}`).toEqual(["old.json"]);
  expect(readFileSync(join(dir, "old.json"), "utf8"), `a rejected input modified its output: ${args.join(" ")}`).toBe(OLD);
}

describe("fuzz: the command line rejects bad input with exit 2 and a field, writes nothing, never crashes or hangs", () => {
  it("in-process: tokens and run with edge-case option values", async () => {
    await fc.assert(
      fc.asyncProperty(commandLine, async (args) => {
        const dir = caseDir();
        const full = [...args, "--json", join(dir, "old.json"), "-q"];
        const { code, err } = await cli(...full);
        checkOutcome(full, code, err, dir);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 400, seed, timeout: 20_000 },
    );
  });

  it("in-process: zipflab sweep on generated spec files (JSON, YAML): a bad spec exits 2 and creates no results file", async () => {
    const specFile = fc.tuple(specInput, fc.boolean()).map(([spec, yaml]) => ({ spec, yaml }));
    await fc.assert(
      fc.asyncProperty(specFile, async ({ spec, yaml }) => {
        const dir = caseDir();
        const text = yaml ? toYaml(spec) : (JSON.stringify(spec) ?? "");
        const path = join(dir, yaml ? "spec.yaml" : "spec.json");
        writeFileSync(path, text);
        // A spec that validates would run its cells: only count them (--dry-run writes nothing either way).
        let valid = true;
        try {
          expandSweep(parseSpec(yaml ? parseYaml(text) : JSON.parse(text)), SWEEP_RUNNERS);
        } catch {
          valid = false;
        }
        const args = ["sweep", path, "-o", join(dir, "results.jsonl"), "--threads", "1", "-q", ...(valid ? ["--dry-run"] : [])];
        const { code, err } = await cli(...args);
        if (!valid) expect(code, `${text}\n${err}`).toBe(2);
        rmSync(path);
        checkOutcome(args, code, err, dir);
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 300, seed, timeout: 20_000 },
    );
  });

  it("through a real process (a small sample)", async () => {
    const samples = fc.sample(commandLine, { numRuns: 2, seed });
    if (process.env.FUZZ_PRINT) console.log(samples.map((s) => s.join(" ")).join("\n"));
    const runOne = (args: string[]) =>
      new Promise<void>((resolve, reject) => {
        const dir = caseDir();
        const full = [...args, "--json", join(dir, "old.json"), "-q"];
        const child = spawn(process.execPath, [CLI, ...full], { stdio: ["ignore", "ignore", "pipe"], timeout: 30_000 });
        let err = "";
        child.stderr.on("data", (d) => (err += String(d)));
        child.on("error", reject);
        child.on("exit", (code) => {
          try {
            checkOutcome(full, code, err, dir);
            resolve();
          } catch (e) {
            reject(e);
          }
        });
      });
    // Two at a time (CI has two cores).
    for (let i = 0; i < samples.length; i += 2) await Promise.all(samples.slice(i, i + 2).map(runOne));
  });
});
