// The synthetic bigram square problem's rankings (no JS-side array of d²): the layout
// writes them row by row into WASM memory, a WASM run never builds them as a table in JS, and
// the twin builds that table only where it needs random access (mini-batch draws k = rank_i⁻¹(r)).
import { describe, expect, it, vi } from "vitest";
import { BIGRAM_SQUARE_BLOCK, RNG_BLOCK } from "../../src/layout/generated.js";
import { readField } from "../../src/layout/block.js";
import { fuse } from "../../src/optimizers/chain.js";
import { buildChain, resolveOptimizer } from "../../src/optimizers/registry.js";
import { forEachRankingRow } from "../../src/problems/shared/ranking.js";
import { runTwin } from "../../src/loop/twin.js";
import { runWasm } from "../../src/loop/wasm.js";
import { freshCore } from "../helpers/core.js";
import { bigramSquareProblem } from "../../src/problems/bigram-square/declaration.js";

// Counts the d² tables built in JS (randomRanking), wherever they are built.
const built = vi.hoisted(() => ({ tables: 0 }));
vi.mock("../../src/problems/shared/ranking.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/problems/shared/ranking.js")>();
  return {
    ...original,
    randomRanking: (d: number, seed: number) => {
      built.tables++;
      return original.randomRanking(d, seed);
    },
  };
});

/** The rankings of forEachRankingRow as one table (the reference). */
function rankingTable(d: number, seed: number): Uint16Array {
  const table = new Uint16Array(d * d);
  forEachRankingRow(d, seed, (i, row) => table.set(row, i * d));
  return table;
}

describe("bigram square rankings without a JS-side d² table", () => {
  it("the layout writes each row's classes by rank into WASM memory, as the seeded generator draws them", async () => {
    const core = await freshCore();
    for (const d of [1, 5, 13, 64]) {
      built.tables = 0;
      const problem = bigramSquareProblem({ d, seed: d + 2 });
      const prob = problem.layout(core.arena, core.arena.alloc(RNG_BLOCK.bytes));
      const ptr = readField(core.arena.view(), prob, BIGRAM_SQUARE_BLOCK, "classOfRank");
      expect(core.arena.u16(ptr, d * d)).toEqual(rankingTable(d, d + 2));
      expect(built.tables).toBe(0);
      // the identity ranking stores nothing
      const identity = bigramSquareProblem({ d, permutation: "identity" });
      expect(
        readField(core.arena.view(), identity.layout(core.arena, core.arena.alloc(RNG_BLOCK.bytes)), BIGRAM_SQUARE_BLOCK, "classOfRank"),
      ).toBe(0);
    }
  });

  it("a WASM run (full batch or mini-batch, with class statistics) builds no table in JS; the twin builds one only for mini-batch draws", async () => {
    const core = await freshCore();
    const opts = { steps: 5, seed: 1, recordSteps: [1, 5], classStats: true, countNonzero: true };
    const sgd = fuse(buildChain(resolveOptimizer("sgd", 0.5)));
    built.tables = 0;
    runWasm(core, bigramSquareProblem({ d: 21, seed: 3 }), sgd, opts);
    runWasm(core, bigramSquareProblem({ d: 21, seed: 3, batch: 8 }), sgd, opts);
    expect(built.tables).toBe(0);
    // the twin's full batch reads the rankings in row order, generated on the fly
    const full = bigramSquareProblem({ d: 21, seed: 3 });
    runTwin(full, sgd, opts);
    expect(built.tables).toBe(0);
    // its mini-batch draws rank r of row i at random: one table, built once
    const mini = bigramSquareProblem({ d: 21, seed: 3, batch: 8 });
    runTwin(mini, sgd, opts);
    runTwin(mini, sgd, opts);
    expect(built.tables).toBe(1);
    // row access for tests reads the same rankings
    const table = rankingTable(21, 3);
    for (const i of [0, 7, 20]) expect(full.classOfRankRow(i)).toEqual(table.subarray(i * 21, (i + 1) * 21));
  });
});
