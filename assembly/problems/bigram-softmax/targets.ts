// The expected counts' targets stored as one f32 table, where memory allows
// (src/problems/bigram-softmax/config.ts, storesTargets): c_ik/N = f32(a_i·b_{rank_i(k)})(·ω_k),
// the value the gradient loop otherwise makes from a u16 rank and a gather of b — the same
// bits, one vector load instead of eight scalar loads a vector.
import { rankingRows } from "../shared/ranking";

/**
 * Rows i0 … i1−1 of the targets (f32 d×d at `targets`): each row's ranking drawn as
 * rankingRows draws it (the generator at `rng` continues from row i0), then
 * targets[i·d + classOfRank_i(r)] = f32(a_i·b_r), times ω of that class when omega ≠ 0.
 * `row` is scratch of d u16.
 */
export function expectedTargetRows(rng: usize, d: i32, i0: i32, i1: i32, row: usize, targets: usize,
  a: usize, b: usize, omega: usize): void {
  for (let i = i0; i < i1; i++) {
    rankingRows(rng, d, i, i + 1, 0, 0, row);
    const out = targets + ((<usize>i * <usize>d) << 2);
    const ai = load<f32>(a + (<usize>i << 2));
    for (let r = 0; r < d; r++) {
      const k = <usize>load<u16>(row + (<usize>r << 1)) << 2;
      let c = ai * load<f32>(b + (<usize>r << 2));
      if (omega != 0) c *= load<f32>(omega + k);
      store<f32>(out + k, c);
    }
  }
}
