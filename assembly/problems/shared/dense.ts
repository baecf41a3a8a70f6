// The two dense products of a linear layer on a list of sample rows (twin: src/problems/shared/dense.ts).
//   logits:    z_rk = x_{s_r} · W_k + b_k              (Z: count×c, row-major)
//   gradient:  G_k  = Σ_r D_rk x_{s_r},  Gb_k = Σ_r D_rk   (G: c×d, row k = class k)
// X is row-major (row s contiguous over d) and W row-major (row k contiguous over d), so both
// products run over contiguous f32x4 vectors. Blocking cuts the memory traffic — logits: 4 rows
// × 2 classes of accumulators in registers; gradient: 8 columns of 4 rows in registers against
// a contiguous c×8 block of G in L1 — and does not change any entry's order of operations:
//   dot:  lane q sums the terms j ≡ q (mod 4) in j order, then (l0+l1)+(l2+l3), then the
//         d mod 4 tail one by one, then + b_k, all in f32;
//   G:    each entry starts at 0 and adds D_rk·x_{s_r, j} for r = 0, 1, … in order, in f32.

@inline function rowPtr(x: usize, rows: usize, r: i32, d: i32): usize {
  return x + (<usize>load<i32>(rows + (<usize>r << 2)) * <usize>d << 2);
}

// (l0+l1)+(l2+l3) of the lane sums, then the scalar tail j = from..d−1.
@inline function finishDot(acc: v128, x: usize, w: usize, from: i32, d: i32): f32 {
  let s = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) +
    (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (let j = from; j < d; j++) s += load<f32>(x + (<usize>j << 2)) * load<f32>(w + (<usize>j << 2));
  return s;
}

function dot(x: usize, w: usize, d: i32): f32 {
  const n4 = d & ~3;
  let acc = f32x4.splat(0);
  for (let j = 0; j < n4; j += 4) {
    const o = <usize>j << 2;
    acc = f32x4.add(acc, f32x4.mul(v128.load(x + o), v128.load(w + o)));
  }
  return finishDot(acc, x, w, n4, d);
}

