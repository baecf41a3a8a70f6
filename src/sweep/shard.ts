// `--shard i/n`: the i-th of n deterministic slices of a sweep, for scheduler array jobs.
// Round-robin (cell index ≡ i−1 mod n) rather than contiguous blocks, so that every shard
// gets a similar mix of cheap and expensive cells (large d, many steps).
import type { SweepCell } from "./expand.js";
import { ConfigError } from "../config/error.js";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string, field = "shard"): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new ConfigError(field, `must be i/n with integers 1 ≤ i ≤ n, e.g. 2/8 (got ${JSON.stringify(text)})`);
  }
  return { index, count };
}

export function formatShard(shard: Shard | null): string | null {
  return shard ? `${shard.index}/${shard.count}` : null;
}

export function inShard(cellIndex: number, shard: Shard | null): boolean {
  return shard === null || cellIndex % shard.count === shard.index - 1;
}

export function shardCells(cells: readonly SweepCell[], shard: Shard | null): SweepCell[] {
  return cells.filter((c) => inShard(c.index, shard));
}
