// Walker's alias method: a draw from a discrete distribution over n outcomes in O(1).
// The table is built on the TS side (Vose's construction, src/rng/alias.ts) and written to
// memory as n entries of 8 bytes:  +0 threshold (u32)  +4 alias (i32).
//
// Draw order: u₁ = nextU32 picks the column j = ⌊u₁·n / 2³²⌋ (exact in u64); u₂ = nextU32
// keeps j if u₂ < threshold_j, else gives alias_j. Two draws per sample, always.
// threshold_j = round(q_j · 2³²) where q_j is the share of column j kept for j itself; full
// columns have alias_j = j, so the rare u₂ = 2³² − 1 cannot leave them.
import { nextU32 } from "../rng";

export const ALIAS_ENTRY_BYTES: usize = 8;

@inline export function sampleAlias(rng: usize, table: usize, n: i32): i32 {
  const j = <u32>((<u64>nextU32(rng) * <u64><u32>n) >>> 32);
  const entry = table + (<usize>j << 3);
  return nextU32(rng) < load<u32>(entry) ? <i32>j : load<i32>(entry, 4);
}
