// Numbers and tables for the benchmark report. Tables are markdown with padded columns: readable
// in a terminal and pasted as they are into bench/RESULTS.md.

/** A markdown table; `right` marks the columns to right-align (numbers). */
export function table(header: string[], rows: string[][], right: boolean[] = []): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const cell = (s: string, c: number) => (right[c] ? s.padStart(widths[c]) : s.padEnd(widths[c]));
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (right[c] ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** A duration given in milliseconds, in the unit that keeps 3 significant digits readable. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  const units: [string, number][] = [
    ["ns", 1e-6],
    ["µs", 1e-3],
    ["ms", 1],
    ["s", 1e3],
  ];
  // The smallest unit in which the value, rounded to 3 digits, stays below 1000.
  for (const [unit, scale] of units) {
    const text = (ms / scale).toPrecision(3);
    if (Number(text) < 1000 || unit === "s") return `${text} ${unit}`;
  }
  return `${ms} ms`;
}

/** 3 significant digits, no exponent for everyday magnitudes. */
export function formatNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return "—";
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(digits - 1);
  return Number(x.toPrecision(digits)).toString();
}

/** 1000 → "1e3", 4000000 → "4e6": the sizes as the issue names them. */
export function formatSize(n: number): string {
  const e = Math.floor(Math.log10(n));
  const m = n / 10 ** e;
  return Number.isInteger(m) ? `${m === 1 ? "" : m}e${e}`.replace(/^e/, "1e") : String(n);
}

export function formatRatio(x: number): string {
  return Number.isFinite(x) ? `${formatNumber(x)}×` : "—";
}

export function formatPercent(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : "—";
}
