// apply: w ← w + u, the terminal step of an unfused chain.

export function apply(w: usize, u: usize, len: i32): void {
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(w + o, f32x4.add(v128.load(w + o), v128.load(u + o)));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(w + o, load<f32>(w + o) + load<f32>(u + o));
  }
}
