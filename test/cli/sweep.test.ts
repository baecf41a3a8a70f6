// `zipflab sweep` on the command line: --threads at most one per core, -q, Ctrl-C and resuming.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { parseThreads } from "../../src/cli/threads.js";
import { cli } from "../helpers/cli.js";
import { readLines, tempDir } from "../sweep/helpers.js";

const CLI = fileURLToPath(new URL("../helpers/cli-from-source.mjs", import.meta.url));

function writeSpec(dir: string, spec: unknown): string {
  const path = join(dir, "spec.json");
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

describe("--threads: at most one per core", () => {
  it("a larger count is lowered to the cores, with a warning", () => {
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(parseThreads("1000", "--threads", 2)).toBe(2);
      expect(warn).toHaveBeenCalledWith("zipflab: warning: --threads 1000 is more than the 2 cores available; using 2");
      warn.mockClear();
      expect(parseThreads("2", "--threads", 2)).toBe(2);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    expect(() => parseThreads("0")).toThrow(/--threads: must be an integer ≥ 1/);
    expect(() => parseThreads("1.5")).toThrow(/--threads: must be an integer ≥ 1/);
  });

  it("zipflab sweep --threads 1000 warns and runs", async () => {
    const dir = tempDir("threads");
    const spec = writeSpec(dir, { problem: "tokens", fixed: { steps: 10, optimizer: "sgd" }, grid: { lr: [0.01, 0.1], seed: [0] } });
    const { err, code } = await cli("sweep", spec, "--threads", "1000", "-q");
    expect(code).toBe(0);
    expect(err).toMatch(/zipflab: warning: --threads 1000 is more than the \d+ cores? available; using \d+/);
  });
});

describe("zipflab sweep -q", () => {
  it("prints nothing on success (no summary)", async () => {
    const dir = tempDir("quiet");
    const spec = writeSpec(dir, { problem: "tokens", fixed: { steps: 10, optimizer: "sgd" }, grid: { lr: [0.01, 0.1], seed: [0] } });
    const { out, err, code } = await cli("sweep", spec, "-q", "--threads", "1");
    expect(code).toBe(0);
    expect(out).toBe("");
    expect(err).toBe("");
    expect(readLines(join(dir, "spec.results.jsonl")).lines).toHaveLength(2);
  });
});

describe("Ctrl-C on a sweep", () => {
  it("exits 130 saying how many cells are saved and the exact command that resumes it", async () => {
    const dir = tempDir("sigint");
    // 2 optimizers × 7 step sizes × 4 seeds of 20000 steps: long enough to interrupt mid-way.
    const spec = writeSpec(dir, {
      problem: "tokens",
      fixed: { steps: 20000 },
      grid: { optimizer: ["sgd", "adam"], lr: { from: 1e-3, to: 1, perDecade: 2 }, seed: [0, 1, 2, 3] },
    });
    const out = join(dir, "custom.jsonl");
    const lines = () => (existsSync(out) ? readFileSync(out, "utf8").split("\n").length - 2 : 0);
    // As started from a shell, not through npx (which would make it say "npx zipflab").
    const { npm_command: _npx, ...env } = process.env;
    const child = spawn(process.execPath, [CLI, "sweep", spec, "-o", out, "--threads", "2", "-q"], {
      stdio: ["ignore", "ignore", "pipe"],
      env,
    });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += String(d)));
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    while (lines() < 2 && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGINT");
    expect(await exit).toBe(130);
    const saved = lines();
    expect(saved).toBeLessThan(56);
    expect(stderr).toContain(
      `zipflab: interrupted; ${saved} of 56 cells are saved in ${out}. Resume with:\n  zipflab sweep ${spec} -o ${out}\n`,
    );

    // The printed command resumes it (in-process here) and finishes the sweep.
    const resume = stderr
      .split("\n")
      .find((l) => l.startsWith("  zipflab sweep "))!
      .trim()
      .split(" ")
      .slice(1);
    const { code } = await cli(...resume, "-q", "--threads", "2");
    expect(code).toBe(0);
    expect(new Set(readLines(out).lines.map((l) => l.key)).size).toBe(56);
  });
});
