import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lockFile, LockedError } from "../../src/io/lock.js";
import { expandSweep } from "../../src/sweep/expand.js";
import { makeHeader, openResults } from "../../src/sweep/results.js";
import { parseSpec } from "../../src/sweep/spec.js";
import { runSweep } from "../../src/sweep/sweep.js";
import { tempDir, tokensSweep } from "./helpers.js";
import { SWEEP_RUNNERS } from "../../src/experiments/sweep-runners.js";
import { ConfigError } from "../../src/config/error.js";

const CLI = fileURLToPath(new URL("../helpers/cli-from-source.mjs", import.meta.url));
const dir = tempDir("lock");

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("exit", (code) => resolve(code))));

function run(args: string[]): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => (err += String(d)));
  return { child, stderr: () => err };
}

async function until(condition: () => boolean, child: ChildProcess): Promise<void> {
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before the condition held`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("one writer per results file: an exclusive lock the kernel drops when its holder dies", () => {
  it("a second open of a held lock fails naming the holder's pid and host; release frees it", () => {
    const path = join(dir, "plain.lock");
    const first = lockFile(path);
    let caught: unknown;
    try {
      lockFile(path);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LockedError);
    expect((caught as LockedError).holder).toMatchObject({ pid: process.pid, host: hostname() });
    first.release();
    expect(existsSync(path)).toBe(false);
    lockFile(path).release();
  });

  it("a second sweep on the same file (same process) is refused with a ConfigError naming out; the file is untouched", async () => {
    const sweep = tokensSweep({ seeds: [0] });
    const out = join(dir, "same-process.jsonl");
    const writer = await openResults(out, makeHeader(sweep, null));
    const before = readFileSync(out);
    const second = runSweep(sweep, { out, threads: 1 });
    await expect(second).rejects.toThrow(ConfigError);
    await expect(second).rejects.toThrow(
      new RegExp(`^out: .*being written by another zipflab sweep: pid ${process.pid} on host ${hostname()}`),
    );
    expect(readFileSync(out)).toEqual(before);
    writer.close();
    expect((await runSweep(sweep, { out, threads: 1 })).ran).toBe(4);
  });

  it("CLI: a second process exits 2 saying who holds the file; after SIGKILL of the holder the lock is free at once", async () => {
    // 2 optimizers × 13 step sizes × 8 seeds = 208 cells of 20000 steps: several seconds on 1 thread.
    const spec = {
      problem: "tokens",
      fixed: { steps: 20000 },
      grid: { optimizer: ["sgd", "adam"], lr: { from: 1e-4, to: 1e-1, perDecade: 4 }, seed: [0, 1, 2, 3, 4, 5, 6, 7] },
    };
    const specPath = join(dir, "cli.json");
    writeFileSync(specPath, JSON.stringify(spec));
    const out = join(dir, "cli.jsonl");
    const lines = () => (existsSync(out) ? readFileSync(out, "utf8").split("\n").length - 2 : 0);

    const holder = run(["sweep", specPath, "-o", out, "--threads", "1", "-q"]);
    await until(() => lines() >= 3, holder.child);

    const second = run(["sweep", specPath, "-o", out, "--threads", "1", "-q"]);
    expect(await exited(second.child)).toBe(2);
    expect(holder.child.exitCode).toBe(null); // refused while the holder was still running
    expect(second.stderr()).toMatch(
      new RegExp(
        `zipflab: error: out: .*cli\\.jsonl is being written by another zipflab sweep: pid ${holder.child.pid} on host ${hostname()}`,
      ),
    );

    holder.child.kill("SIGKILL");
    await exited(holder.child);
    expect(existsSync(`${out}.lock`)).toBe(true); // the file outlives a SIGKILL, its lock does not

    // Not stale: the lock is free the moment the holder is gone, and a new sweep would resume.
    lockFile(`${out}.lock`).release();
    const writer = await openResults(out, makeHeader(expandSweep(parseSpec(spec), SWEEP_RUNNERS), null));
    expect(writer.done.size).toBeGreaterThanOrEqual(3);
    writer.close();
  });
});
