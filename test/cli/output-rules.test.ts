// The output rules over the whole command registry: every command of the Commander program
// (src/cli/main.ts) and every option that names an output (declared with outputOption, found by
// walking the program — a command or option added later is covered without a line here),
// with a user's file in the way, is refused with exit code 2 and leaves the file byte for byte
// (sha256); the same with a device node in the way (mknod, in a temporary folder: /dev is never
// touched), with and without --force. Commands need valid inputs to get as far as their
// outputs: FIXTURES gives each command its smallest valid invocation, and a command without
// one fails the first test.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command, Option } from "commander";
import { beforeAll, describe, expect, it } from "vitest";
import { program } from "../../src/cli/main.js";
import { outputMeta, type OutputMeta } from "../../src/cli/output-options.js";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../sweep/helpers.js";

const root = tempDir("output-rules");
const isRoot = process.getuid?.() === 0;

interface Paths {
  spec: string;
  results: string;
  text: string;
  tokensJson: string;
}
let P: Paths;

/** The smallest valid invocation of each command (without the output option under test). */
const FIXTURES: Record<string, (option: string, p: Paths) => string[]> = {
  tokens: () => ["tokens", "--steps", "5", "-q"],
  run: (option, p) =>
    option === "--save"
      ? // a transformer without layers on the text (one window of T + 1 = 3 tokens each side of the held-out cut)
        [
          "run",
          "transformer",
          "--corpus",
          p.text,
          "--vocab",
          "3",
          "--context",
          "2",
          "--width",
          "4",
          "--layers",
          "0",
          "--heads",
          "1",
          "--windows",
          "1",
          "--validation",
          "1",
          "--held-out",
          "0.5",
          "--steps",
          "3",
          "--opt",
          "adam",
          "--threads",
          "1",
          "-q",
        ]
      : [
          "run",
          "bigram-softmax",
          "--corpus",
          p.text,
          "--vocab",
          "3",
          "--steps",
          "3",
          "-q",
          ...(option === "--cache-dir" ? [] : ["--no-cache"]),
        ],
  sweep: (_o, p) => ["sweep", p.spec, "--threads", "1", "-q"],
  merge: (_o, p) => ["merge", p.results],
  report: (_o, p) => ["report", p.results],
  scaling: (option, p) =>
    option === "--csv"
      ? ["scaling", "--optimizers", "sgd", "--d-max", "100", "--points", "2", "--alpha", "1", "--eps", "0.5", "-q"]
      : ["scaling", "--corpus", p.text, "--vocabs", "3,4", "--eps", "0.5", "-q", ...(option === "--cache-dir" ? [] : ["--no-cache"])],
  repro: () => ["repro", "tokens", "--scale", "test", "-q"],
  plot: (_o, p) => ["plot", p.tokensJson, "--figure", "tokens"],
  corpus: (option, p) => ["corpus", p.text, "--vocab", "3", ...(option === "--cache-dir" ? [] : ["--no-cache"])],
  serve: () => ["serve", "--port", "0"],
};

/** Commands that write nothing (say so here: a new command is otherwise expected to declare its outputs). */
const WRITES_NOTHING = new Set(["serve"]);

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const USER_TEXT = "a user's own file: zipflab must not touch it\n";

/** Every command loaded whole (options and actions), as `zipflab <command>` loads it. */
const everything = await program();

function commands(): readonly Command[] {
  return everything.commands;
}

function outputOptions(command: Command): { option: Option; meta: OutputMeta; flag: string }[] {
  return command.options.flatMap((option) => {
    const meta = outputMeta(option);
    return meta ? [{ option, meta, flag: option.long! }] : [];
  });
}

/** The extension a file of each kind has. */
const EXT: Record<string, string> = { result: "json", sweep: "jsonl", csv: "csv", html: "html", cache: "bin" };

/**
 * Where a thing in the way goes for an output option, and the value to pass: the file itself,
 * a figure's .svg, a prefix's first figure, a repro folder's <name>/ (a user's folder), or the
 * cache folder itself.
 */
