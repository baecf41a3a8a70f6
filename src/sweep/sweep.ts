// Running a sweep: the shard's cells minus those already in the results file, on a pool of
// threads, each finished cell appended to the file as one whole line. Killed at any moment
// and started again, it skips what was written and loses nothing that was.
import { availableParallelism } from "node:os";
import type { Sweep } from "./expand.js";
import type { CellSummary } from "../tuning/cell.js";
import { runPool } from "./pool.js";
import { makeHeader, openResults, type ResultLine } from "./results.js";
import { formatShard, shardCells, type Shard } from "./shard.js";

export interface SweepProgress {
  /** Cells of this shard with a result in the file (including those from earlier runs). */
  done: number;
  total: number;
  /** Cells finished by this run, and its seconds so far: the rate for the ETA. */
  ranNow: number;
  seconds: number;
}

export interface SweepOptions {
  /** The results file (created, or resumed if it belongs to this sweep and shard). */
  out: string;
  /** Threads in all, the main thread included; default: one per core. */
  threads?: number;
  shard?: Shard | null;
  /** Called once the file is open (cells of the shard, and how many were done before). */
  onStart?(info: { total: number; skipped: number; toRun: number; threads: number; repairedBytes: number; duplicates: number }): void;
  onProgress?(progress: SweepProgress): void;
}

export interface SweepOutcome {
  total: number;
  skipped: number;
  ran: number;
  seconds: number;
}

export async function runSweep(sweep: Sweep, options: SweepOptions): Promise<SweepOutcome> {
  const shard = options.shard ?? null;
  const mine = shardCells(sweep.cells, shard);
  const writer = await openResults(options.out, makeHeader(sweep, formatShard(shard)));
  const start = performance.now();
  const todo = mine.filter((c) => !writer.done.has(c.key));
  const skipped = mine.length - todo.length;
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), todo.length));

  // Results arriving together (worker messages queue while the main thread computes) are
  // written as one batch: one append.
  let pending: ResultLine[] = [];
  let ran = 0;
  let writeError: unknown = null;
  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    writer.append(batch);
    ran += batch.length;
    options.onProgress?.({ done: skipped + ran, total: mine.length, ranNow: ran, seconds: (performance.now() - start) / 1000 });
  };
  const onResult = (position: number, summary: CellSummary) => {
    if (writeError !== null) throw writeError;
    const cell = todo[position];
    pending.push({ sweep: sweep.fingerprint, index: cell.index, key: cell.key, cell: cell.config, summary });
    if (pending.length > 1) return;
    setImmediate(() => {
      try {
        flush();
      } catch (e) {
        writeError = e;
      }
    });
  };

  try {
    options.onStart?.({
      total: mine.length,
      skipped,
      toRun: todo.length,
      threads,
      repairedBytes: writer.repairedBytes,
      duplicates: writer.duplicates,
    });
    await runPool(
      sweep.runners,
      sweep.problem,
      todo.map((c) => c.config),
      { threads, onResult },
    );
  } finally {
    // Also after a failed cell: the other cells' results are good, keep them.
    if (writeError === null) flush();
    writer.close();
  }
  if (writeError !== null) throw writeError;
  return { total: mine.length, skipped, ran, seconds: (performance.now() - start) / 1000 };
}
