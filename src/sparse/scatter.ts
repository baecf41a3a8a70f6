// Twin of assembly/sparse/scatter.ts: g[rows[j]] += c_j·src_j, recording first touches.

/** Returns the new number of touched rows. */
export function scatterAddRows(
  g: Float32Array,
  rowLen: number,
  rows: ArrayLike<number>,
  coeffs: ArrayLike<number>,
  src: Float32Array,
  count: number,
  mark: Uint8Array,
  touched: Int32Array,
  nTouched: number,
): number {
  for (let j = 0; j < count; j++) {
    const row = rows[j];
    if (mark[row] === 0) {
      mark[row] = 1;
      touched[nTouched++] = row;
    }
    const c = Math.fround(coeffs[j]);
    const dst = row * rowLen;
    const s = j * rowLen;
    for (let i = 0; i < rowLen; i++) g[dst + i] = Math.fround(g[dst + i] + Math.fround(c * src[s + i]));
  }
  return nTouched;
}

export function clearRows(g: Float32Array, rowLen: number, mark: Uint8Array, touched: Int32Array, nTouched: number): void {
  for (let j = 0; j < nTouched; j++) {
    const row = touched[j];
    g.fill(0, row * rowLen, (row + 1) * rowLen);
    mark[row] = 0;
  }
}