/** Z[r][k] = x_{rows[r]}·W_k + b_k for r < count, k < c. */
export function denseLogits(x: usize, rows: usize, count: i32, d: i32, w: usize, bias: usize, c: i32, z: usize): void {
  const n4 = d & ~3;
  const wBytes = <usize>d << 2;
  const zBytes = <usize>c << 2;
  let r = 0;
  for (; r + 4 <= count; r += 4) {
    const x0 = rowPtr(x, rows, r, d);
    const x1 = rowPtr(x, rows, r + 1, d);
    const x2 = rowPtr(x, rows, r + 2, d);
    const x3 = rowPtr(x, rows, r + 3, d);
    const z0 = z + <usize>r * zBytes;
    let k = 0;
    for (; k + 2 <= c; k += 2) {
      const w0 = w + <usize>k * wBytes;
      const w1 = w0 + wBytes;
      let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
      let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
      for (let j = 0; j < n4; j += 4) {
        const o = <usize>j << 2;
        const v0 = v128.load(w0 + o);
        const v1 = v128.load(w1 + o);
        let u = v128.load(x0 + o);
        a00 = f32x4.add(a00, f32x4.mul(u, v0));
        a01 = f32x4.add(a01, f32x4.mul(u, v1));
        u = v128.load(x1 + o);
        a10 = f32x4.add(a10, f32x4.mul(u, v0));
        a11 = f32x4.add(a11, f32x4.mul(u, v1));
        u = v128.load(x2 + o);
        a20 = f32x4.add(a20, f32x4.mul(u, v0));
        a21 = f32x4.add(a21, f32x4.mul(u, v1));
        u = v128.load(x3 + o);
        a30 = f32x4.add(a30, f32x4.mul(u, v0));
        a31 = f32x4.add(a31, f32x4.mul(u, v1));
      }
      const b0 = load<f32>(bias + (<usize>k << 2));
      const b1 = load<f32>(bias + (<usize>(k + 1) << 2));
      const o = <usize>k << 2;
      store<f32>(z0 + o, finishDot(a00, x0, w0, n4, d) + b0);
      store<f32>(z0 + o, finishDot(a01, x0, w1, n4, d) + b1, 4);
      store<f32>(z0 + zBytes + o, finishDot(a10, x1, w0, n4, d) + b0);
      store<f32>(z0 + zBytes + o, finishDot(a11, x1, w1, n4, d) + b1, 4);
      store<f32>(z0 + 2 * zBytes + o, finishDot(a20, x2, w0, n4, d) + b0);
      store<f32>(z0 + 2 * zBytes + o, finishDot(a21, x2, w1, n4, d) + b1, 4);
      store<f32>(z0 + 3 * zBytes + o, finishDot(a30, x3, w0, n4, d) + b0);
      store<f32>(z0 + 3 * zBytes + o, finishDot(a31, x3, w1, n4, d) + b1, 4);
    }
    for (; k < c; k++) {
      const wk = w + <usize>k * wBytes;
      const bk = load<f32>(bias + (<usize>k << 2));
      const o = <usize>k << 2;
      store<f32>(z0 + o, dot(x0, wk, d) + bk);
      store<f32>(z0 + zBytes + o, dot(x1, wk, d) + bk);
      store<f32>(z0 + 2 * zBytes + o, dot(x2, wk, d) + bk);
      store<f32>(z0 + 3 * zBytes + o, dot(x3, wk, d) + bk);
    }
  }
  for (; r < count; r++) {
    const xr = rowPtr(x, rows, r, d);
    const zr = z + <usize>r * zBytes;
    for (let k = 0; k < c; k++) {
      store<f32>(zr + (<usize>k << 2), dot(xr, w + <usize>k * wBytes, d) + load<f32>(bias + (<usize>k << 2)));
    }
  }
}

// T[k] += Σ_{r in [r0, r0+4)} D_rk x_{s_r}[j..j+7] for every class k, T = the c×8 column block
// of G kept contiguous (32-byte rows: G's own rows are 4d bytes apart, and at d = 1024 a store
// and the next row's load would share their low 12 address bits — 4K aliasing stalls each
// load). The four rows' slices stay in registers; T (in L1) is read and written once.
@inline function accumulateRows4(x: usize, rows: usize, r0: i32, d: i32, coef: usize, c: i32,
  j: i32, t: usize): void {
  const o = <usize>j << 2;
  const x0 = rowPtr(x, rows, r0, d) + o;
  const x1 = rowPtr(x, rows, r0 + 1, d) + o;
  const x2 = rowPtr(x, rows, r0 + 2, d) + o;
  const x3 = rowPtr(x, rows, r0 + 3, d) + o;
  const u00 = v128.load(x0), u01 = v128.load(x0, 16);
  const u10 = v128.load(x1), u11 = v128.load(x1, 16);
  const u20 = v128.load(x2), u21 = v128.load(x2, 16);
  const u30 = v128.load(x3), u31 = v128.load(x3, 16);
  const cBytes = <usize>c << 2;
  let cr = coef + <usize>r0 * cBytes;
  let tk = t;
  for (let k = 0; k < c; k++) {
    let a0 = v128.load(tk);
    let a1 = v128.load(tk, 16);
    let s = v128.load32_splat(cr);
    a0 = f32x4.add(a0, f32x4.mul(s, u00));
    a1 = f32x4.add(a1, f32x4.mul(s, u01));
    s = v128.load32_splat(cr + cBytes);
    a0 = f32x4.add(a0, f32x4.mul(s, u10));
    a1 = f32x4.add(a1, f32x4.mul(s, u11));
    s = v128.load32_splat(cr + 2 * cBytes);
    a0 = f32x4.add(a0, f32x4.mul(s, u20));
    a1 = f32x4.add(a1, f32x4.mul(s, u21));
    s = v128.load32_splat(cr + 3 * cBytes);
    a0 = f32x4.add(a0, f32x4.mul(s, u30));
    a1 = f32x4.add(a1, f32x4.mul(s, u31));
    v128.store(tk, a0);
    v128.store(tk, a1, 16);
    cr += 4;
    tk += 32;
  }
}

