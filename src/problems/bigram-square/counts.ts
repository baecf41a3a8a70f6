// The bigram square problem on a count matrix (a corpus): q = c/N, π_i = Σ_k q_ik, row i's
// target its CSR entries (problem.ts).
import { BIGRAM_SQUARE_BLOCK, BigramData } from "../../layout/generated.js";
import { argInteger, argOptionalObject } from "../../config/args.js";
import { ConfigError } from "../../config/error.js";
import { ProblemCode } from "../codes.js";
import { checkCountMatrix, type CountMatrix } from "../../sparse/count-matrix.js";
import { checkMemory } from "../shared/memory.js";
import { buildAliasTable, packAliasTable, drawAlias } from "../../rng/alias.js";
import type { LayoutArena } from "../../wasm/arena.js";
import { MAX_BATCH, type CountsBigramSquare, type DrawPair, type RowTargets } from "./problem.js";
import { classStats, twinPasses } from "./twin.js";

/**
 * Bytes of WASM memory a run on counts needs at least: W and g (4·d² each), `stateArrays`
 * optimizer state arrays of d² f32, the CSR (8 bytes an entry, 20 for mini-batches). The
 * exact estimate of a run is its layout run dry (src/loop/memory.ts).
 */
export function bigramSquareCountsBytes(d: number, nnz: number, batch: number, stateArrays = 0): number {
  argInteger("d", d, 1);
  argInteger("nnz", nnz, 0);
  argInteger("batch", batch, 0);
  argInteger("stateArrays", stateArrays, 0, 64);
  return 4 * d * d * (2 + stateArrays) + (batch > 0 ? 20 : 8) * nnz;
}

/** The problem on any count matrix (a corpus: countsFromPairs). */
export function bigramSquareFromCounts(counts: CountMatrix, opts: { batch?: number | "full" } = {}, field = "problem"): CountsBigramSquare {
  argOptionalObject("opts", opts);
  const prefix = field ? `${field}.` : "";
  checkCountMatrix(counts, `${prefix}counts`);
  const { d, rowStart, cols } = counts;
  const nnz = rowStart[d];
  const batch = opts.batch ?? "full";
  if (batch !== "full" && !(Number.isInteger(batch) && batch >= 1 && batch <= MAX_BATCH)) {
    throw new ConfigError(`${prefix}batch`, `must be "full" or an integer in [1, ${MAX_BATCH}] (got ${batch})`);
  }
  const B = batch === "full" ? 0 : batch;
  checkMemory(
    `${prefix}d`,
    bigramSquareCountsBytes(d, nnz, B),
    `d = ${d}: W and its gradient, 4·d² bytes each, and ${nnz} stored pairs`,
    "use a smaller vocabulary (--vocab)",
  );

  let N = 0;
  for (let e = 0; e < nnz; e++) N += counts.counts[e];
  const entryRow = new Int32Array(nnz);
  const inputFrequencies = new Float64Array(d);
  const rowSquares = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let n = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      entryRow[e] = i;
      n += counts.counts[e];
    }
    inputFrequencies[i] = n / N;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) rowSquares[i] += (counts.counts[e] / n) ** 2;
  }
  // L* = ½ − ½ Σ_ik q_ik²/π_i = ½ − ½ Σ_i π_i ‖p_i‖²
  let qSquaresOverPi = 0;
  for (let i = 0; i < d; i++) qSquaresOverPi += inputFrequencies[i] * rowSquares[i];
  const optimalLoss = 0.5 - 0.5 * qSquaresOverPi;
  const q = Float32Array.from(counts.counts, (c) => c / N);
  const pi = Float32Array.from(inputFrequencies);
  const alias = B > 0 ? buildAliasTable(counts.counts) : null;

  const rows: RowTargets = (onRow) => {
    for (let i = 0; i < d; i++) onRow(i, null);
  };
  const draw: DrawPair = (rng, pair) => {
    const e = drawAlias(rng, alias!);
    pair[0] = entryRow[e];
    pair[1] = cols[e];
  };
  const twin = twinPasses(d, B, pi, rows, { rowStart, cols, q }, draw, optimalLoss, 0);

  return {
    data: "counts",
    code: ProblemCode.BigramSquare,
    n: d * d,
    d,
    batch: B,
    counts,
    rowLen: B > 0 ? d : 0,
    frequencies: pi,
    inputFrequencies,
    rowSquares,
    optimalLoss,
    classStats: classStats(d, inputFrequencies, twin.classLosses),
    layout(arena: LayoutArena, rng: number): number {
      const rowStartPtr = arena.put(rowStart);
      const colsPtr = arena.put(cols);
      const qPtr = arena.put(q);
      const piPtr = arena.put(pi);
      const entryRowPtr = B > 0 ? arena.put(entryRow) : 0;
      const tablePtr = alias ? arena.put(packAliasTable(alias)) : 0;
      const hitsPtr = arena.alloc(4 * d);
      const samplesPtr = arena.alloc(8 * Math.max(B, 1));
      const block = arena.alloc(BIGRAM_SQUARE_BLOCK.bytes);
      arena.writeBlock(block, BIGRAM_SQUARE_BLOCK, {
        d,
        batch: B,
        data: BigramData.Counts,
        pi: piPtr,
        aliasTable: tablePtr,
        aliasSize: nnz,
        classOfRank: 0,
        rowScratch: 0,
        rowStart: rowStartPtr,
        cols: colsPtr,
        q: qPtr,
        entryRows: entryRowPtr,
        hits: hitsPtr,
        samples: samplesPtr,
        rng,
        coefficient: 0,
        optimalLoss: 0,
        optimalRowLoss: 0,
      });
      return block;
    },
    twinGradient: twin.twinGradient,
    twinLoss: twin.twinLoss,
    gdClosedForm(eta: number, t: number): Float64Array {
      const out = new Float64Array(d * d);
      for (let i = 0; i < d; i++) {
        const reached = 1 - (1 - eta * inputFrequencies[i]) ** t;
        const n = inputFrequencies[i] * N;
        for (let e = rowStart[i]; e < rowStart[i + 1]; e++) out[i * d + cols[e]] = (counts.counts[e] / n) * reached;
      }
      return out;
    },
    gdExcessLoss(eta: number, t: number): number {
      let s = 0;
      for (let i = 0; i < d; i++) s += inputFrequencies[i] * rowSquares[i] * (1 - eta * inputFrequencies[i]) ** (2 * t);
      return 0.5 * s;
    },
  };
}
