// Ceilings and floors the benchmarks measure the real kernels against, in the same process:
// the memory-bandwidth ceiling with Adam's access pattern (read 4 arrays, write 3, trivial
// math), and the softmax step's floors (its exponentials alone; its memory traffic alone).
import { expConstant, expf4 } from "./math/expf";

export function ceilingAdamPattern(a: usize, b: usize, c: usize, d: usize, len: i32): void {
  const n4 = len & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const x = v128.load(d + o);
    v128.store(a + o, f32x4.add(v128.load(a + o), x));
    v128.store(b + o, f32x4.add(v128.load(b + o), x));
    v128.store(c + o, f32x4.add(v128.load(c + o), x));
  }
}

/**
 * The softmax step's compute floor: e = expf4(x) (assembly/math/expf.ts) over a row of len
 * entries held in cache, reps times — the exponentials of reps rows and nothing else (one load
 * and one store a vector, two vectors an iteration as expRow). len·reps = d² is what one
 * full-batch step must at least compute.
 */
export function floorExp(src: usize, dst: usize, len: i32, reps: i32): void {
  const n8 = len & ~7;
  const lo = expConstant(0), log2e = expConstant(1), round = expConstant(2), c1 = expConstant(3);
  const c2 = expConstant(4), p0 = expConstant(5), p1 = expConstant(6), p2 = expConstant(7);
  const p3 = expConstant(8), p4 = expConstant(9), one = expConstant(10);
  for (let r = 0; r < reps; r++) {
    for (let k = 0; k < n8; k += 8) {
      const o = <usize>k << 2;
      v128.store(dst + o, expf4(v128.load(src + o), lo, log2e, round, c1, c2, p0, p1, p2, p3, p4, one));
      v128.store(dst + o, expf4(v128.load(src + o, 16), lo, log2e, round, c1, c2, p0, p1, p2, p3, p4, one), 16);
    }
  }
}

/**
 * The step's memory-traffic floor: each of the nRw f32 arrays of n entries whose pointers are
 * listed at `arrays` (W, and an optimizer's state) read and written once, and `readBytes`
 * bytes at `readOnly` (the targets or the rankings) read, with one add a vector and nothing
 * else. Returns a value of the read-only bytes so that their loads stay.
 */
export function floorTraffic(arrays: usize, nRw: i32, n: i32, readOnly: usize, readBytes: i32): i32 {
  const n4 = n & ~3;
  for (let j = 0; j < nRw; j++) {
    const a = load<usize>(arrays + (<usize>j << 2));
    for (let k = 0; k < n4; k += 4) {
      const o = <usize>k << 2;
      v128.store(a + o, f32x4.add(v128.load(a + o), f32x4.splat(0)));
    }
  }
  let seen = i32x4.splat(0);
  const end = <usize>(readBytes & ~15);
  for (let o: usize = 0; o < end; o += 16) seen = v128.or(seen, v128.load(readOnly + o));
  return i32x4.extract_lane(seen, 0);
}
