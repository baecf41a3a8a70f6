// The f64 sum order of the problem kernels (as assembly/math/reduce.ts): four lane sums
// over the 4-aligned body — each term already rounded to f32, as an f32x4 product is — then
// (l0+l1)+(l2+l3), then the tail one by one. Twins call this with the same terms.

/** Σ_{j<len} term(j) in the kernels' order. */
export function laneSum(len: number, term: (j: number) => number): number {
  const n4 = len & ~3;
  let l0 = 0,
    l1 = 0,
    l2 = 0,
    l3 = 0;
  let j = 0;
  for (; j < n4; j += 4) {
    l0 += term(j);
    l1 += term(j + 1);
    l2 += term(j + 2);
    l3 += term(j + 3);
  }
  let total = l0 + l1 + (l2 + l3);
  for (; j < len; j++) total += term(j);
  return total;
}
