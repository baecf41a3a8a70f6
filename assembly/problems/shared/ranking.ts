// The per-row random rankings of the synthetic Zipf bigrams, drawn straight into linear memory
// (twin: forEachRankingRow in src/problems/shared/ranking.ts, the same draws): row i is
// Fisher–Yates on the identity, j = ⌊u·(r+1)/2³²⌋ for r = d−1 … 1, with u from xoshiro128** on
// the state at `rng` (seeded by TS on the ranking stream), rows in order.
// ⌊u·(r+1)/2³²⌋ is (u64(u)·(r+1)) >> 32 exactly, as the twin's f64 product is exact (< 2⁵³).
import { nextU32 } from "../../rng";

/**
 * Rows i0 … i1−1 of the rankings of d classes (the generator continues from row i0's state).
 * classOfRank ≠ 0 (u16 d×d): row i lists its classes by rank; ranks ≠ 0 (u16 d×d): the rank of
 * class k in row i. `row` is scratch of d u16 when classOfRank = 0.
 */
export function rankingRows(rng: usize, d: i32, i0: i32, i1: i32, classOfRank: usize, ranks: usize, row: usize): void {
  for (let i = i0; i < i1; i++) {
    const base = <usize>i * <usize>d;
    const out = classOfRank != 0 ? classOfRank + (base << 1) : row;
    for (let r = 0; r < d; r++) store<u16>(out + (<usize>r << 1), <u16>r);
    for (let r = d - 1; r > 0; r--) {
      const j = <usize>((<u64>nextU32(rng) * <u64>(r + 1)) >> 32);
      const at = out + (<usize>r << 1);
      const x = load<u16>(at);
      store<u16>(at, load<u16>(out + (j << 1)));
      store<u16>(out + (j << 1), x);
    }
    if (ranks != 0) {
      const inv = ranks + (base << 1);
      for (let r = 0; r < d; r++) store<u16>(inv + (<usize>load<u16>(out + (<usize>r << 1)) << 1), <u16>r);
    }
  }
}
