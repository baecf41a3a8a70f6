// Hostile input that needs a real process: FIFOs and devices as inputs (a read that never
// returns would hang the test runner itself), pipes from the shell's process substitution, a
// file-size limit that makes the cache write fail, and signals (Ctrl-C, SIGTERM) in the middle
// of a sweep, a reproduction and `serve`. Each case: a named error and exit 2, or the documented
// exit (130/143), within seconds; nothing changed on disk.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../sweep/helpers.js";
import { cli } from "../helpers/cli.js";

const CLI = fileURLToPath(new URL("../helpers/cli-from-source.mjs", import.meta.url));
const BATCH = fileURLToPath(new URL("../helpers/cli-batch.mjs", import.meta.url));
const root = tempDir("reliability-process");
const isRoot = process.getuid?.() === 0;
let n = 0;
const dir = () => {
  const d = join(root, String(n++));
  mkdirSync(d);
  return d;
};
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const tree = (folder: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(folder)
      .filter((f) => statSync(join(folder, f)).isFile())
      .map((f) => [f, sha(join(folder, f))]),
  );

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  ms: number;
}

/** Runs the CLI (or a shell line using $ZIPFLAB) with a hard timeout; resolves with what it printed. */
function run(
  args: string[],
  { cwd, timeoutMs = 30_000, shell = false, input }: { cwd?: string; timeoutMs?: number; shell?: boolean; input?: string } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = shell
      ? spawn("bash", ["-c", args.join(" ")], {
          cwd,
          env: { ...process.env, ZIPFLAB: `${process.execPath} ${CLI}` },
          stdio: ["pipe", "pipe", "pipe"],
        })
      : spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["pipe", "pipe", "pipe"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.stderr.on("data", (d) => (err += String(d)));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err, ms: performance.now() - start });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.on("exit", (code, signal) => ok({ code, signal })));

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

function textFile(d: string, name = "notes.txt"): string {
  const path = join(d, name);
  writeFileSync(path, "the cat sat on the mat and the dog sat on the cat\n");
  return path;
}

/** Runs several command lines in one process (test/helpers/cli-batch.mjs); a hang is killed and fails. */
async function batch(cases: string[][], timeoutMs = 30_000): Promise<{ code: number; err: string }[]> {
  const r = await new Promise<Run>((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [BATCH, JSON.stringify(cases)], { stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.stderr.on("data", (d) => (err += String(d)));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err, ms: performance.now() - start });
    });
  });
  expect(r.signal, `hung (killed after ${timeoutMs} ms): ${cases.map((c) => c.join(" ")).join(" | ")}`).toBeNull();
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as { code: number; err: string }[];
}

describe("7. FIFOs and devices as inputs: refused at once, never a hang or a crash", () => {
  it("a FIFO as corpus, results file, sweep spec or result to plot: exit 2 in seconds", async () => {
    const d = dir();
    const fifo = join(d, "pipe.jsonl");
    execFileSync("mkfifo", [fifo]);
    const fifoSpec = join(d, "spec.json");
    execFileSync("mkfifo", [fifoSpec]);
    const fifoJson = join(d, "result.json");
    execFileSync("mkfifo", [fifoJson]);
    // One case per reader: corpus files (corpus, run/scaling --corpus), results files (merge,
    // report, plot of a .jsonl), spec files (sweep), whole-file JSON (plot).
    const cases: string[][] = [
      ["corpus", fifo, "--vocab", "5", "--no-cache"],
      ["run", "bigram-softmax", "--corpus", fifo, "--vocab", "3", "--steps", "2", "-q", "--no-cache"],
      ["merge", "-o", join(d, "m.jsonl"), fifo],
      ["report", fifo],
      ["sweep", fifoSpec, "-o", join(d, "r.jsonl")],
      ["plot", fifoJson, "-o", join(d, "p")],
    ];
    (await batch(cases)).forEach((r, i) => {
      expect(r.code, `${cases[i].join(" ")}\n${r.err}`).toBe(2);
      expect(r.err, cases[i].join(" ")).toMatch(/^zipflab: error: \S+: .*is a named pipe \(FIFO\)/);
    });
    expect(readdirSync(d).sort()).toEqual(["pipe.jsonl", "result.json", "spec.json"]);
  }, 60_000);

  it.runIf(isRoot)(
    "a character device as corpus (zero, urandom, null: made with mknod here): exit 2 in seconds, nothing read",
    async () => {
      const d = dir();
      for (const [name, minor] of [
        ["zero", "5"],
        ["urandom", "9"],
        ["null", "3"],
      ])
        execFileSync("mknod", [join(d, name), "c", "1", minor]);
      const results = await batch(["zero", "urandom", "null"].map((name) => ["corpus", join(d, name), "--vocab", "5", "--no-cache"]));
      for (const r of results) {
        expect(r.code, r.err).toBe(2);
        expect(r.err).toMatch(/^zipflab: error: corpus: .* is a character device, not a regular file/);
      }
      // The same device as stdin (`corpus - < zero`) is refused too, not read up to the size limit.
      const stdin = openSync(join(d, "zero"), "r");
      try {
        const r = await new Promise<Run>((resolve, reject) => {
          const child = spawn(process.execPath, [CLI, "corpus", "-", "--vocab", "5", "--no-cache"], { stdio: [stdin, "pipe", "pipe"] });
          const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
          let err = "";
          child.stderr!.on("data", (x) => (err += String(x)));
          child.on("error", reject);
          child.on("exit", (code, signal) => {
            clearTimeout(timer);
            resolve({ code, signal, out: "", err, ms: 0 });
          });
        });
        expect(r.code, r.err).toBe(2);
        expect(r.err).toMatch(/^zipflab: error: corpus: - \(stdin\) is a character device/);
      } finally {
        closeSync(stdin);
      }
    },
    60_000,
  );
});

