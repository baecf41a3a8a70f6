import { ConfigError } from "./error.js";
// Turning text (command-line arguments, <zipflab-demo> attributes) into config values, with
// errors that name the option. Browser-safe.

/** A plain decimal number: 12, -0.5, .5, 1e-3, 2.5E+4 — no hex (0x10), binary, "Infinity" or empty text. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a decimal text stands for, or null if it is not a plain decimal number. */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : null;
}

/** A decimal number (12, 0.05, 1e-3); hex, "Infinity" and empty text are refused, not misread. */
export function parseNumber(field: string, text: string): number {
  const x = parseDecimal(text);
  if (x === null) throw new ConfigError(field, `must be a decimal number (got ${JSON.stringify(text)})`);
  return x;
}

export function parseList(field: string, text: string): string[] {
  const items = text.split(",").map((s) => s.trim());
  if (items.some((s) => s === ""))
    throw new ConfigError(field, `must be a comma-separated list without empty items (got ${JSON.stringify(text)})`);
  return items;
}

export function parseNumberList(field: string, text: string): number[] {
  return parseList(field, text).map((s, i) => parseNumber(`${field}[${i}]`, s));
}
