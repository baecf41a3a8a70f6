// One up-front memory estimate per run, checked before any work (issue 9, item 4): the WASM
// bytes the run loop lays out (runWasm allocates exactly these arrays) and the JS-side copies
// a run keeps. Refusals name the size, the limit and the option to change.
import { ConfigError } from "../config/fields.js";
import { isRowLocal } from "../optimizers/chain.js";
import type { Transform } from "../optimizers/transform.js";
import type { Problem } from "../problems/problem.js";
import { WASM_MEMORY_LIMIT } from "../problems/shared/memory.js";
import { formatBytes } from "../wasm/arena.js";
import type { RunOptions } from "./types.js";

/** Static data and the allocator's alignment, with room to spare. */
const SLACK = 1 << 20;

export interface RunMemory {
  /** WASM linear memory: the parts, in bytes. */
  wasm: { total: number; weights: number; gradient: number; problem: number; state: number; counts: number; records: number };
}

/** What the estimate needs of a problem: a Problem, or the same numbers from its config alone. */
export type ProblemShape = Pick<Problem, "n" | "rowLen" | "fusedSteps" | "deferredRecords" | "layoutBytes" | "countFold" | "threadBytes"> & {
  classStats?: { classes: number; fields: readonly unknown[] };
};

/** Bytes of WASM memory runWasm lays out for this problem, chain and options. */
export function runWasmBytes(problem: ProblemShape, transforms: readonly Transform[], opts: RunOptions & { rowUpdates?: boolean }): RunMemory["wasm"] {
  const n = problem.n;
  const nRecord = opts.recordSteps.filter((s) => s >= 1 && s <= opts.steps).length;
  const rowLen = problem.rowLen ?? 0;
  const fused = problem.fusedSteps === true && isRowLocal(transforms) && (rowLen === 0 || opts.rowUpdates !== false);
  const states = transforms.reduce((s, t) => s + t.state.length, 0);
  const spec = opts.classStats ? problem.classStats : undefined;
  const weights = 4 * n;
  const gradient = fused ? 16 : 4 * n;
  const problemBytes = problem.layoutBytes ?? 0;
  const state = 4 * n * states;
  const counts = opts.countNonzero ? 4 * (problem.countFold ?? n) : 0;
  const classes = spec ? spec.classes * (spec.fields.length) : 0;
  // class statistics: one output buffer, plus a trace over the records when the loop records them
  const classTrace = problem.deferredRecords ? 8 * classes * nRecord : 0;
  const records = (opts.recordWeights !== false ? 4 * n * nRecord : 0) + 16 * nRecord
    + 8 * classes + classTrace + (rowLen > 0 ? 5 * (n / rowLen) : 0);
  // threads: what the problem lays out per extra thread (src/run/pool.ts), or for the threaded
  // bigram softmax (src/run/threads.ts) row losses, a 2d scratch and d counts per thread and
  // 16 class partials — rows of √n
  const T = opts.threads ?? 1;
  const threads = T <= 1 ? 0 : problem.threadBytes !== undefined ? (T - 1) * problem.threadBytes : 8 * Math.sqrt(n) * (1.5 * T + 17);
  const total = weights + gradient + problemBytes + state + counts + records + threads + SLACK;
  return { total, weights, gradient, problem: problemBytes, state, counts, records: records + threads };
}

/** Throws a ConfigError on `field` when the WASM estimate is above 4 GiB. */
export function checkRunWasmBytes(bytes: RunMemory["wasm"], field: string, fix: string): void {
  if (bytes.total <= WASM_MEMORY_LIMIT) return;
  const parts = [["W", bytes.weights], ["its gradient", bytes.gradient], ["the problem's data", bytes.problem],
    ["optimizer state", bytes.state], ["non-zero-gradient counts", bytes.counts], ["recorded curves", bytes.records]]
    .filter(([, b]) => (b as number) > 16).map(([what, b]) => `${what} ${formatBytes(b as number)}`).join(", ");
  throw new ConfigError(field, `needs ${formatOver(bytes.total, WASM_MEMORY_LIMIT)} of WebAssembly memory (${parts}); the limit is 4 GiB: ${fix}`);
}

/** A size above a limit, with enough digits that it never prints as the limit itself. */
export function formatOver(bytes: number, limit: number): string {
  const text = formatBytes(bytes);
  return text === formatBytes(limit) ? `${(bytes / 2 ** 30).toFixed(4)} GiB` : text;
}

/**
 * JS-side bytes of a problem run: per optimizer, the per-class statistics copied out at each
 * record (f64), and with --per-class the curves kept in the result for every optimizer (JS
 * arrays: ~24 bytes a number, boxed or null) — classes × fields × (records + 1) each.
 */
export function runJsBytes(classValues: number, records: number, optimizers: number, perClass: boolean): number {
  const perRun = 8 * classValues * (records + 1);
  return perRun * 2 + (perClass ? 24 * classValues * (records + 1) * optimizers : 0);
}

export function checkRunJsBytes(bytes: number, limit: number, field: string, fix: string): void {
  if (bytes <= limit) return;
  throw new ConfigError(field, `needs about ${formatOver(bytes, limit)} of JavaScript heap for the recorded per-class curves; the limit is ${formatBytes(limit)}: ${fix}`);
}
