// ⌊u·m / 2³²⌋ for a 32-bit word u and m < 2³¹, exactly: the kernels' u64 multiply-high
// (<u64>u · <u64>m) >>> 32. The f64 product u·m can exceed 2⁵³ and round across an integer,
// so it is split: u = 2¹⁶·u_hi + u_lo, and ⌊(2¹⁶·u_hi·m + u_lo·m) / 2³²⌋
// = ⌊(u_hi·m + ⌊u_lo·m / 2¹⁶⌋) / 2¹⁶⌋, every intermediate below 2⁴⁸.
import { argInteger } from "../config/args.js";

export function scaledIndex(u: number, m: number): number {
  argInteger("u", u, 0, 0xffffffff);
  argInteger("m", m, 1, 0x7fffffff);
  return scaledIndexOf(u, m);
}

/** scaledIndex without the argument checks: the samplers' inner loops (u a u32, 1 ≤ m < 2³¹). */
export function scaledIndexOf(u: number, m: number): number {
  const hi = (u >>> 16) * m;
  const lo = Math.floor(((u & 0xffff) * m) / 65536);
  return Math.floor((hi + lo) / 65536);
}
