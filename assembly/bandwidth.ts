// Memory-bandwidth ceiling with Adam's access pattern (read 4 arrays, write 3) and trivial
// math: benchmarks compare the real kernels against this, measured in the same process.

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
