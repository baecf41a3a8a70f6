// Per-row random rankings of the outputs for the synthetic Zipf bigrams: p(k | i) ∝ rank_i(k)^(−α),
// with row i listing its classes by rank (classOfRank[i·d + r]). Shared by the square and softmax
// bigram problems, so at one seed both see the same conditionals.
import { seedState } from "../../rng/seed.js";
import { argInteger } from "../../config/args.js";
import { RNG_BLOCK } from "../../layout/generated.js";
import type { LayoutArena } from "../../wasm/arena.js";

/** Stream of the generator that draws the per-row rankings (the run's own draws use 0). */
export const RANKING_STREAM = 1;

/**
 * Fisher–Yates on each row of the identity, j = ⌊u·(r+1)/2³²⌋; rows drawn in order. d ≤ 65536.
 * A d² table in JS: for twins that need random access and for tests; a run's layout writes the
 * rows straight into WASM memory with forEachRankingRow.
 */
export function randomRanking(d: number, seed: number): Uint16Array {
  argInteger("d", d, 1, 65536);
  const out = new Uint16Array(d * d);
  forEachRankingRow(d, seed, (i, row) => out.set(row, i * d));
  return out;
}

/**
 * The same rankings one row at a time (O(d) memory): onRow(i, classOfRank of row i), the
 * row buffer reused between calls. The generator is Xoshiro128.nextU32 inlined on local
 * state (same bits): the d² draws are most of a large problem's set-up, and a method call
 * on the object's four fields per draw took about twice as long.
 */
export function forEachRankingRow(d: number, seed: number, onRow: (i: number, classOfRank: Uint16Array) => void): void {
  const state = seedState(seed, RANKING_STREAM);
  let s0 = state[0] | 0,
    s1 = state[1] | 0,
    s2 = state[2] | 0,
    s3 = state[3] | 0;
  const row = new Uint16Array(d);
  for (let i = 0; i < d; i++) {
    for (let r = 0; r < d; r++) row[r] = r;
    for (let r = d - 1; r > 0; r--) {
      const x = Math.imul(s1, 5);
      const u = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      // ⌊u·(r+1)/2³²⌋: u·(r+1) < 2⁵³ is exact, and so is the scaling by 2⁻³²
      const j = Math.floor(u * (r + 1) * 2.3283064365386963e-10);
      const y = row[r];
      row[r] = row[j];
      row[j] = y;
    }
    onRow(i, row);
  }
}

/**
 * The rankings written into WASM memory at classOfRank (row i lists its classes by rank) and/or
 * ranks (the rank of class k in row i), u16 d×d each (0 = not wanted): by the core's kernel
 * (assembly/problems/shared/ranking.ts, the same draws) when the arena has one, else row by row
 * here. The kernel takes 0.55–0.7 s at d = 10⁴ where the TS rows take 1.4–1.6 s (4·10⁸ draws
 * at d = 2·10⁴).
 */
export function writeRankings(arena: LayoutArena, d: number, seed: number, classOfRank: number, ranks: number): void {
  // a dry run counts what a run with a core allocates
  if (arena.kernels || arena.dryRun) {
    const rng = arena.alloc(RNG_BLOCK.bytes);
    const row = classOfRank === 0 ? arena.alloc(2 * d) : 0;
    if (!arena.kernels) return;
    arena.write(rng, seedState(seed, RANKING_STREAM));
    // in calls of ~2¹⁸ draws: V8 runs a call in the code it started with, so one call for all
    // rows would run in the baseline compiler (~3× slower) while the optimized code waits
    const rows = Math.max(1, Math.floor(2 ** 18 / d));
    for (let i = 0; i < d; i += rows) arena.kernels.rankingRows(rng, d, i, Math.min(i + rows, d), classOfRank, ranks, row);
    return;
  }
  const inverse = new Uint16Array(d);
  forEachRankingRow(d, seed, (i, row) => {
    if (classOfRank) arena.write(classOfRank + 2 * i * d, row);
    if (!ranks) return;
    for (let r = 0; r < d; r++) inverse[row[r]] = r;
    arena.write(ranks + 2 * i * d, inverse);
  });
}
