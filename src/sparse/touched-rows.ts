// Twin of the run loop's touched-rows view (`touchedRows` in src/layout/blocks.mjs): a row-sparse gradient
// kernel lists each row on its first touch (mark[row] = 1); the optimizer may then visit only
// those rows, and clear() zeroes just them (clearRows) — O(touched·rowLen), not O(n).
import { clearRows } from "./scatter.js";
import { argInteger } from "../config/args.js";

export class TouchedRows {
  readonly mark: Uint8Array;
  readonly rows: Int32Array;
  count = 0;

  constructor(
    readonly nRows: number,
    readonly rowLen: number,
  ) {
    argInteger("nRows", nRows, 1, 0x7fffffff);
    argInteger("rowLen", rowLen, 1, 0x7fffffff);
    this.mark = new Uint8Array(nRows);
    this.rows = new Int32Array(nRows);
  }

  /** Lists `row` if this is its first touch since the last clear. */
  touch(row: number): void {
    if (this.mark[row] === 0) {
      this.mark[row] = 1;
      this.rows[this.count++] = row;
    }
  }

  list(): Int32Array {
    return this.rows.subarray(0, this.count);
  }

  /** Zero the listed rows of g and their marks; the list is empty again. */
  clear(g: Float32Array): void {
    clearRows(g, this.rowLen, this.mark, this.rows, this.count);
    this.count = 0;
  }
}
