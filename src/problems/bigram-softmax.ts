// Bigram next-token model with softmax cross-entropy (SPEC items 4b, 5). Kernel:
// assembly/problems/bigram_softmax.ts, whose header gives the math and the problem block.
//   L(W) = (1/N) Σ_ik c_ik (lse(W_i) − W_ik),  W_i = logits of input token i (row i of Wᵀ)
// The data: synthetic expected Zipf counts, computed on the fly from π and the rankings
// (never a d² array), or any sparse count matrix (bigram-counts.ts: sampled pairs, a corpus).
import { ProblemCode } from "./codes.js";
import type { ClassStatsSpec, Problem } from "./problem.js";
import { checkCountMatrix, zipfSampledCounts, type CountMatrix } from "./bigram-counts.js";
import { checkBigramSoftmaxSize, resolveBigramSoftmaxConfig, type BigramSoftmaxConfig, type BigramSoftmaxInput } from "./bigram-softmax-config.js";
import { forEachRankingRow, randomRanking } from "./ranking.js";
import { addL2Row, expRow, gradientDense, rowMax, scaleRow } from "./softmax-rows.js";
import { zipfFrequencies } from "./zipf.js";
import { ln } from "../rng/ln.js";
import { ConfigError } from "../config/fields.js";
import { buildAliasTable, packAliasTable, sampleAlias } from "../rng/alias.js";
import type { Xoshiro128 } from "../rng/xoshiro.js";
import type { TouchedRows } from "../sparse/touched-rows.js";
import type { Arena } from "../wasm/arena.js";

export const BIGRAM_SOFTMAX_BYTES = 88;

export interface BigramSoftmaxClassStats {
  loss: number;
  /** ℓ_k: mean loss of the pairs whose next token is k (NaN if k never is). */
  classLoss: Float64Array;
  /** Σ_i c_ik/N as the kernel weighs them (the division's denominator). */
  classFrequencies: Float64Array;
}

export interface BigramSoftmaxProblem extends Problem {
  readonly d: number;
  /** Pairs per step; 0 = full batch (exact loss and gradient). */
  readonly batch: number;
  /**
   * The count matrix as CSR. For expected counts it is built on first access (d² entries: for
   * small d and tests only); the run never needs it.
   */
  readonly counts: CountMatrix;
  /** Each row's counts in row order: onRow(i, output tokens, counts, how many) (no d² storage; buffers reused). */
  forEachRow(onRow: (i: number, cols: Int32Array, counts: Float64Array, n: number) => void): void;
  /** N = Σ c_ik. */
  readonly pairs: number;
  /** d for mini-batches (row-sparse gradients), 0 for the full batch. */
  readonly rowLen: number;
  /** π_k = Σ_i c_ik / N in f64: the frequency of k as a next token (the class frequency). */
  readonly classFrequencies: Float64Array;
  /** n_i / N in f64: the frequency of i as an input. */
  readonly inputFrequencies: Float64Array;
  twinLoss(w: Float32Array): number;
  /** Twin of bigramSoftmaxClassLoss, divided by the class weights. */
  twinClassStats(w: Float32Array): BigramSoftmaxClassStats;
}

const f32 = Math.fround;

/** Expected counts c_ik/N = π_i·π_{rank_i(k)}, as the kernel computes them on the fly. */
interface DenseCounts {
  pi: Float64Array;
  a: Float32Array;
  b: Float32Array;
  /** u16 rank of class k in row i, filled row by row (null = identity). */
  /** Random rankings (else the identity). */
  fillRanks: boolean;
  seedRows: (onRow: (i: number, classOfRank: Uint16Array) => void) => void;
  omega: Float32Array | null;
  rowWeight: Float32Array;
  classWeight: Float64Array;
  classFrequencies: Float64Array;
  pairs: number;
}

