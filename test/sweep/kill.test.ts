import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expandSweep } from "../../src/sweep/expand.js";
import { parseSpec } from "../../src/sweep/spec.js";
import { runSweep } from "../../src/sweep/sweep.js";
import { numbersByKey, readLines, tempDir } from "./helpers.js";
import { SWEEP_RUNNERS } from "../../src/experiments/sweep-runners.js";

const CLI = fileURLToPath(new URL("../helpers/cli-from-source.mjs", import.meta.url));
const dir = tempDir("kill");
// 4 optimizers × 7 half-decade step sizes × 8 seeds = 224 cells of a few milliseconds each.
const spec = {
  problem: "tokens",
  fixed: { steps: 3000 },
  grid: { optimizer: ["sgd", "adam", "sign", "signum"], lr: { from: 1e-3, to: 1, perDecade: 2 }, seed: [0, 1, 2, 3, 4, 5, 6, 7] },
};
const specPath = join(dir, "sweep.json");
writeFileSync(specPath, JSON.stringify(spec));
const out = join(dir, "killed.jsonl");

const lineCount = () => (existsSync(out) ? readFileSync(out, "utf8").split("\n").length - 2 : 0);

function sweepProcess(): ChildProcess {
  return spawn(process.execPath, [CLI, "sweep", specPath, "-o", out, "--threads", "2", "-q"], { stdio: "ignore" });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

/** Starts the sweep and SIGKILLs it as soon as `more` further cell lines have appeared. */
async function killAfter(more: number): Promise<number> {
  const before = lineCount();
  const child = sweepProcess();
  const exit = exited(child);
  while (lineCount() < before + more && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  child.kill("SIGKILL");
  await exit;
  return lineCount();
}

describe("a sweep killed with SIGKILL mid-way and started again", () => {
  it("finishes with exactly one line per cell, numbers identical to an uninterrupted run", async () => {
    const sweep = expandSweep(parseSpec(spec), SWEEP_RUNNERS);
    expect(sweep.cells).toHaveLength(224);

    const afterFirstKill = await killAfter(10);
    expect(afterFirstKill).toBeGreaterThanOrEqual(10);
    expect(afterFirstKill).toBeLessThan(224); // really killed mid-way
    // Once more (the first restart might even finish on a slow poll: resuming is tested either way).
    expect(await killAfter(10)).toBeGreaterThan(afterFirstKill);

    const last = sweepProcess();
    expect(await exited(last)).toBe(0);

    const { header, lines } = readLines(out);
    expect(header.fingerprint).toBe(sweep.fingerprint);
    expect(lines).toHaveLength(224);
    expect(new Set(lines.map((l) => l.key)).size).toBe(224);

    const reference = join(dir, "uninterrupted.jsonl");
    await runSweep(sweep, { out: reference, threads: 1 });
    expect(numbersByKey(lines)).toEqual(numbersByKey(readLines(reference).lines));
  });
});
