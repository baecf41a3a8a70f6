// Output files: never lose a user's file, never hang on a path, and a bad path is a named
// error (exit 2) before any computation — for every command that writes.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

const temp = () => mkdtempSync(join(tmpdir(), "zipflab-outputs-"));
/** A run long enough that finishing it would be noticed (minutes): a bad path must stop it first. */
const LONG_TOKENS = ["tokens", "--steps", "100000000", "-q"];

/** A small finished sweep: its spec and results file. */
async function smallSweep(dir: string): Promise<string> {
  const spec = join(dir, "s.json");
  writeFileSync(
    spec,
    JSON.stringify({ problem: "tokens", fixed: { steps: 20, batch: 4 }, grid: { optimizer: ["sgd"], lr: [0.01, 0.1], seed: [0] } }),
  );
  const { code } = await cli("sweep", spec, "-q", "--threads", "1");
  expect(code).toBe(0);
  return join(dir, "s.results.jsonl");
}

describe("repro --out never deletes what zipflab did not write", () => {
  it("refuses an existing <out>/<name>/ it did not make, and leaves it untouched (exit 2)", async () => {
    const dir = temp();
    mkdirSync(join(dir, "tokens"));
    writeFileSync(join(dir, "tokens", "mine.txt"), "precious");
    const { err, code } = await cli("repro", "tokens", "--scale", "test", "--out", dir, "-q");
    expect(code).toBe(2);
    expect(err).toMatch(/zipflab: error: --out: .*tokens exists and was not made by zipflab repro/);
    expect(readdirSync(join(dir, "tokens"))).toEqual(["mine.txt"]);
  });

  it("with --force writes into such a folder and deletes nothing of the user's, then and on later runs", async () => {
    const dir = temp();
    mkdirSync(join(dir, "tokens"));
    writeFileSync(join(dir, "tokens", "mine.txt"), "precious");
    expect((await cli("repro", "tokens", "--scale", "test", "--out", dir, "-q", "--force")).code).toBe(0);
    expect((await cli("repro", "tokens", "--scale", "test", "--out", dir, "-q")).code).toBe(0);
    expect(readFileSync(join(dir, "tokens", "mine.txt"), "utf8")).toBe("precious");
    expect(existsSync(join(dir, "tokens", "figure.svg"))).toBe(true);
  });

  it("a rerun replaces exactly the files its mark lists; a file the user added survives", async () => {
    const dir = temp();
    expect((await cli("repro", "tokens", "--scale", "test", "--out", dir, "-q")).code).toBe(0);
    writeFileSync(join(dir, "tokens", "notes.md"), "mine");
    expect((await cli("repro", "tokens", "--scale", "test", "--out", dir, "-q")).code).toBe(0);
    expect(readFileSync(join(dir, "tokens", "notes.md"), "utf8")).toBe("mine");
    const mark = JSON.parse(readFileSync(join(dir, "tokens", ".zipflab-repro.json"), "utf8"));
    expect(mark.files.sort()).toEqual(["README.md", "figure.png", "figure.svg", "results.json"]);
  });

  it("--out naming a file is a named error, exit 2", async () => {
    const dir = temp();
    writeFileSync(join(dir, "f"), "x");
    const { err, code } = await cli("repro", "tokens", "--scale", "test", "--out", join(dir, "f"), "-q");
    expect(code).toBe(2);
    expect(err).toContain(`zipflab: error: --out: ${join(dir, "f")} is not a folder`);
    expect(readFileSync(join(dir, "f"), "utf8")).toBe("x");
  });
});

describe("single output files: replaced only if zipflab wrote them, or with --force", () => {
  it("--json refuses a user's file, keeps it, and runs nothing", async () => {
    const dir = temp();
    const file = join(dir, "notes.json");
    writeFileSync(file, '{"mine": true}');
    const { out, err, code } = await cli(...LONG_TOKENS, "--json", file);
    expect(code).toBe(2);
    expect(err).toContain(
      `zipflab: error: --json: ${file} exists and is not a file zipflab wrote (a JSON result); pass --force to replace it`,
    );
    expect(out).toBe("");
    expect(readFileSync(file, "utf8")).toBe('{"mine": true}');
  });

  it("a second run replaces its own --json and --figure files; --force replaces a user's", async () => {
    const dir = temp();
    const args = ["tokens", "--steps", "20", "-q", "--json", join(dir, "r.json"), "--figure", join(dir, "fig")];
    expect((await cli(...args)).code).toBe(0);
    expect((await cli(...args)).code).toBe(0);
    writeFileSync(join(dir, "fig.png"), "my picture");
    expect((await cli(...args)).code).toBe(2);
    expect(readFileSync(join(dir, "fig.png"), "utf8")).toBe("my picture");
    expect((await cli(...args, "--force")).code).toBe(0);
    expect(readFileSync(join(dir, "fig.png")).subarray(1, 4).toString()).toBe("PNG");
  });

  it("report, scaling, plot and merge refuse to replace a user's file", async () => {
    const dir = temp();
    const results = await smallSweep(dir);
    const mine = join(dir, "mine.csv");
    writeFileSync(mine, "a,b\n1,2\n");
    expect((await cli("report", results, "--csv", mine)).code).toBe(2);
    expect((await cli("report", results)).code).toBe(0);
    expect((await cli("report", results)).code).toBe(0); // its own CSVs: replaced
    expect(
      (await cli("scaling", "--optimizers", "sgd", "--d-max", "1000", "--points", "3", "--alpha", "1", "--eps", "0.5", "-q", "--csv", mine))
        .code,
    ).toBe(2);
    const plotBase = join(dir, "p");
    writeFileSync(`${plotBase}-step-sizes.svg`, "<svg>mine</svg>");
    expect((await cli("plot", results, "-o", plotBase)).code).toBe(2);
    expect(readFileSync(`${plotBase}-step-sizes.svg`, "utf8")).toBe("<svg>mine</svg>");
    expect((await cli("merge", "-o", mine, results)).code).toBe(2);
    expect(readFileSync(mine, "utf8")).toBe("a,b\n1,2\n");
  });

  it("sweep -o refuses a file that is not a results file", async () => {
    const dir = temp();
    const spec = join(dir, "s.json");
    writeFileSync(spec, JSON.stringify({ problem: "tokens", fixed: { steps: 20, optimizer: "sgd" }, grid: { lr: [0.01], seed: [0] } }));
    writeFileSync(join(dir, "notes.txt"), "mine");
    const { err, code } = await cli("sweep", spec, "-o", join(dir, "notes.txt"), "-q");
    expect(code).toBe(2);
    expect(err).toContain("notes.txt exists and is not a file zipflab wrote");
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
  });
});

