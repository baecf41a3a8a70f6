// The buffers the threaded loop (threads.ts) lays out after a run's own layout, for the run
// and for its memory estimate (memory.ts runs it dry): each row's loss, a row scratch and a
// non-zero count array per thread, and the per-class partial sums of each row block.
import { CLASS_BLOCKS } from "../layout/generated.js";
import type { LayoutArena } from "../wasm/arena.js";
import type { ThreadRows } from "../problems/problem.js";

export interface ThreadBuffers {
  rowLoss: number;
  scratch: number;
  partials: number;
  counts: number;
}

/** Lays the buffers out for T threads; countLen: the length of a thread's non-zero counts. */
export function layoutThreadBuffers(arena: LayoutArena, rows: ThreadRows, countLen: number, T: number): ThreadBuffers {
  return {
    rowLoss: arena.alloc(8 * rows.rows),
    scratch: arena.alloc(rows.scratchBytes * T),
    partials: arena.alloc(8 * rows.classes * CLASS_BLOCKS),
    counts: arena.alloc(4 * countLen * T),
  };
}