// T[k] += D_rk x_{s_r}[j..j+7] for every class k, one row.
@inline function accumulateRow(x: usize, rows: usize, r: i32, d: i32, coef: usize, c: i32,
  j: i32, t: usize): void {
  const o = <usize>j << 2;
  const xr = rowPtr(x, rows, r, d) + o;
  const u0 = v128.load(xr), u1 = v128.load(xr, 16);
  let cr = coef + (<usize>r * <usize>c << 2);
  let tk = t;
  for (let k = 0; k < c; k++) {
    const s = v128.load32_splat(cr);
    v128.store(tk, f32x4.add(v128.load(tk), f32x4.mul(s, u0)));
    v128.store(tk, f32x4.add(v128.load(tk, 16), f32x4.mul(s, u1)), 16);
    cr += 4;
    tk += 32;
  }
}

// G[k][j] += D_rk x_{s_r}[j] over all rows and classes, one column j (the d mod 8 tail).
function accumulateColumn(x: usize, rows: usize, count: i32, d: i32, coef: usize, c: i32,
  j: i32, g: usize): void {
  const gBytes = <usize>d << 2;
  for (let r = 0; r < count; r++) {
    const xj = load<f32>(rowPtr(x, rows, r, d) + (<usize>j << 2));
    let cr = coef + (<usize>r * <usize>c << 2);
    let gk = g + (<usize>j << 2);
    for (let k = 0; k < c; k++) {
      store<f32>(gk, load<f32>(gk) + load<f32>(cr) * xj);
      cr += 4;
      gk += gBytes;
    }
  }
}

/**
 * G = Dᵀ X_rows (c×d) and Gb = Σ_r D_r (c), D = coef (count×c); G and Gb are overwritten.
 * Column blocks of 8: each block of X is read once, accumulated in T (scratch of 8c f32).
 */
export function denseAccumulate(x: usize, rows: usize, count: i32, d: i32, coef: usize, c: i32,
  g: usize, gBias: usize, t: usize): void {
  const n8 = d & ~7;
  const r4 = count & ~3;
  const gBytes = <usize>d << 2;
  for (let j = 0; j < n8; j += 8) {
    memory.fill(t, 0, <usize>c << 5);
    let r = 0;
    for (; r < r4; r += 4) accumulateRows4(x, rows, r, d, coef, c, j, t);
    for (; r < count; r++) accumulateRow(x, rows, r, d, coef, c, j, t);
    let gk = g + (<usize>j << 2);
    let tk = t;
    for (let k = 0; k < c; k++) {
      v128.store(gk, v128.load(tk));
      v128.store(gk, v128.load(tk, 16), 16);
      gk += gBytes;
      tk += 32;
    }
  }
  for (let k = 0; k < c; k++) memory.fill(g + <usize>k * gBytes + (<usize>n8 << 2), 0, <usize>(d - n8) << 2);
  for (let j = n8; j < d; j++) accumulateColumn(x, rows, count, d, coef, c, j, g);
  // Gb_k = Σ_r D_rk, rows in order, four classes per vector.
  memory.fill(gBias, 0, <usize>c << 2);
  const c4 = c & ~3;
  for (let r = 0; r < count; r++) {
    const cr = coef + (<usize>r * <usize>c << 2);
    let k = 0;
    for (; k < c4; k += 4) {
      const o = <usize>k << 2;
      v128.store(gBias + o, f32x4.add(v128.load(gBias + o), v128.load(cr + o)));
    }
    for (; k < c; k++) {
      const o = <usize>k << 2;
      store<f32>(gBias + o, load<f32>(gBias + o) + load<f32>(cr + o));
    }
  }
}