/** The synthetic Zipf bigram problem of a config. */
export function bigramSoftmaxProblem(input: BigramSoftmaxInput = {}): BigramSoftmaxProblem & { config: BigramSoftmaxConfig } {
  const config = resolveBigramSoftmaxConfig(input);
  const { d, alpha, pairs, seed } = config;
  const opts = { batch: config.batch, reweight: config.reweight, l2: config.l2 };
  if (config.counts === "expected" && config.batch === "full") {
    return Object.assign(denseProblem(expectedCounts(config), opts), { config });
  }
  const ranking = config.permutation === "random" ? randomRanking(d, seed) : null;
  const counts = config.counts === "expected"
    ? expectedCsr(d, alpha, pairs, ranking)
    : zipfSampledCounts(d, alpha, pairs, ranking, seed);
  return { ...bigramSoftmaxFromCounts(counts, opts), config };
}

/** Mini-batches of expected counts sample from the stored pairs (d² entries). */
function expectedCsr(d: number, alpha: number, pairs: number, classOfRank: Uint16Array | null): CountMatrix {
  const pi = zipfFrequencies(d, alpha);
  const rowStart = Int32Array.from({ length: d + 1 }, (_, i) => i * d);
  const cols = new Int32Array(d * d);
  const counts = new Float64Array(d * d);
  for (let e = 0; e < d * d; e++) {
    cols[e] = classOfRank ? classOfRank[e] : e % d;
    counts[e] = pairs * pi[Math.floor(e / d)] * pi[e % d];
  }
  return { d, rowStart, cols, counts };
}

function expectedCounts(config: BigramSoftmaxConfig): DenseCounts {
  const { d, alpha, seed, reweight } = config;
  const pi = zipfFrequencies(d, alpha);
  const a = Float32Array.from(pi);
  const b = a;
  const random = config.permutation === "random";
  const seedRows = (onRow: (i: number, classOfRank: Uint16Array) => void) => {
    if (random) forEachRankingRow(d, seed, onRow);
    else {
      const id = Uint16Array.from({ length: d }, (_, k) => k);
      for (let i = 0; i < d; i++) onRow(i, id);
    }
  };
  const fillRanks = random;
  // π_k as a next token: Σ_i π_i π_{rank_i(k)} (one pass over the rankings).
  const classFrequencies = random ? new Float64Array(d) : Float64Array.from(pi);
  if (random) seedRows((i, row) => { for (let r = 0; r < d; r++) classFrequencies[row[r]] += pi[i] * pi[r]; });
  let omega: Float32Array | null = null;
  const rowWeight = Float32Array.from(pi);
  const classWeight = new Float64Array(d);
  if (reweight !== "none") {
    const raw = Float64Array.from(classFrequencies, (p) => (reweight === "inverse" ? 1 / p : 1 / Math.sqrt(p)));
    let Z = 0;
    for (let k = 0; k < d; k++) Z += classFrequencies[k] * raw[k];
    omega = Float32Array.from(raw, (x) => x / Z);
    const om = omega;
    seedRows((i, row) => {
      let s = 0;
      for (let r = 0; r < d; r++) s += pi[r] * om[row[r]];
      rowWeight[i] = pi[i] * s;
    });
  }
  // The class weights Σ_i c_ik/N as the kernel's f32 entries give them (ℓ_k's denominator).
  seedRows((i, row) => {
    for (let r = 0; r < d; r++) {
      const k = row[r];
      let c = f32(a[i] * b[r]);
      if (omega) c = f32(c * omega[k]);
      classWeight[k] += c;
    }
  });
  return { pi, a, b, fillRanks, seedRows, omega, rowWeight, classWeight, classFrequencies, pairs: config.pairs };
}

