// Work sharing between the threads of a sweep: the cells sit in one list known to every
// thread, and each thread claims the next position by an atomic increment of a shared counter,
// so no thread ever waits for another to hand it work (the main thread computes too).
import type { CellConfig, CellSummary } from "../tuning/cell.js";

export interface WorkerInput {
  problem: string;
  cells: CellConfig[];
  /** SharedArrayBuffer holding one Int32: the next unclaimed position. */
  counter: SharedArrayBuffer;
}

export type PoolMessage =
  | { kind: "result"; position: number; summary: CellSummary }
  | { kind: "done" }
  | { kind: "error"; message: string };

/** Runs `work` on positions claimed from `counter` until all `total` are claimed. */
export async function claimCells(counter: Int32Array, total: number, work: (position: number) => Promise<void>): Promise<void> {
  for (let position = Atomics.add(counter, 0, 1); position < total; position = Atomics.add(counter, 0, 1)) {
    await work(position);
  }
}

/** Makes every later claim come up empty (on error or cancellation). */
export function exhaust(counter: Int32Array, total: number): void {
  Atomics.store(counter, 0, total);
}
