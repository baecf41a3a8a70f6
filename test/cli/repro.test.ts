import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

const run = (args: string[]) => cli(...args);

describe("zipflab repro", () => {
  it("writes one reproduction's folder under --out, says where, and shows its stages", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zipflab-repro-cli-"));
    const { out, err, code } = await run(["repro", "tokens", "--scale", "test", "--out", dir]);
    expect(code).toBe(0);
    expect(err).toContain("[1/1] tokens: SGD and Adam, 200 steps of batch 32");
    expect(out).toContain(join(dir, "tokens", "figure.svg"));
    for (const f of ["figure.svg", "figure.png", "results.json", "README.md"]) expect(existsSync(join(dir, "tokens", f))).toBe(true);
    // Only `repro all` writes the index.
    expect(existsSync(join(dir, "index.html"))).toBe(false);
    expect(readFileSync(join(dir, "tokens", "README.md"), "utf8")).toContain("## Measured in this run");
  });

  it("refuses an unknown name before running anything, with exit code 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zipflab-repro-cli-"));
    const { err, code } = await run(["repro", "tokens", "bigram", "--out", dir]);
    expect(code).toBe(2);
    expect(err).toContain(
      'name[1]: unknown reproduction "bigram" (one of: tokens, quadratic, bigram-square, linear-model, bigram-softmax, scaling, brown, transformer, all)',
    );
    expect(existsSync(join(dir, "tokens"))).toBe(false);
  });
});
