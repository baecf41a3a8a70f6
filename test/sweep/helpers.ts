// Helpers for the sweep tests: small, fast specs and reading results files back by cell key.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expandSweep, type Sweep } from "../../src/sweep/expand.js";
import { parseSpec } from "../../src/sweep/spec.js";
import { SWEEP_RUNNERS } from "../../src/experiments/sweep-runners.js";

export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `zipflab-${name}-`));

/** optimizers × lrs × seeds six-token cells of `steps` steps each. */
export function tokensSpec({ steps = 50, optimizers = ["sgd", "adam"] as unknown[], lrs = [0.01, 0.1], seeds = [0, 1, 2] } = {}) {
  return { problem: "tokens", fixed: { steps, batch: 8 }, grid: { optimizer: optimizers, lr: lrs, seed: seeds } };
}

export function tokensSweep(options: Parameters<typeof tokensSpec>[0] = {}): Sweep {
  return expandSweep(parseSpec(tokensSpec(options)), SWEEP_RUNNERS);
}

export interface Line {
  sweep: string;
  index: number;
  key: string;
  cell: Record<string, unknown>;
  summary: Record<string, unknown> & { seconds: number };
}

export function readLines(path: string): { header: Record<string, unknown>; lines: Line[] } {
  const [header, ...lines] = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l));
  return { header, lines };
}

/** Cell key → summary without the wall-clock seconds (the part that must agree between runs). */
export function numbersByKey(lines: readonly Line[]): Map<string, unknown> {
  return new Map(
    lines.map((l) => {
      const { seconds: _s, ...numbers } = l.summary;
      return [l.key, numbers];
    }),
  );
}
