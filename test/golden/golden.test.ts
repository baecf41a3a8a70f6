// Behaviour lock: the --json results of a fixed set of runs (test/golden/cases.ts) must stay
// bit-identical to the golden files, timing fields aside. A missing golden file fails the case;
// ZIPFLAB_UPDATE_GOLDEN=1 (re)writes them (for a new case or a deliberate numeric change).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { GOLDEN_CASES, GOLDEN_SWEEP_SPEC } from "./cases.js";
import { PROBLEMS } from "../../src/problems/registry.js";

const FILES = join(import.meta.dirname, "files");
const UPDATE = process.env.ZIPFLAB_UPDATE_GOLDEN === "1";
const dir = mkdtempSync(join(tmpdir(), "zipflab-golden-"));

/** Fields that measure time or name a temp path: dropped before comparing. */
const VOLATILE = new Set([
  "seconds",
  "elapsedSeconds",
  "wallSeconds",
  "ms",
  "secondsByOptimizer",
  "startedAt",
  "finishedAt",
  "json",
  "out",
  "figure",
]);

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !VOLATILE.has(k))
        .map(([k, v]) => [k, stable(v)]),
    );
  }
  return value;
}

function compare(name: string, actual: unknown) {
  const file = join(FILES, `${name}.json`);
  const text = JSON.stringify(stable(actual), null, 1) + "\n";
  if (UPDATE) {
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(
      `golden file ${file} is missing: write it with ZIPFLAB_UPDATE_GOLDEN=1 npx vitest run test/golden, check it, and commit it`,
    );
  }
  expect(text, `${name} differs from ${file}`).toBe(readFileSync(file, "utf8"));
}

describe("golden results: every problem, several optimizers, WASM and twin, a sweep, scaling", () => {
  it.each(GOLDEN_CASES.map((c) => [c.name, c] as const))("%s is bit-identical to its golden file", async (name, c) => {
    const out = join(dir, `${name}.json`);
    const { code, err } = await cli(...c.args.map((a) => (a === "OUT" ? out : a)));
    expect(code, err).toBe(0);
    compare(name, JSON.parse(readFileSync(out, "utf8")));
  });

  it("covers every registered problem, each case once", () => {
    for (const name of Object.keys(PROBLEMS)) {
      expect(
        GOLDEN_CASES.some((c) => c.args[0] === "run" && c.args[1] === name),
        `${name}: declare a golden case`,
      ).toBe(true);
    }
    expect(new Set(GOLDEN_CASES.map((c) => c.name)).size).toBe(GOLDEN_CASES.length);
  });

  it("sweep: every cell's result line is bit-identical (order-independent)", async () => {
    const spec = join(dir, "sweep.json");
    const out = join(dir, "sweep.results.jsonl");
    writeFileSync(spec, JSON.stringify(GOLDEN_SWEEP_SPEC));
    const { code, err } = await cli("sweep", spec, "-o", out, "--threads", "1", "-q");
    expect(code, err).toBe(0);
    const lines = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((l) => !l.zipflabSweep);
    const byKey = lines.map((l) => stable(l)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(byKey).toHaveLength(8);
    compare("sweep", byKey);
  });
});
