// A plain-text table: a header, a rule, rows; columns padded to their widest cell. And numbers
// for such tables at a precision a reader can use.
export function formatTable(header: string[], rows: string[][], rightAlign: boolean[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((s = "", c) => (rightAlign[c] ? s.padStart(widths[c]) : s.padEnd(widths[c])))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
}

/**
 * A table number: `digits` decimals in [1e-3, 1e4), three significant digits in exponent form
 * outside (never 17 digits, never a tiny value shown as 0.000), exactly 0 as "0"; NaN/±Inf
 * and missing values as `missing`.
 */
export function formatNumber(x: number | null | undefined, digits = 3, missing = "–"): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return missing;
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e4 ? x.toExponential(2) : x.toFixed(digits);
}

/** A step size or ratio as typed: three significant digits, e.g. 0.001, 3.16e-4, 1e+14. */
export function formatCompact(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const p = Number(x.toPrecision(3));
  return Math.abs(p) >= 1e6 ? p.toExponential() : String(p);
}