function target(meta: OutputMeta, dir: string): { value: string; blocked: string } {
  switch (meta.shape) {
    case "file":
      return { value: join(dir, `out.${EXT[meta.kind] ?? "txt"}`), blocked: join(dir, `out.${EXT[meta.kind] ?? "txt"}`) };
    case "figure":
      return { value: join(dir, "fig"), blocked: join(dir, "fig.svg") };
    case "figure-prefix":
      return { value: join(dir, "p"), blocked: join(dir, "p-tokens.svg") };
    case "folder":
      return { value: join(dir, "out"), blocked: join(dir, "out", "tokens") };
    case "cache-folder":
      return { value: join(dir, "cache"), blocked: join(dir, "cache") };
  }
}

let caseNumber = 0;
const caseDir = () => {
  const dir = join(root, `case-${caseNumber++}`);
  mkdirSync(dir);
  return dir;
};

/** A character device like /dev/null (1, 3), made in a temporary folder. */
function makeDevice(path: string): void {
  execFileSync("mknod", [path, "c", "1", "3"]);
}

/** Runs `args` with the thing at `blocked`; expects exit 2, a named error, and the thing unchanged. */
async function expectRefused(args: string[], blocked: string, before: () => unknown, after: () => unknown): Promise<void> {
  const expected = before();
  const { code, err } = await cli(...args);
  expect(code, `${args.join(" ")}\n${err}`).toBe(2);
  expect(err, args.join(" ")).toMatch(/^zipflab: error: \S+: /);
  // Refused for the thing in the way, not for some other reason.
  expect(err, args.join(" ")).toContain(
    blocked
      .split("/")
      .slice(-2)
      .join("/")
      .replace(/\/(tokens|README\.md)$/, ""),
  );
  expect(err, args.join(" ")).not.toMatch(/\n\s+at /);
  expect(after(), `${blocked} changed: ${args.join(" ")}`).toEqual(expected);
}

beforeAll(async () => {
  const dir = caseDir();
  const spec = join(dir, "s.json");
  writeFileSync(
    spec,
    JSON.stringify({ problem: "tokens", fixed: { steps: 5, batch: 4, optimizer: "sgd" }, grid: { lr: [0.01, 0.1], seed: [0] } }),
  );
  expect((await cli("sweep", spec, "-q", "--threads", "1")).code).toBe(0);
  const text = join(dir, "notes.txt");
  writeFileSync(text, "the cat sat on the mat and the dog sat on the cat\n");
  const tokensJson = join(dir, "t.json");
  expect((await cli("tokens", "--steps", "5", "-q", "--json", tokensJson)).code).toBe(0);
  P = { spec, results: join(dir, "s.results.jsonl"), text, tokensJson };
}, 60_000);

/** A fresh copy of the fixtures in `dir` (commands may write beside their inputs). */
function fixturesIn(dir: string): Paths {
  const copy = (from: string) => {
    const to = join(dir, from.split("/").pop()!);
    cpSync(from, to);
    return to;
  };
  return { spec: copy(P.spec), results: copy(P.results), text: copy(P.text), tokensJson: copy(P.tokensJson) };
}

