import { describe, expect, it } from "vitest";
import { expandSweep } from "../../src/sweep/expand.js";
import { parseShard, shardCells } from "../../src/sweep/shard.js";
import { parseSpec } from "../../src/sweep/spec.js";
import { SWEEP_RUNNERS } from "../../src/experiments/sweep-runners.js";

describe("--shard i/n", () => {
  const sweep = expandSweep(
    parseSpec({ problem: "tokens", grid: { optimizer: ["sgd", "adam"], seed: [0, 1, 2, 3, 4, 5, 6] } }),
    SWEEP_RUNNERS,
  );

  it("the n shards partition the cells: each cell in exactly one, round-robin by cell index", () => {
    const shards = [1, 2, 3].map((i) => shardCells(sweep.cells, { index: i, count: 3 }));
    expect(shards.map((s) => s.length)).toEqual([5, 5, 4]);
    expect(shards[1].map((c) => c.index)).toEqual([1, 4, 7, 10, 13]);
    expect(
      shards
        .flat()
        .map((c) => c.index)
        .sort((a, b) => a - b),
    ).toEqual(sweep.cells.map((c) => c.index));
  });

  it("is deterministic: the same spec gives the same slices", () => {
    const again = expandSweep(
      parseSpec({ problem: "tokens", grid: { optimizer: ["sgd", "adam"], seed: [0, 1, 2, 3, 4, 5, 6] } }),
      SWEEP_RUNNERS,
    );
    expect(shardCells(again.cells, { index: 2, count: 3 })).toEqual(shardCells(sweep.cells, { index: 2, count: 3 }));
  });

  it.each(["0/3", "4/3", "1/0", "-1/3", "2", "a/b", "1.5/3", ""])("rejects %j, naming the option", (text) => {
    expect(() => parseShard(text)).toThrowError(/^shard: must be i\/n with integers 1 ≤ i ≤ n/);
  });

  it("accepts 1/1 and n/n", () => {
    expect(parseShard("1/1")).toEqual({ index: 1, count: 1 });
    expect(parseShard("8/8")).toEqual({ index: 8, count: 8 });
  });
});