/** The expected-counts problem: no stored pairs; the kernel's dense mode. */
function denseProblem(data: DenseCounts, opts: { batch?: number | "full"; l2?: number }): BigramSoftmaxProblem {
  const { a, b, omega, rowWeight, classWeight, classFrequencies } = data;
  const d = a.length;
  const lambda = f32(opts.l2 ?? 0);
  const random = data.fillRanks;
  let twinRanks: Uint16Array | null = null; // the twin's rank table (small d only)
  const ranksFor = (): Uint16Array | null => {
    if (!random) return null;
    if (!twinRanks) {
      const t = new Uint16Array(d * d);
      data.seedRows((i, row) => { for (let r = 0; r < d; r++) t[i * d + row[r]] = r; });
      twinRanks = t;
    }
    return twinRanks;
  };
  const u = new Float32Array(d);
  const c = new Float32Array(d);
  function targets(i: number, ranks: Uint16Array | null): void {
    for (let k = 0; k < d; k++) {
      let v = f32(a[i] * b[ranks ? ranks[i * d + k] : k]);
      if (omega) v = f32(v * omega[k]);
      c[k] = v;
    }
  }
  // Twin of bigramSoftmaxRows (dense mode): row by row, loss in row order.
  function rowsPass(w: Float32Array, g: Float32Array | null, classLoss: Float64Array | null, i0: number, i1: number): number {
    const ranks = ranksFor();
    let loss = 0;
    for (let i = i0; i < i1; i++) {
      const off = i * d;
      const out = g ?? u;
      const o = g ? off : 0;
      const rw = rowWeight[i];
      let rowLoss = 0;
      if (rw === 0) out.fill(0, o, o + d);
      else {
        const M = rowMax(w, off, d);
        const S = expRow(w, off, out, o, d, M);
        const lse = M + ln(S);
        const s = f32(rw / S);
        targets(i, ranks);
        const dot = gradientDense(out, o, c, w, off, d, s);
        if (classLoss) for (let k = 0; k < d; k++) classLoss[k] += c[k] * (lse - w[off + k]);
        rowLoss = rw * lse - dot;
      }
      if (lambda !== 0) rowLoss += 0.5 * lambda * addL2Row(out, o, w, off, d, lambda);
      loss += rowLoss;
    }
    return loss;
  }
  const fullPass = (w: Float32Array, g: Float32Array | null, classLoss: Float64Array | null) => blockedPass(d, rowsPass, w, g, classLoss);
  let csr: CountMatrix | null = null;
  const problem: BigramSoftmaxProblem = {
    code: ProblemCode.BigramSoftmax,
    n: d * d, d, batch: 0, pairs: data.pairs, rowLen: 0, classFrequencies, inputFrequencies: Float64Array.from(a),
    fusedSteps: true, deferredRecords: true,
    layoutBytes: 48 * d + (random ? 2 * d * d : 0) + 1024,
    get counts(): CountMatrix {
      if (!csr) {
        const cols = new Int32Array(d * d);
        const counts = new Float64Array(d * d);
        problem.forEachRow((i, rc, row) => {
          cols.set(rc, i * d);
          counts.set(row, i * d);
        });
        csr = { d, rowStart: Int32Array.from({ length: d + 1 }, (_, i) => i * d), cols, counts };
      }
      return csr;
    },
    forEachRow(onRow): void {
      // each row in rank order, k = classOfRank[i][r], c_ik = N·π_i·π_r
      const cols = new Int32Array(d);
      const counts = new Float64Array(d);
      data.seedRows((i, classOfRank) => {
        for (let r = 0; r < d; r++) {
          cols[r] = classOfRank[r];
          counts[r] = data.pairs * data.pi[i] * data.pi[r];
        }
        onRow(i, cols, counts, d);
      });
    },
    layout(arena: Arena, rng: number): number {
      const put = (x: Float32Array | Int32Array): number => {
        const p = arena.alloc(4 * Math.max(x.length, 1));
        new Uint8Array(arena.memory.buffer, p, 4 * x.length).set(new Uint8Array(x.buffer, x.byteOffset, 4 * x.length));
        return p;
      };
      const rowStart = put(new Int32Array(d + 1));
      const rowWeightPtr = put(rowWeight);
      const aPtr = put(a);
      const bPtr = put(b);
      const omegaPtr = omega ? put(omega) : 0;
      const scratch = arena.allocF32(2 * d);
      const hits = arena.alloc(4 * d);
      let rankPtr = 0;
      if (random) {
        // rank_i(k), generated row by row straight into WASM memory (no JS d² array)
        rankPtr = arena.alloc(2 * d * d);
        const ranks = new Uint16Array(arena.memory.buffer, rankPtr, d * d);
        data.seedRows((i, row) => { for (let r = 0; r < d; r++) ranks[i * d + row[r]] = r; });
      }
      const partial = arena.alloc(8 * d);
      const block = arena.alloc(BIGRAM_SOFTMAX_BYTES);
      const view = arena.view();
      [d, 0, 0, rowStart, 0, 0, rowWeightPtr, 0, 0, scratch, hits, 0, 0, rng].forEach((v, j) => view.setUint32(block + 4 * j, v, true));
      view.setFloat32(block + 56, lambda, true);
      [1, aPtr, bPtr, rankPtr, omegaPtr, 0, partial].forEach((v, j) => view.setUint32(block + 60 + 4 * j, v, true));
      return block;
    },
    twinGradient: (w, g) => fullPass(w, g, null),
    twinLoss: (w) => fullPass(w, null, null),
    twinClassStats(w: Float32Array): BigramSoftmaxClassStats {
      const raw = new Float64Array(d);
      const loss = fullPass(w, null, raw);
      return { loss, classLoss: raw.map((x, k) => x / classWeight[k]), classFrequencies: classWeight };
    },
  };
  return Object.assign(problem, { classStats: bigramClassStats(problem, classWeight) });
}

