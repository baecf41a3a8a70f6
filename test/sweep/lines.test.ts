// Reading results files line by line: every line whole, wherever the 1 MiB chunks cut it, the
// torn tail reported, and time linear in the file's size however long a line is (joining the
// pending bytes at every chunk made one 200 MB line take a minute).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { scanLines } from "../../src/sweep/lines.js";
import { tempDir } from "./helpers.js";

const dir = tempDir("lines");

describe("scanLines", () => {
  it("gives every newline-terminated line whole across chunk boundaries, and the torn tail's length", async () => {
    const lines = ["short", "x".repeat(3 << 20), "", "é".repeat(700_000), "last"];
    const path = join(dir, "mixed.jsonl");
    writeFileSync(path, lines.join("\n") + "\ntorn");
    const seen: string[] = [];
    const scan = await scanLines(path, ({ number, text }) => {
      expect(number).toBe(seen.length + 1);
      seen.push(text);
    });
    expect(seen).toEqual(lines);
    expect(scan.tornBytes).toBe(4);
    expect(scan.completeBytes).toBe(Buffer.byteLength(lines.join("\n") + "\n"));
  });

  it("copies a long line's bytes a bounded number of times (linear, not quadratic, in its length)", async () => {
    const size = 24 << 20;
    const path = join(dir, "long.jsonl");
    writeFileSync(path, `${"y".repeat(size)}\n`);
    const spy = vi.spyOn(Buffer, "concat");
    let length = 0;
    let copied: number;
    try {
      await scanLines(path, ({ text }) => {
        length = text.length;
      });
      copied = spy.mock.calls.reduce((a, [list, total]) => a + (total ?? list.reduce((s, b) => s + b.length, 0)), 0);
    } finally {
      spy.mockRestore();
    }
    expect(length).toBe(size);
    // One join of the line's pieces; joining at every 1 MiB chunk would copy ~Σk MiB = 300 MiB.
    expect(copied).toBeLessThanOrEqual(2 * size);
  });
});
