// One up-front memory estimate per run, checked before any work: the WASM bytes the run lays
// out — its layout (wasm.ts: layoutLoop) run dry on a ByteCounter, so the estimate is the
// layout's own count, plus the threads' buffers — and the JS-side copies a run keeps. Refusals
// name the size, the limit and the option to change.
import type { Transform } from "../optimizers/transform.js";
import type { Problem } from "../problems/problem.js";
import { WASM_MEMORY_LIMIT } from "../problems/shared/memory.js";
import { ByteCounter, formatBytes } from "../wasm/arena.js";
import { planLoop } from "./plan.js";
import { layoutThreadBuffers } from "./thread-buffers.js";
import type { LoopOptions } from "./types.js";
import { layoutLoop } from "./wasm.js";
import { ConfigError } from "../config/error.js";

/** The module's static data below the arena (heapBase: a few KiB), with room to spare. */
export const STATIC_DATA = 1 << 20;

export interface LoopMemory {
  /** WASM linear memory: the parts, in bytes. */
  wasm: { total: number; weights: number; gradient: number; problem: number; state: number; counts: number; records: number };
}

/** Bytes of WASM memory a run of this problem, chain and options lays out (the threads' buffers too, with opts.threads > 1). */
export function loopWasmBytes(problem: Problem, transforms: readonly Transform[], opts: LoopOptions): LoopMemory["wasm"] {
  const plan = planLoop(problem, transforms, opts);
  const counter = new ByteCounter();
  const { bytes } = layoutLoop(counter, problem, transforms, plan, opts);
  const laid = counter.used;
  const threads = opts.threads ?? 1;
  if (threads > 1 && plan.threadRows) layoutThreadBuffers(counter, plan.threadRows, problem.countFold ?? plan.threadRows.rows, threads);
  return { ...bytes, records: bytes.records + counter.used - laid, total: counter.used + STATIC_DATA };
}

/** Throws a ConfigError on `field` when the WASM estimate is above 4 GiB. */
export function checkLoopWasmBytes(bytes: LoopMemory["wasm"], field: string, fix: string): void {
  if (bytes.total <= WASM_MEMORY_LIMIT) return;
  const parts = [
    ["W", bytes.weights],
    ["its gradient", bytes.gradient],
    ["the problem's data", bytes.problem],
    ["optimizer state", bytes.state],
    ["non-zero-gradient counts", bytes.counts],
    ["recorded curves", bytes.records],
  ]
    .filter(([, b]) => (b as number) > 16)
    .map(([what, b]) => `${what} ${formatBytes(b as number)}`)
    .join(", ");
  throw new ConfigError(
    field,
    `needs ${formatOver(bytes.total, WASM_MEMORY_LIMIT)} of WebAssembly memory (${parts}); the limit is 4 GiB: ${fix}`,
  );
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
  throw new ConfigError(
    field,
    `needs about ${formatOver(bytes, limit)} of JavaScript heap for the recorded per-class curves; the limit is ${formatBytes(limit)}: ${fix}`,
  );
}