/** The bigram softmax problem on any count matrix (a corpus: countsFromPairs). */
export function bigramSoftmaxFromCounts(counts: CountMatrix,
  opts: { batch?: number | "full"; reweight?: "none" | "inverse" | "inverse-sqrt"; l2?: number } = {},
  field = "problem"): BigramSoftmaxProblem {
  checkCountMatrix(counts, field ? `${field}.counts` : "counts");
  const { d, rowStart, cols } = counts;
  const nnz = rowStart[d];
  let N = 0;
  for (let e = 0; e < nnz; e++) N += counts.counts[e];
  const batch = opts.batch ?? "full";
  checkBigramSoftmaxSize(d, nnz, N, batch, field);
  const B = batch === "full" ? 0 : batch;

  const entryRow = new Int32Array(nnz);
  const inputFrequencies = new Float64Array(d);
  const classFrequencies = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      entryRow[e] = i;
      inputFrequencies[i] += counts.counts[e] / N;
      classFrequencies[cols[e]] += counts.counts[e] / N;
    }
  }
  // Loss reweighting L = Σ_pairs ω_k ℓ / Σ_pairs ω_k is the plain loss on counts c_ik·ω_k: the
  // kernel is unchanged, its entry and row weights (and the mini-batch sampling) use the
  // weighted counts. ω_k is constant within a class, so per-class losses are unaffected.
  const reweight = opts.reweight ?? "none";
  const lambda = f32(opts.l2 ?? 0);
  if (lambda !== 0 && B > 0) throw new ConfigError(field ? `${field}.l2` : "l2", "needs the full batch: the gradient of λ/2‖W‖² touches every row (got a mini-batch)");
  const omega = (k: number) => (reweight === "inverse" ? 1 / classFrequencies[k]
    : reweight === "inverse-sqrt" ? 1 / Math.sqrt(classFrequencies[k]) : 1);
  const weighted = Float64Array.from(counts.counts, (c, e) => c * omega(cols[e]));
  const total = weighted.reduce((x, y) => x + y, 0);
  const entryWeight = Float32Array.from(weighted, (c) => c / total);
  const rowWeight = new Float32Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) s += weighted[e];
    rowWeight[i] = s / total;
  }
  const classWeight = new Float64Array(d);
  for (let e = 0; e < nnz; e++) classWeight[cols[e]] += entryWeight[e];
  const table = B > 0 ? buildAliasTable(weighted) : null;
  const u = new Float32Array(d);
  const hits = new Int32Array(d);
  const samples = new Int32Array(B);
  const head = new Int32Array(d).fill(-1);
  const next = new Int32Array(B);

  // Twin of bigramSoftmaxRows (sparse mode).
  function rowsPass(w: Float32Array, g: Float32Array | null, classLoss: Float64Array | null, i0: number, i1: number): number {
    let loss = 0;
    for (let i = i0; i < i1; i++) {
      const off = i * d;
      const out = g ?? u;
      const o = g ? off : 0;
      const rw = rowWeight[i];
      let rowLoss = 0;
      if (rw === 0) out.fill(0, o, o + d);
      else {
        const M = rowMax(w, off, d);
        const S = expRow(w, off, out, o, d, M);
        const lse = M + ln(S);
        scaleRow(out, o, d, f32(rw / S));
        let dot = 0;
        for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
          const k = cols[e];
          const ew = entryWeight[e];
          dot += ew * w[off + k];
          out[o + k] = f32(out[o + k] - ew);
          if (classLoss) classLoss[k] += ew * (lse - w[off + k]);
        }
        rowLoss = rw * lse - dot;
      }
      if (lambda !== 0) rowLoss += 0.5 * lambda * addL2Row(out, o, w, off, d, lambda);
      loss += rowLoss;
    }
    return loss;
  }
  const fullPass = (w: Float32Array, g: Float32Array | null, classLoss: Float64Array | null) => blockedPass(d, rowsPass, w, g, classLoss);

  // Twin of miniBatchStep (gradient into g's rows).
  function miniBatch(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched: TouchedRows): number {
    for (let b = 0; b < B; b++) {
      const e = sampleAlias(rng, table!);
      samples[b] = e;
      touched.touch(entryRow[e]);
      hits[entryRow[e]]++;
    }
    for (let b = B - 1; b >= 0; b--) {
      const i = entryRow[samples[b]];
      next[b] = head[i];
      head[i] = b;
    }
    const invB = 1 / B;
    const step = f32(invB);
    let loss = 0;
    for (const i of touched.list()) {
      const off = i * d;
      const M = rowMax(w, off, d);
      const S = expRow(w, off, g, off, d, M);
      scaleRow(g, off, d, f32(hits[i] * invB / S));
      let rowLoss = hits[i] * (M + ln(S));
      for (let b = head[i]; b >= 0; b = next[b]) {
        const o = off + cols[samples[b]];
        rowLoss -= w[o];
        g[o] = f32(g[o] - step);
      }
      loss += rowLoss;
      hits[i] = 0;
      head[i] = -1;
    }
    return loss * invB;
  }

  const problem: BigramSoftmaxProblem = {
    code: ProblemCode.BigramSoftmax,
    n: d * d, d, batch: B, counts, pairs: N, rowLen: B > 0 ? d : 0, classFrequencies, inputFrequencies,
    fusedSteps: true, deferredRecords: B === 0,
    layoutBytes: (B > 0 ? 20 : 8) * nnz + 40 * d + 8 * B + 1024,
    forEachRow(onRow): void {
      for (let i = 0; i < d; i++) {
        const n = rowStart[i + 1] - rowStart[i];
        onRow(i, cols.subarray(rowStart[i], rowStart[i + 1]), counts.counts.subarray(rowStart[i], rowStart[i + 1]), n);
      }
    },
    layout(arena: Arena, rng: number): number {
      const put = (data: Float32Array | Int32Array | Uint32Array): number => {
        const p = arena.alloc(4 * Math.max(data.length, 1));
        new Uint8Array(arena.memory.buffer, p, 4 * data.length).set(new Uint8Array(data.buffer, data.byteOffset, 4 * data.length));
        return p;
      };
      const rowStartPtr = put(rowStart);
      const colsPtr = put(cols);
      const entryWeightPtr = put(entryWeight);
      const rowWeightPtr = put(rowWeight);
      const entryRowPtr = B > 0 ? put(entryRow) : 0;
      const tablePtr = table ? put(packAliasTable(table)) : 0;
      const scratchPtr = arena.allocF32(2 * d);
      const hitsPtr = arena.alloc(4 * d);
      const samplesPtr = B > 0 ? arena.alloc(4 * B) : 0;
      const nextPtr = B > 0 ? arena.alloc(4 * B) : 0;
      const headPtr = put(new Int32Array(d).fill(-1));
      const partial = arena.alloc(8 * d);
      const block = arena.alloc(BIGRAM_SOFTMAX_BYTES);
      const view = arena.view();
      [d, B, nnz, rowStartPtr, colsPtr, entryWeightPtr, rowWeightPtr, entryRowPtr, tablePtr, scratchPtr,
        hitsPtr, samplesPtr, nextPtr, rng].forEach((v, j) => view.setUint32(block + 4 * j, v, true));
      view.setFloat32(block + 56, lambda, true);
      [0, 0, 0, 0, 0, headPtr, partial].forEach((v, j) => view.setUint32(block + 60 + 4 * j, v, true));
      return block;
    },
    twinGradient(w: Float32Array, g: Float32Array, rng: Xoshiro128, touched?: TouchedRows): number {
      if (B === 0) return fullPass(w, g, null);
      if (!touched) throw new Error("bigram-softmax mini-batch: the twin needs the touched-row list");
      return miniBatch(w, g, rng, touched);
    },
    twinLoss: (w) => fullPass(w, null, null),
    twinClassStats(w: Float32Array): BigramSoftmaxClassStats {
      const raw = new Float64Array(d);
      const loss = fullPass(w, null, raw);
      return { loss, classLoss: raw.map((x, k) => x / classWeight[k]), classFrequencies: classWeight };
    },
  };
  return Object.assign(problem, { classStats: bigramClassStats(problem, classWeight) });
}