describe("inputs from pipes: read once", () => {
  it("scaling --corpus <(…) reads the corpus once and works (it was read twice and found empty)", async () => {
    const d = dir();
    const text = textFile(d);
    const r = await run([`$ZIPFLAB scaling --corpus <(cat ${text}) --vocabs 3,4 --eps 0.5 -q --no-cache --json ${join(d, "s.json")}`], {
      shell: true,
    });
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(join(d, "s.json"), "utf8")).config.vocabs).toEqual([3, 4]);
  }, 60_000);

  it("corpus - (stdin) and corpus <(…), report <(…) --no-csv work", async () => {
    const d = dir();
    const text = textFile(d);
    const stdin = await run(["corpus", "-", "--vocab", "5", "--no-cache"], { input: readFileSync(text, "utf8") });
    expect(stdin.code, stdin.err).toBe(0);
    expect(stdin.out).toContain("vocabulary V     5");
    const sub = await run([`$ZIPFLAB corpus <(cat ${text}) --vocab 5 --no-cache`], { shell: true });
    expect(sub.code, sub.err).toBe(0);
    const spec = join(d, "s.json");
    writeFileSync(
      spec,
      JSON.stringify({ problem: "tokens", fixed: { steps: 5, batch: 4, optimizer: "sgd" }, grid: { lr: [0.01, 0.1], seed: [0] } }),
    );
    expect((await cli("sweep", spec, "-q", "--threads", "1")).code).toBe(0);
    const report = await run([`$ZIPFLAB report <(cat ${join(d, "s.results.jsonl")}) --no-csv`], { shell: true });
    expect(report.code, report.err).toBe(0);
    expect(report.out).toContain("2 of 2 cells");
  }, 90_000);
});

