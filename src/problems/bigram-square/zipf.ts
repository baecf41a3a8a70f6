// The bigram square problem on synthetic Zipf pairs: i ~ π, k | i ~ p_i with p_ik =
// π_{rank_i(k)}, row i's ranking a seeded random permutation or the identity (problem.ts).
import { BIGRAM_SQUARE_BLOCK, BigramData } from "../../layout/generated.js";
import { ProblemCode } from "../codes.js";
import { zipfFrequencies } from "../shared/zipf.js";
import { forEachRankingRow, randomRanking, writeRankings } from "../shared/ranking.js";
import { buildAliasTable, packAliasTable, drawAlias } from "../../rng/alias.js";
import type { LayoutArena } from "../../wasm/arena.js";
import type { BigramSquareConfig, DrawPair, ZipfBigramSquare } from "./problem.js";
import { classStats, twinPasses } from "./twin.js";

/** The synthetic Zipf problem of a validated config (declaration.ts validates; bigramSquareProblem takes any input). */
export function makeBigramSquareProblem(config: BigramSquareConfig): ZipfBigramSquare {
  const d = config.d;
  const B = config.batch === "full" ? 0 : config.batch;
  const pi64 = zipfFrequencies(d, config.alpha);
  const pi = Float32Array.from(pi64);
  const alias = buildAliasTable(pi);
  const random = config.permutation === "random";
  const row = new Float32Array(d);

  // L* = ½ Σ_i π_i (1 − ‖p_i‖²) of the exact (f64) model; every row holds the same values,
  // so ‖p_i‖² = Σ_r π_r². The kernel's L(W) = ½ Σ_i π_i ‖W_i − p_i‖² + L* uses π rounded to
  // f32, so L − L* is exactly its excess sum, whatever the rounding.
  let rowSquares = 0;
  for (let r = 0; r < d; r++) rowSquares += pi64[r] * pi64[r];
  let optimalLoss = 0;
  for (let i = 0; i < d; i++) optimalLoss += pi64[i] * (1 - rowSquares);
  optimalLoss *= 0.5;
  // ℓ* = ½(1 − ‖p_i‖²): every class's loss at the optimum, so that L* = Σ_i π_i ℓ*.
  const optimalRowLoss = 0.5 * (1 - rowSquares);

  // The random rankings as a d² table (classOfRank[i·d + r]), for random access only: the
  // twin's mini-batch draws and the row accessors. Built on first use; the kernel's layout and
  // the twin's passes in row order never build it. null = the identity.
  let table: Uint16Array | null = null;
  const rankTable = (): Uint16Array | null => (random ? (table ??= randomRanking(d, config.seed)) : null);
  function classOfRankRow(i: number): Uint16Array {
    return rankTable()?.subarray(i * d, (i + 1) * d) ?? Uint16Array.from({ length: d }, (_, r) => r);
  }

  /** onRow(i, p_i) for every row in order, O(d) memory: p_i is π scattered by row i's ranking. */
  function forEachConditional(onRow: (i: number, p: Float32Array) => void): void {
    if (!random) {
      for (let i = 0; i < d; i++) onRow(i, pi);
      return;
    }
    forEachRankingRow(d, config.seed, (i, classOfRank) => {
      for (let r = 0; r < d; r++) row[classOfRank[r]] = pi[r];
      onRow(i, row);
    });
  }

  const draw: DrawPair = (rng, pair) => {
    const i = drawAlias(rng, alias);
    const r = drawAlias(rng, alias);
    const classOfRank = rankTable();
    pair[0] = i;
    pair[1] = classOfRank ? classOfRank[i * d + r] : r;
  };
  const twin = twinPasses(d, B, pi, forEachConditional, null, draw, optimalLoss, optimalRowLoss);

  return {
    data: "zipf",
    code: ProblemCode.BigramSquare,
    n: d * d,
    d,
    batch: B,
    frequencies: pi,
    classOfRankRow,
    rowLen: B > 0 ? d : 0,
    optimalLoss,
    classStats: classStats(d, Float64Array.from(pi), twin.classLosses),
    layout(arena: LayoutArena, rng: number): number {
      const piPtr = arena.allocF32(d);
      arena.write(piPtr, pi);
      const tablePtr = arena.alloc(8 * d);
      arena.write(tablePtr, packAliasTable(alias));
      // The rankings, generated row by row straight into WASM memory (no JS d² array); the
      // view is taken after the allocation, which may grow memory and detach older views.
      const ranksPtr = random ? arena.alloc(2 * d * d) : 0;
      if (random) writeRankings(arena, d, config.seed, ranksPtr, 0);
      const rowPtr = arena.allocF32(d);
      const hitsPtr = arena.alloc(4 * d);
      const samplesPtr = arena.alloc(8 * Math.max(B, 1));
      const block = arena.alloc(BIGRAM_SQUARE_BLOCK.bytes);
      arena.writeBlock(block, BIGRAM_SQUARE_BLOCK, {
        d,
        batch: B,
        data: BigramData.Zipf,
        pi: piPtr,
        aliasTable: tablePtr,
        aliasSize: d,
        classOfRank: ranksPtr,
        rowScratch: rowPtr,
        rowStart: 0,
        cols: 0,
        q: 0,
        entryRows: 0,
        hits: hitsPtr,
        samples: samplesPtr,
        rng,
        coefficient: 0,
        optimalLoss,
        optimalRowLoss,
      });
      return block;
    },
    twinGradient: twin.twinGradient,
    twinLoss: twin.twinLoss,
    conditional(i: number): Float32Array {
      const p = new Float32Array(d);
      classOfRankRow(i).forEach((k, r) => {
        p[k] = pi[r];
      });
      return p;
    },
    expectedGradient(w: Float32Array): Float64Array {
      const out = new Float64Array(d * d);
      forEachConditional((i, p) => {
        for (let k = 0; k < d; k++) out[i * d + k] = pi[i] * (w[i * d + k] - p[k]);
      });
      return out;
    },
    gdClosedForm(eta: number, t: number): Float64Array {
      const out = new Float64Array(d * d);
      forEachConditional((i, p) => {
        const reached = 1 - (1 - eta * pi[i]) ** t;
        for (let k = 0; k < d; k++) out[i * d + k] = p[k] * reached;
      });
      return out;
    },
  };
}