describe("bad output paths fail before any computation, never hang", () => {
  const file = () => join(temp(), "plain-file");
  it.each([
    [
      "--json under /proc, folder missing",
      () => [...LONG_TOKENS, "--json", "/proc/zipflab-sub/x.json"],
      /--json: cannot write under \/proc/,
    ],
    ["--json in /proc itself", () => [...LONG_TOKENS, "--json", "/proc/x.json"], /--json: cannot write under \/proc/],
    ["--json under /sys", () => [...LONG_TOKENS, "--json", "/sys/zipflab/x.json"], /--json: cannot write under \/sys/],
    ["--json . (a folder)", () => [...LONG_TOKENS, "--json", "."], /--json: \. is a folder; name a file/],
    ["--json ending in /", () => [...LONG_TOKENS, "--json", "out/"], /--json: out\/ is a folder/],
    ["--json empty", () => [...LONG_TOKENS, "--json", ""], /--json: must name a file/],
    [
      "--json below a file",
      () => {
        const f = file();
        writeFileSync(f, "");
        return [...LONG_TOKENS, "--json", `${f}/x.json`];
      },
      /--json: cannot create .*plain-file is a file, not a folder/,
    ],
    ["--figure under /proc", () => [...LONG_TOKENS, "--figure", "/proc/zipflab/fig"], /--figure: cannot write under \/proc/],
    [
      "run --json under /proc",
      () => ["run", "quadratic", "--steps", "100000000", "-q", "--json", "/proc/a/b.json"],
      /--json: cannot write under \/proc/,
    ],
    ["scaling --json under /proc", () => ["scaling", "-q", "--json", "/proc/a/s.json"], /--json: cannot write under \/proc/],
    ["repro --out under /proc", () => ["repro", "all", "-q", "--out", "/proc/r"], /--out: cannot write under \/proc/],
  ])("%s", async (_name, args, message) => {
    const { out, err, code } = await cli(...(args() as string[]));
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe("");
  });

  it("report --csv, merge -o, sweep -o, plot -o under /proc: exit 2 naming the path", async () => {
    const dir = temp();
    const results = await smallSweep(dir);
    for (const args of [
      ["report", results, "--csv", "/proc/a/g.csv"],
      ["merge", "-o", "/proc/a/m.jsonl", results],
      ["sweep", join(dir, "s.json"), "-o", "/proc/a/r.jsonl"],
      ["plot", results, "-o", "/proc/a/p"],
    ]) {
      const { err, code } = await cli(...args);
      expect(code, args.join(" ")).toBe(2);
      expect(err).toMatch(/zipflab: error: --\w+: cannot write under \/proc/);
    }
  });
});

describe("errors are `zipflab: error: …`, exit 2 — never a stack trace", () => {
  it.each([
    [["merge", "-o", "m.jsonl", "no-such-results.jsonl"], /zipflab: error: files\[0\]: cannot read no-such-results\.jsonl: no such file/],
    [["report", "no-such-results.jsonl"], /zipflab: error: results: cannot read no-such-results\.jsonl: no such file/],
    [["run", "quadratic", "--updates", "rows", "--steps", "5", "-q"], /zipflab: error: updates: "rows" needs row-sparse gradients/],
    [["tokens", "--bogus"], /zipflab: error: unknown option '--bogus'/],
    [["tokens", "--backend", "gpu"], /zipflab: error: option '--backend <name>' argument 'gpu' is invalid/],
    [["merge", "x.jsonl"], /zipflab: error: required option '-o, --out <file>' not specified/],
    [["run"], /zipflab: error: missing required argument 'problem'/],
    [["nosuchcommand"], /zipflab: error: unknown command 'nosuchcommand'/],
  ])("%j", async (args, message) => {
    const { err, code } = await cli(...args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("--help and --version still exit 0", async () => {
    expect((await cli("--version")).code).toBe(0);
    expect((await cli("tokens", "--help")).code).toBe(0);
  });
});
