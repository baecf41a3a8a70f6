// Sparse gradient accumulation. A mini-batch touches a few rows of a large gradient
// (e.g. the columns W[:, i] of the sampled inputs i, stored as contiguous rows). Each
// entry j adds c_j·src_j to row rows[j]; first touches are appended to a touched-row list
// (mark[row] = 1) so the optimizer's sparse path and clearRows visit only those rows.

export function scatterAddRows(g: usize, rowLen: i32, rows: usize, coeffs: usize, src: usize,
  count: i32, mark: usize, touched: usize, nTouched: i32): i32 {
  const rowBytes = <usize>rowLen << 2;
  const n4 = rowLen & ~3;
  for (let j = 0; j < count; j++) {
    const row = load<i32>(rows + (<usize>j << 2));
    if (load<u8>(mark + <usize>row) == 0) {
      store<u8>(mark + <usize>row, 1);
      store<i32>(touched + (<usize>nTouched << 2), row);
      nTouched++;
    }
    const dst = g + <usize>row * rowBytes;
    const s = src + <usize>j * rowBytes;
    const c = v128.load32_splat(coeffs + (<usize>j << 2));
    const cs = load<f32>(coeffs + (<usize>j << 2));
    let i = 0;
    for (; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(dst + o, f32x4.add(v128.load(dst + o), f32x4.mul(c, v128.load(s + o))));
    }
    for (; i < rowLen; i++) {
      const o = <usize>i << 2;
      store<f32>(dst + o, load<f32>(dst + o) + cs * load<f32>(s + o));
    }
  }
  return nTouched;
}

/**
 * One sampled row's hit: hits[row] += 1, and on its first hit the row is marked and appended
 * to the touched list. Returns the list's new length.
 */
@inline export function hitRow(row: i32, hits: usize, mark: usize, touched: usize, nTouched: i32): i32 {
  const h = hits + (<usize>row << 2);
  if (load<i32>(h) == 0) {
    store<u8>(mark + <usize>row, 1);
    store<i32>(touched + (<usize>nTouched << 2), row);
    nTouched++;
  }
  store<i32>(h, load<i32>(h) + 1);
  return nTouched;
}

/** Zero the touched rows and their marks: O(touched·rowLen), not O(n). */
export function clearRows(g: usize, rowLen: i32, mark: usize, touched: usize, nTouched: i32): void {
  const rowBytes = <usize>rowLen << 2;
  for (let j = 0; j < nTouched; j++) {
    const row = load<i32>(touched + (<usize>j << 2));
    memory.fill(g + <usize>row * rowBytes, 0, rowBytes);
    store<u8>(mark + <usize>row, 0);
  }
}
