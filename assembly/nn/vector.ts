// Small dense passes of the layers (twin: src/nn/vector.ts): elementwise sums and the column
// sums of a bias gradient, f32, four lanes at a time (each lane's sum in row order).

/** out = a + b over n floats (out may be a or b). */
export function addVectors(a: usize, b: usize, out: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) + load<f32>(b + o));
  }
}

/** db[j] += Σ_p dy[p·N + j] for P rows of N (rows in order). */
export function addColumnSums(dy: usize, P: i32, N: i32, db: usize): void {
  const N4 = N & ~3;
  const rowBytes = <usize>N << 2;
  let j = 0;
  // 16 columns at a time in registers, then 4, then single columns
  for (; j + 16 <= N; j += 16) {
    const o = <usize>j << 2;
    let a0 = v128.load(db + o), a1 = v128.load(db + o, 16), a2 = v128.load(db + o, 32), a3 = v128.load(db + o, 48);
    let r = dy + o;
    for (let p = 0; p < P; p++) {
      a0 = f32x4.add(a0, v128.load(r));
      a1 = f32x4.add(a1, v128.load(r, 16));
      a2 = f32x4.add(a2, v128.load(r, 32));
      a3 = f32x4.add(a3, v128.load(r, 48));
      r += rowBytes;
    }
    v128.store(db + o, a0);
    v128.store(db + o, a1, 16);
    v128.store(db + o, a2, 32);
    v128.store(db + o, a3, 48);
  }
  for (; j < N4; j += 4) {
    const o = <usize>j << 2;
    let a = v128.load(db + o);
    let r = dy + o;
    for (let p = 0; p < P; p++) {
      a = f32x4.add(a, v128.load(r));
      r += rowBytes;
    }
    v128.store(db + o, a);
  }
  for (; j < N; j++) {
    const o = <usize>j << 2;
    let a = load<f32>(db + o);
    for (let p = 0; p < P; p++) a += load<f32>(dy + <usize>p * rowBytes + o);
    store<f32>(db + o, a);
  }
}