describe("the output rules hold for every command of the registry", () => {
  it("every command has a fixture and declares its outputs (or is listed as writing nothing)", () => {
    for (const command of commands()) {
      expect(FIXTURES[command.name()], `no fixture for \`zipflab ${command.name()}\`: add its smallest valid invocation`).toBeDefined();
      if (!WRITES_NOTHING.has(command.name()))
        expect(outputOptions(command).length, `${command.name()} declares no output option`).toBeGreaterThan(0);
    }
  });

  it("every option that names a file or folder to write is declared as an output", () => {
    for (const command of commands()) {
      for (const option of command.options) {
        if (!(option.required || option.optional)) continue;
        const placeholder = /<([^>]+)>/.exec(option.flags)?.[1] ?? "";
        const looksLikeOutput =
          /^(file|path|dir|base)$/.test(placeholder) || /^write\b|\bfolder\b|\bresults file\b/i.test(option.description);
        if (looksLikeOutput)
          expect(outputMeta(option), `${command.name()} ${option.flags} writes but is not declared with outputOption`).toBeDefined();
      }
    }
  });

  const cases = commands().flatMap((command) => outputOptions(command).map(({ flag, meta }) => ({ command: command.name(), flag, meta })));

  it.each(cases)(
    "$command $flag: with the output at a free path the fixture works (exit 0), so a refusal below is the output's",
    async ({ command, flag, meta }) => {
      const dir = caseDir();
      const p = fixturesIn(dir);
      const { value } = target(meta, dir);
      const args = [...FIXTURES[command](flag, p), flag, value];
      const { code, err } = await cli(...args);
      expect(code, `${args.join(" ")}\n${err}`).toBe(0);
    },
  );

  it.each(cases)("$command $flag: a user's file in the way is left byte for byte, exit 2", async ({ command, flag, meta }) => {
    const dir = caseDir();
    const p = fixturesIn(dir);
    const { value, blocked } = target(meta, dir);
    if (meta.shape === "folder") {
      mkdirSync(blocked, { recursive: true });
      writeFileSync(join(blocked, "README.md"), USER_TEXT);
    } else {
      writeFileSync(blocked, USER_TEXT);
    }
    const file = meta.shape === "folder" ? join(blocked, "README.md") : blocked;
    const args = [...FIXTURES[command](flag, p), flag, value];
    await expectRefused(
      args,
      blocked,
      () => sha(file),
      () => sha(file),
    );
    if (meta.shape === "figure") {
      // The PNG half of a figure is guarded alike.
      const dir2 = caseDir();
      const p2 = fixturesIn(dir2);
      const png = join(dir2, "fig.png");
      writeFileSync(png, USER_TEXT);
      await expectRefused(
        [...FIXTURES[command](flag, p2), flag, join(dir2, "fig")],
        png,
        () => sha(png),
        () => sha(png),
      );
    }
  });

  const special = isRoot ? "a character device (mknod c 1 3)" : "a named pipe (FIFO)";

  it.each(cases)(`$command $flag: ${special} in the way is never replaced, not even with --force`, async ({ command, flag, meta }) => {
    for (const force of [false, true]) {
      const dir = caseDir();
      const p = fixturesIn(dir);
      const { value, blocked } = target(meta, dir);
      if (meta.shape === "folder") mkdirSync(join(dir, "out"));
      if (isRoot) makeDevice(blocked);
      else execFileSync("mkfifo", [blocked]);
      const hasForce = everything.commands.find((c) => c.name() === command)!.options.some((o) => o.long === "--force");
      if (force && !hasForce) continue;
      const args = [...FIXTURES[command](flag, p), flag, value, ...(force ? ["--force"] : [])];
      const kind = () => {
        const s = lstatSync(blocked);
        return { char: s.isCharacterDevice(), fifo: s.isFIFO(), rdev: s.rdev, ino: s.ino };
      };
      await expectRefused(args, blocked, kind, kind);
    }
  });

  it("default outputs are guarded too: sweep's results file, report's CSVs, plot's figures", async () => {
    const defaults: ((dir: string, p: Paths) => [string[], string])[] = [
      (dir, p) => {
        cpSync(p.spec, join(dir, "fresh.json"));
        return [["sweep", join(dir, "fresh.json"), "-q", "--threads", "1"], join(dir, "fresh.results.jsonl")];
      },
      (_dir, p) => [["report", p.results], p.results.replace(/\.jsonl$/, ".csv")],
      (_dir, p) => [["report", p.results], p.results.replace(/\.jsonl$/, ".cells.csv")],
      (_dir, p) => [["plot", p.tokensJson], p.tokensJson.replace(/\.json$/, "-tokens.png")],
    ];
    for (const make of defaults) {
      const dir = caseDir();
      const [args, blocked] = make(dir, fixturesIn(dir));
      writeFileSync(blocked, USER_TEXT);
      await expectRefused(
        args,
        blocked,
        () => sha(blocked),
        () => sha(blocked),
      );
    }
  });
});
