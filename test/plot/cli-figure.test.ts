import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";

describe("zipflab tokens --figure", () => {
  it("writes <path>.svg and <path>.png (a .png ending is dropped) and says so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zipflab-figure-"));
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
    try {
      await main(["node", "zipflab", "tokens", "--steps", "300", "--figure", join(dir, "six.png")]);
    } finally {
      log.mockRestore();
    }
    const svg = join(dir, "six.svg");
    const png = join(dir, "six.png");
    expect(out.join("\n")).toContain(`wrote ${svg} and ${png}`);
    expect(existsSync(png)).toBe(true);
    expect(readFileSync(svg, "utf8")).toContain("(d) Adam: the effective step grows as frequency falls");
    expect(process.exitCode ?? 0).toBe(0);
  });
});