/** Row blocks of the per-class sums (assembly/problems/bigram_softmax.ts, CLASS_BLOCKS). */
export const CLASS_BLOCKS = 16;

/** Twin of fullBatch: all rows; with classLoss, block by block through a zeroed partial. */
function blockedPass(d: number, rowsPass: (w: Float32Array, g: Float32Array | null, c: Float64Array | null, i0: number, i1: number) => number,
  w: Float32Array, g: Float32Array | null, classLoss: Float64Array | null): number {
  if (!classLoss) return rowsPass(w, g, null, 0, d);
  const partial = new Float64Array(d);
  let loss = 0;
  for (let b = 0; b < CLASS_BLOCKS; b++) {
    partial.fill(0);
    const i0 = Math.floor((b * d) / CLASS_BLOCKS);
    const i1 = Math.floor(((b + 1) * d) / CLASS_BLOCKS);
    for (let i = i0; i < i1; i++) loss += rowsPass(w, g, partial, i, i + 1);
    for (let k = 0; k < d; k++) classLoss[k] += partial[k];
  }
  return loss;
}

/** Per next-token statistics: ℓ_k, the mean loss of the pairs whose next token is k. */
function bigramClassStats(p: BigramSoftmaxProblem, classWeight: Float64Array): ClassStatsSpec {
  return {
    classes: p.d, classIs: "next token", frequencies: p.classFrequencies, fields: ["loss"],
    classOfParam: (index) => index % p.d, // row i of Wᵀ holds input i's logits, entry k the next token k
    wasmValues: p.d,
    wasm: (exports, prob, w, _g, out) => {
      new Float64Array(exports.memory.buffer, out, p.d).fill(0);
      exports.bigramSoftmaxClassLoss(prob, w, out);
      const v = new Float64Array(exports.memory.buffer, out, p.d);
      for (let k = 0; k < p.d; k++) v[k] /= classWeight[k];
    },
    fromRaw: (raw) => raw.map((x, k) => x / classWeight[k]),
    twin: (w) => p.twinClassStats(w).classLoss,
  };
}
