// The per-row rankings: each row a permutation, drawn by Fisher–Yates from the Xoshiro128
// generator (the generator is inlined in ranking.ts for speed; this pins it to the class).
import { describe, expect, it } from "vitest";
import { Xoshiro128 } from "../../src/rng/xoshiro.js";
import { RANKING_STREAM, forEachRankingRow, randomRanking, writeRankings } from "../../src/problems/shared/ranking.js";
import { Arena } from "../../src/wasm/arena.js";
import { freshCore } from "../helpers/core.js";

/** Fisher–Yates on each row of the identity with j = ⌊u·(r+1)/2³²⌋, as documented. */
function reference(d: number, seed: number): Uint16Array {
  const rng = Xoshiro128.seeded(seed, RANKING_STREAM);
  const out = new Uint16Array(d * d);
  for (let i = 0; i < d; i++) {
    const row = Array.from({ length: d }, (_, r) => r);
    for (let r = d - 1; r > 0; r--) {
      const j = Math.floor((rng.nextU32() * (r + 1)) / 4294967296);
      [row[r], row[j]] = [row[j], row[r]];
    }
    out.set(row, i * d);
  }
  return out;
}

describe("random rankings", () => {
  it("equal Fisher–Yates drawn by Xoshiro128 on the ranking stream, row by row", () => {
    for (const [d, seed] of [
      [1, 0],
      [2, 3],
      [7, 1],
      [64, 42],
      [300, 2 ** 40 + 5],
    ]) {
      expect(randomRanking(d, seed)).toEqual(reference(d, seed));
    }
  });

  it("give each row a permutation of 0..d−1, different rows different orders", () => {
    const d = 500;
    const rows: string[] = [];
    forEachRankingRow(d, 9, (_i, row) => {
      expect(Array.from(row).sort((a, b) => a - b)).toEqual(Array.from({ length: d }, (_, k) => k));
      rows.push(row.slice(0, 8).join(","));
    });
    expect(new Set(rows).size).toBe(d);
  });

  it("written into WASM memory, by the kernel and by the TS fallback, as both tables (class of rank, rank of class)", async () => {
    const core = await freshCore();
    for (const [d, seed] of [
      [1, 0],
      [2, 3],
      [7, 1],
      [64, 42],
      [301, 2 ** 40 + 5],
    ]) {
      const table = randomRanking(d, seed);
      const inverse = new Uint16Array(d * d);
      for (let i = 0; i < d; i++) for (let r = 0; r < d; r++) inverse[i * d + table[i * d + r]] = r;
      const bare = new Arena(new WebAssembly.Memory({ initial: 1, maximum: 64 }), 16);
      for (const arena of [core.arena, bare]) {
        arena.reset();
        const byRank = arena.alloc(2 * d * d);
        const byClass = arena.alloc(2 * d * d);
        writeRankings(arena, d, seed, byRank, byClass);
        expect(arena.u16(byRank, d * d), `d ${d}, kernel ${arena.kernels !== null}`).toEqual(table);
        expect(arena.u16(byClass, d * d)).toEqual(inverse);
        const onlyRanks = arena.alloc(2 * d * d);
        writeRankings(arena, d, seed, 0, onlyRanks);
        expect(arena.u16(onlyRanks, d * d)).toEqual(inverse);
      }
    }
  });
});
