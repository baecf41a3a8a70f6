import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeHeader, openResults, readResults } from "../../src/sweep/results.js";
import { runSweep } from "../../src/sweep/sweep.js";
import { readLines, tempDir, tokensSweep } from "./helpers.js";

const dir = tempDir("results");
const sweep = tokensSweep({ seeds: [0, 1] });

describe("the results file: a header, then one whole JSON line per finished cell", () => {
  it("line 1 names the sweep (spec, fingerprint, shard, cell count); each cell line carries the fingerprint", async () => {
    const out = join(dir, "basic.jsonl");
    await runSweep(sweep, { out, threads: 1 });
    const { header, lines } = readLines(out);
    expect(header).toMatchObject({ zipflabSweep: 1, fingerprint: sweep.fingerprint, problem: "tokens", shard: null, cells: 8 });
    expect(header.spec).toEqual(sweep.spec);
    expect(lines).toHaveLength(8);
    for (const line of lines) {
      expect(line.sweep).toBe(sweep.fingerprint);
      expect(line.key).toBe(sweep.cells[line.index].key);
      expect(line.cell).toEqual(sweep.cells[line.index].config);
      expect(line.summary).toMatchObject({ stepsRun: 50, divergedAt: null });
      expect(line.summary.initialLoss).toBeGreaterThan(line.summary.finalLoss as number);
    }
  });

  it("a run over a finished file skips every cell and writes nothing", async () => {
    const out = join(dir, "basic.jsonl");
    const before = readFileSync(out);
    const outcome = await runSweep(sweep, { out, threads: 1 });
    expect(outcome).toMatchObject({ total: 8, skipped: 8, ran: 0 });
    expect(readFileSync(out)).toEqual(before);
  });

  it("a resumed run skips the cells already written and adds exactly the others", async () => {
    const out = join(dir, "partial.jsonl");
    const full = readFileSync(join(dir, "basic.jsonl"), "utf8").split("\n");
    writeFileSync(out, full.slice(0, 4).join("\n") + "\n"); // header + 3 cells
    const outcome = await runSweep(sweep, { out, threads: 1 });
    expect(outcome).toMatchObject({ skipped: 3, ran: 5 });
    const keys = readLines(out)
      .lines.map((l) => l.key)
      .sort();
    expect(keys).toEqual(sweep.cells.map((c) => c.key).sort());
  });

  it("a line torn by a crash (no final newline) is cut off on resume and its cell rerun", async () => {
    const out = join(dir, "torn.jsonl");
    const full = readFileSync(join(dir, "basic.jsonl"), "utf8").split("\n");
    writeFileSync(out, full.slice(0, 3).join("\n") + "\n" + full[3].slice(0, 40));
    const writer = await openResults(out, makeHeader(sweep, null));
    writer.close();
    expect(writer.repairedBytes).toBe(40);
    expect(writer.done.size).toBe(2);
    expect(readFileSync(out, "utf8")).toBe(full.slice(0, 3).join("\n") + "\n");
    await runSweep(sweep, { out, threads: 1 });
    expect(readLines(out).lines).toHaveLength(8);
  });

  it("a file of a different spec is refused and left byte for byte as it was", async () => {
    const out = join(dir, "basic.jsonl");
    const before = readFileSync(out);
    const other = tokensSweep({ seeds: [0, 1, 2] });
    await expect(runSweep(other, { out, threads: 1 })).rejects.toThrowError(
      new RegExp(
        `^out: .*basic\\.jsonl holds results of a different sweep \\(spec fingerprint ${sweep.fingerprint}, this spec ${other.fingerprint}\\); it was left untouched`,
      ),
    );
    expect(readFileSync(out)).toEqual(before);
  });

  it("a shard's file is refused for another shard or the whole sweep", async () => {
    const out = join(dir, "shard.jsonl");
    await runSweep(sweep, { out, threads: 1, shard: { index: 1, count: 2 } });
    const before = readFileSync(out);
    await expect(runSweep(sweep, { out, threads: 1, shard: { index: 2, count: 2 } })).rejects.toThrowError(/holds shard 1\/2, not 2\/2/);
    await expect(runSweep(sweep, { out, threads: 1 })).rejects.toThrowError(/holds shard 1\/2, not the whole sweep/);
    expect(readFileSync(out)).toEqual(before);
  });

  it("a file that is not a results file, or is damaged before its last line, is refused untouched", async () => {
    const notOurs = join(dir, "notes.jsonl");
    writeFileSync(notOurs, '{"hello":1}\n');
    await expect(runSweep(sweep, { out: notOurs, threads: 1 })).rejects.toThrowError(/is not a zipflab sweep results file/);
    expect(readFileSync(notOurs, "utf8")).toBe('{"hello":1}\n');

    const damaged = join(dir, "damaged.jsonl");
    const full = readFileSync(join(dir, "basic.jsonl"), "utf8").split("\n");
    writeFileSync(damaged, [full[0], full[1].slice(0, 30), full[2], ""].join("\n"));
    await expect(readResults(damaged, "out")).rejects.toThrowError(/line 2 is not JSON; the file is damaged/);
  });
});
