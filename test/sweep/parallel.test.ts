import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mergeResults } from "../../src/sweep/merge.js";
import { runSweep } from "../../src/sweep/sweep.js";
import { numbersByKey, readLines, tempDir, tokensSweep } from "./helpers.js";

const dir = tempDir("parallel");
const sweep = tokensSweep({ optimizers: ["sgd", "adam", "sign"], lrs: [0.01, 0.1, 1], seeds: [0, 1] });
const whole = join(dir, "whole.jsonl");
const shards = [1, 2, 3].map((i) => join(dir, `shard-${i}.jsonl`));

describe("parallel and sharded sweeps give the same numbers as one thread", async () => {
  await runSweep(sweep, { out: whole, threads: 1 });
  const reference = numbersByKey(readLines(whole).lines);

  it("on worker threads (each with its own WASM instance): every cell once, identical numbers", async () => {
    const out = join(dir, "threads.jsonl");
    const outcome = await runSweep(sweep, { out, threads: 3 });
    expect(outcome).toMatchObject({ total: 18, ran: 18 });
    const { lines } = readLines(out);
    expect(lines).toHaveLength(18);
    expect(numbersByKey(lines)).toEqual(reference);
  });

  it("shards 1/3, 2/3, 3/3 merged equal the unsharded run, cell for cell", async () => {
    for (const [i, out] of shards.entries()) await runSweep(sweep, { out, threads: 1, shard: { index: i + 1, count: 3 } });
    expect(shards.map((f) => readLines(f).lines.length)).toEqual([6, 6, 6]);
    const merged = await mergeResults(shards);
    expect(merged).toMatchObject({ missing: [], duplicates: [], conflicts: [], torn: [] });
    expect(merged.header).toMatchObject({ fingerprint: sweep.fingerprint, shard: null, cells: 18 });
    expect(merged.lines.map((l) => l.index)).toEqual(sweep.cells.map((c) => c.index));
    expect(numbersByKey(merged.lines as never)).toEqual(reference);
  });

  it("merge reports the cells of a shard that is missing", async () => {
    const merged = await mergeResults([shards[0], shards[2]]);
    expect(merged.missing.map((c) => c.index)).toEqual([1, 4, 7, 10, 13, 16]);
    expect(merged.lines).toHaveLength(12);
  });

  it("merge reports a cell found twice: a duplicate if the numbers agree, a conflict if not", async () => {
    const copy = join(dir, "copy-of-2.jsonl");
    copyFileSync(shards[1], copy);
    const dup = await mergeResults([...shards, copy]);
    expect(dup.duplicates.map((d) => d.index)).toEqual([1, 4, 7, 10, 13, 16]);
    expect(dup.duplicates[0].files).toEqual([shards[1], copy]);
    expect(dup.conflicts).toEqual([]);

    const [header, first, ...rest] = readFileSync(copy, "utf8").split("\n");
    const changed = JSON.parse(first);
    changed.summary.finalLoss += 1;
    writeFileSync(copy, [header, JSON.stringify(changed), ...rest].join("\n"));
    const conflict = await mergeResults([...shards, copy]);
    expect(conflict.conflicts.map((d) => d.index)).toEqual([1]);
  });

  it("merge refuses files of different sweeps", async () => {
    const other = join(dir, "other.jsonl");
    await runSweep(tokensSweep({ seeds: [9] }), { out: other, threads: 1 });
    await expect(mergeResults([shards[0], other])).rejects.toThrowError(/other\.jsonl: holds sweep .* but .*shard-1\.jsonl holds sweep/);
  });
});
