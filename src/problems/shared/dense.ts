// Twin of assembly/problems/shared/dense.ts: a linear layer's logits and gradient on a list of rows,
// in the kernel's order of operations (its register blocking changes no entry's order):
//   z_rk = x_{s_r}·W_k + b_k:  lane q sums j ≡ q (mod 4) in order, (l0+l1)+(l2+l3), tail, + b_k
//   G_k = Σ_r D_rk x_{s_r},  Gb_k = Σ_r D_rk:  each entry from 0, rows in order.
// W (c×d) then b (c) in one parameter vector; everything in f32.

const f32 = Math.fround;

function dot(x: Float32Array, xo: number, w: Float32Array, wo: number, d: number): number {
  const n4 = d & ~3;
  let l0 = 0,
    l1 = 0,
    l2 = 0,
    l3 = 0;
  let j = 0;
  for (; j < n4; j += 4) {
    l0 = f32(l0 + f32(x[xo + j] * w[wo + j]));
    l1 = f32(l1 + f32(x[xo + j + 1] * w[wo + j + 1]));
    l2 = f32(l2 + f32(x[xo + j + 2] * w[wo + j + 2]));
    l3 = f32(l3 + f32(x[xo + j + 3] * w[wo + j + 3]));
  }
  let s = f32(f32(l0 + l1) + f32(l2 + l3));
  for (; j < d; j++) s = f32(s + f32(x[xo + j] * w[wo + j]));
  return s;
}

/** z[r·c + k] = x_{rows[r]}·W_k + b_k; w holds W (c×d) then b. */
export function denseLogits(
  x: Float32Array,
  rows: ArrayLike<number>,
  count: number,
  d: number,
  w: Float32Array,
  c: number,
  z: Float32Array,
): void {
  const bias = c * d;
  for (let r = 0; r < count; r++) {
    const xo = rows[r] * d;
    for (let k = 0; k < c; k++) z[r * c + k] = f32(dot(x, xo, w, k * d, d) + w[bias + k]);
  }
}

/** g = [Dᵀ X_rows ; Σ_r D_r] with D = coef (count×c), overwriting g's c·(d+1) entries. */
export function denseAccumulate(
  x: Float32Array,
  rows: ArrayLike<number>,
  count: number,
  d: number,
  coef: Float32Array,
  c: number,
  g: Float32Array,
): void {
  g.fill(0, 0, c * (d + 1));
  const bias = c * d;
  for (let r = 0; r < count; r++) {
    const xo = rows[r] * d;
    for (let k = 0; k < c; k++) {
      const a = coef[r * c + k];
      const go = k * d;
      for (let j = 0; j < d; j++) g[go + j] = f32(g[go + j] + f32(a * x[xo + j]));
      g[bias + k] = f32(g[bias + k] + a);
    }
  }
}
