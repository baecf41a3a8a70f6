// A swept field's values: an explicit list, or a log-spaced range such as the papers'
// half-decade step-size grids, {from: 1e-4, to: 1, perDecade: 2} → 1e-4, 3.16e-4, …, 1.
import { z } from "zod";
import { int, positive } from "../config/number-fields.js";
import { ConfigError, parseConfig } from "../config/error.js";

const logRange = z.object({ from: positive(), to: positive(), perDecade: int(1, 100) }).strict();

export type ValueList = unknown[] | z.output<typeof logRange>;

const MAX_RANGE_VALUES = 10_000;

/** 12 significant digits: 10^(k/2) prints as 0.00316227766017, and the keys stay stable. */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/** Most values logSpaced builds for any caller (a sweep field allows MAX_RANGE_VALUES). */
const MAX_LOG_SPACED = 1_000_000;

/** How many values logSpaced gives (to/from can overflow to Infinity: then the logs apart). */
export function logSpacedCount(from: number, to: number, perDecade: number): number {
  const ratio = to / from;
  const decades = Number.isFinite(ratio) ? Math.log10(ratio) : Math.log10(to) - Math.log10(from);
  return Math.floor(decades * perDecade + 1e-9) + 1;
}

/** from·10^(j/perDecade) for j = 0, 1, … while ≤ to (to itself included up to rounding). */
export function logSpaced(from: number, to: number, perDecade: number): number[] {
  const count = logSpacedCount(from, to, perDecade);
  if (!(count >= 1 && count <= MAX_LOG_SPACED)) {
    throw new ConfigError(
      "perDecade",
      `the log range from ${from} to ${to} at ${perDecade} per decade spans ${count} values; at most ${MAX_LOG_SPACED.toLocaleString("en-US")}`,
    );
  }
  return Array.from({ length: count }, (_, j) => tidy(from * 10 ** (j / perDecade)));
}

/** The values of `field` (a spec path like "grid.lr"); throws ConfigError naming it. */
export function expandValues(field: string, given: unknown): unknown[] {
  if (Array.isArray(given)) {
    if (given.length === 0) throw new ConfigError(field, "must list at least one value");
    const seen = new Map<string, number>();
    given.forEach((v, i) => {
      const text = JSON.stringify(v);
      if (seen.has(text))
        throw new ConfigError(`${field}[${i}]`, `repeats ${field}[${seen.get(text)}] (${text}); every value must be distinct`);
      seen.set(text, i);
    });
    return given;
  }
  if (given === null || typeof given !== "object") {
    throw new ConfigError(field, `must be a list of values or a log range {from, to, perDecade} (got ${JSON.stringify(given)})`);
  }
  const range = parseConfig(logRange, given, field);
  if (range.to < range.from) throw new ConfigError(`${field}.to`, `must be ≥ from (${range.from}) (got ${range.to})`);
  const count = logSpacedCount(range.from, range.to, range.perDecade);
  if (count > MAX_RANGE_VALUES) throw new ConfigError(field, `spans ${count} values; at most ${MAX_RANGE_VALUES}`);
  return logSpaced(range.from, range.to, range.perDecade);
}