describe("8. a cache write that fails is a warning, never a failed command", () => {
  it("with a file-size limit (the write fails as on a full disk): exit 0, the statistics printed, a one-line warning", async () => {
    const d = dir();
    const r = await new Promise<Run>((resolve, reject) => {
      const start = performance.now();
      const child = spawn(
        "prlimit",
        ["--fsize=4096", process.execPath, CLI, "corpus", "brown", "--vocab", "500", "--top", "0", "--cache-dir", join(d, "cache")],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let out = "";
      let err = "";
      child.stdout.on("data", (x) => (out += String(x)));
      child.stderr.on("data", (x) => (err += String(x)));
      child.on("error", reject);
      child.on("exit", (code, signal) => resolve({ code, signal, out, err, ms: performance.now() - start }));
    });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("vocabulary V     500");
    expect(r.err).toMatch(
      /^zipflab: warning: could not write the corpus cache \(cannot write .*corpus-brown-V500-\w+\.bin: EFBIG\); continuing without it/,
    );
    expect(r.err).not.toMatch(/\.tmp-|\n\s+at /);
    expect(readdirSync(join(d, "cache"))).toEqual([]);
  }, 60_000);
});

describe("3. repro interrupted by Ctrl-C or SIGTERM: the earlier folder stays as it was", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "%s mid-run: exit %i, every earlier file byte for byte, no stage left",
    async (signal, exitCode) => {
      const d = dir();
      const first = await cli("repro", "bigram-softmax", "--scale", "test", "--out", d, "-q", "--threads", "1");
      expect(first.code, first.err).toBe(0);
      const before = tree(join(d, "bigram-softmax"));
      expect(Object.keys(before)).toContain("README.md");
      // The full-scale run takes far longer than the wait below: it is stopped mid-way.
      const child = spawn(process.execPath, [CLI, "repro", "bigram-softmax", "--out", d, "-q", "--threads", "1"], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let err = "";
      child.stderr!.on("data", (x) => (err += String(x)));
      const exit = exited(child);
      await waitFor(() => readdirSync(d).some((f) => f.includes("zipflab-staging")));
      await new Promise((r) => setTimeout(r, 500));
      child.kill(signal);
      const { code } = await exit;
      expect(code, err).toBe(exitCode);
      expect(err).toContain(signal === "SIGINT" ? "zipflab: interrupted" : "zipflab: stopped by SIGTERM");
      expect(tree(join(d, "bigram-softmax"))).toEqual(before);
      expect(readdirSync(d).filter((f) => f.includes("staging"))).toEqual([]);
    },
    180_000,
  );
});

describe("10. SIGTERM during a sweep says what happened and how to resume", () => {
  it("stopped by SIGTERM: the saved cells, the resume command, exit 143", async () => {
    const d = dir();
    const spec = join(d, "long.json");
    writeFileSync(
      spec,
      JSON.stringify({
        problem: "tokens",
        fixed: { steps: 20000 },
        grid: { optimizer: ["sgd", "adam"], lr: [0.01, 0.1], seed: [0, 1, 2, 3, 4, 5, 6, 7] },
      }),
    );
    const out = join(d, "long.results.jsonl");
    const child = spawn(process.execPath, [CLI, "sweep", spec, "--threads", "1", "-q"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr!.on("data", (x) => (err += String(x)));
    const exit = exited(child);
    await waitFor(() => existsSync(out) && readFileSync(out, "utf8").split("\n").length >= 3);
    child.kill("SIGTERM");
    const { code } = await exit;
    expect(code, err).toBe(143);
    expect(err).toMatch(
      new RegExp(
        `zipflab: stopped by SIGTERM; \\d+ of 32 cells are saved in ${out.replace(/[.]/g, "\\.")}\\. Resume with:\\n  (npx )?zipflab sweep ${spec.replace(/[.]/g, "\\.")}\\n`,
      ),
    );
  }, 120_000);
});

describe("6. serve: Ctrl-C with a client connected, and a port the user may not open", () => {
  it("Ctrl-C closes open connections at once and exits 130 (a half-sent request does not hold it)", async () => {
    const child = spawn(process.execPath, [CLI, "serve", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (x) => (out += String(x)));
    const exit = exited(child);
    await waitFor(() => /localhost:(\d+)/.test(out), 30_000);
    const port = Number(/localhost:(\d+)/.exec(out)![1]);
    const socket = connect(port, "127.0.0.1");
    await new Promise<void>((ok) => socket.on("connect", () => ok()));
    socket.on("error", () => {});
    socket.write("GET / HTTP/1.1\r\nHost: localhost\r\n"); // headers never finished: a slow client
    await new Promise((r) => setTimeout(r, 200));
    const start = performance.now();
    child.kill("SIGINT");
    const { code } = await exit;
    expect(performance.now() - start).toBeLessThan(2000);
    expect(code).toBe(130);
    socket.destroy();
  }, 60_000);

  it.runIf(isRoot)(
    "a port below 1024 for a user without privileges (uid 65534): `port:` error, exit 2, no stack trace",
    async () => {
      const r = await new Promise<Run>((resolve, reject) => {
        const start = performance.now();
        const child = spawn(process.execPath, [CLI, "serve", "--port", "1"], { uid: 65534, gid: 65534, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.on("data", (x) => (out += String(x)));
        child.stderr.on("data", (x) => (err += String(x)));
        child.on("error", reject);
        child.on("exit", (code, signal) => resolve({ code, signal, out, err, ms: performance.now() - start }));
      });
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/^zipflab: error: port: 1 may not be opened by this user/);
      expect(r.err).not.toMatch(/\n\s+at /);
    },
    60_000,
  );
});
