import { describe, expect, it } from "vitest";
import { clearRows, scatterAddRows } from "../../src/sparse/scatter.js";
import { freshCore, put, randomArray } from "../helpers/core.js";

describe("sparse gradient accumulation (scatter-add of rows)", () => {
  it("WASM equals the twin, lists each touched row once, and clearRows restores zeros", async () => {
    for (const rowLen of [1, 4, 13, 64]) {
      const c = await freshCore();
      const nRows = 50;
      const count = 37;
      const rows = Int32Array.from({ length: count }, (_, j) => ((j * 17 + 3) % nRows) % 23);
      const coeffs = Float32Array.from({ length: count }, (_, j) => 1 / (j + 1));
      const src = randomArray(count * rowLen, rowLen);
      const g = put(c, new Float32Array(nRows * rowLen));
      const rowsPtr = c.arena.alloc(4 * count);
      c.arena.i32(rowsPtr, count).set(rows);
      const coeffPtr = put(c, coeffs);
      const srcPtr = put(c, src);
      const mark = c.arena.alloc(nRows);
      const touched = c.arena.alloc(4 * nRows);
      const nTouched = c.exports.scatterAddRows(g, rowLen, rowsPtr, coeffPtr, srcPtr, count, mark, touched, 0);

      const tg = new Float32Array(nRows * rowLen);
      const tmark = new Uint8Array(nRows);
      const ttouched = new Int32Array(nRows);
      const tn = scatterAddRows(tg, rowLen, rows, coeffs, src, count, tmark, ttouched, 0);
      expect(nTouched).toBe(tn);
      expect(c.arena.f32(g, nRows * rowLen)).toEqual(tg);
      expect(new Set(Array.from(c.arena.i32(touched, nTouched)))).toEqual(new Set(Array.from(rows)));

      // reference in f64: row r gets Σ_{j: rows[j]=r} c_j·src_j
      for (let r = 0; r < nRows; r++) {
        for (let i = 0; i < rowLen; i++) {
          let expected = 0;
          rows.forEach((row, j) => {
            if (row === r) expected += coeffs[j] * src[j * rowLen + i];
          });
          expect(tg[r * rowLen + i]).toBeCloseTo(expected, 5);
        }
      }

      c.exports.clearRows(g, rowLen, mark, touched, nTouched);
      clearRows(tg, rowLen, tmark, ttouched, tn);
      expect(c.arena.f32(g, nRows * rowLen).every((x) => x === 0)).toBe(true);
      expect(c.arena.u8(mark, nRows).every((x) => x === 0)).toBe(true);
      expect(tg.every((x) => x === 0)).toBe(true);
    }
  });
});
