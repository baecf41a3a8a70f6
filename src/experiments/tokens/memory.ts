// What a six-token run holds, estimated before it starts: every
// recorded step keeps, per optimizer, the Float32Array copy out of WASM, and once the trajectory
// is read as rows (trajectory.ts: JSON, figures) a JS array of K weights, its loss and its step
// number; WASM holds K + 1 f32 per record.
// `--steps 1e7` with the default every:1 would die of V8 out-of-memory after 50 s: such a run is
// refused up front, naming the size, the limit and the option to change.
import { parseRecording, type Recording } from "../../loop/record-steps.js";
import { formatBytes } from "../../wasm/arena.js";
import { WASM_MEMORY_LIMIT } from "../../problems/shared/memory.js";
import { STREAM_LIMIT_BYTES } from "../../problems/tokens/problem.js";
import { ConfigError } from "../../config/error.js";

/** Recorded trajectories may take this much JS heap (Node's default old space is 2–4 GiB). */
export const TOKENS_HEAP_LIMIT = 2 ** 30;

/** Bytes per recorded step and optimizer: JSArray + FixedDoubleArray headers (~32 B) + 8K
 * for the weights row, ~24 B for the loss and step entries, 4K for the typed copy. */
const heapPerRecord = (K: number) => 56 + 12 * K;

/** Recorded steps (at most; log schedules may merge a few): no array is built. */
export function countRecords(schedule: Recording, steps: number): number {
  if (schedule.kind === "every") return Math.floor(steps / schedule.k) + (steps % schedule.k === 0 ? 0 : 1);
  return Math.min(schedule.points, steps) + 1;
}

/** What the estimate reads of a tokens config (config.ts validates it, then calls the check). */
export interface TokensShape {
  tokens: readonly unknown[];
  optimizers: readonly unknown[];
  record: string;
  steps: number;
  batch: number;
}

export interface TokensMemory {
  records: number;
  heapBytes: number;
  wasmBytes: number;
}

export function tokensMemory(config: TokensShape): TokensMemory {
  const K = config.tokens.length;
  const records = countRecords(parseRecording(config.record), config.steps);
  return {
    records,
    heapBytes: records * config.optimizers.length * heapPerRecord(K),
    // one run at a time: trajectory and loss trace, the batch scratch (draws 4·(K + 1) per
    // sample of a block of ≥ 8 and ≈ 4096/K samples, masks, targets, residuals, g lanes 16·K:
    // < 64·K + 20 KiB + 16·B) and the shared sample stream (at most STREAM_LIMIT_BYTES)
    wasmBytes: records * 4 * (K + 1) + 64 * K + 16 * config.batch + (1 << 16) + STREAM_LIMIT_BYTES,
  };
}

/** Throws a ConfigError on `record` when the recorded trajectories would not fit. */
export function checkTokensMemory(config: TokensShape): void {
  const m = tokensMemory(config);
  const what = `recording ${m.records} steps × ${config.optimizers.length} optimizers × ${config.tokens.length} tokens`;
  const fewer = `record fewer steps, e.g. --record log:1000 or every:${Math.ceil(config.steps / 100_000)}`;
  if (m.heapBytes > TOKENS_HEAP_LIMIT) {
    throw new ConfigError("record", `${what} needs about ${formatBytes(m.heapBytes)} of JavaScript heap; the limit is 1 GiB: ${fewer}`);
  }
  if (m.wasmBytes > WASM_MEMORY_LIMIT) {
    throw new ConfigError("record", `${what} needs ${formatBytes(m.wasmBytes)} of WebAssembly memory; the limit is 4 GiB: ${fewer}`);
  }
}
