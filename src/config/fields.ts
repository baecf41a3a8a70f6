// Validated config fields (zod), each error naming its allowed range, as a ConfigError
// (error.ts) naming the field path ("optimizers[1].b2") and what was given.
import { z } from "zod";
import { ConfigError } from "./error.js";

export { ConfigError };

/** A plain decimal number: 12, -0.5, .5, 1e-3, 2.5E+4 — no hex (0x10), binary, "Infinity" or empty text. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a decimal text stands for, or null if it is not a plain decimal number. */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : null;
}

type Bound = { min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean };

function rangeText({ min, max, minOpen, maxOpen }: Bound): string {
  const lo = min === undefined ? "(-∞" : `${minOpen ? "(" : "["}${min}`;
  const hi = max === undefined ? "∞)" : `${max}${maxOpen ? ")" : "]"}`;
  return `${lo}, ${hi}`;
}

/** A finite number in a range, with a message that states the range. */
export function num(bound: Bound) {
  const text = rangeText(bound);
  return z.number({ error: `must be a number in ${text}` }).refine(
    (x) =>
      Number.isFinite(x) &&
      (bound.min === undefined || (bound.minOpen ? x > bound.min : x >= bound.min)) &&
      (bound.max === undefined || (bound.maxOpen ? x < bound.max : x <= bound.max)),
    { message: `must be a finite number in ${text}` },
  );
}

/** An integer in [min, max]. */
export function int(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  return z.number({ error: `must be an integer in [${min}, ${max}]` }).refine(
    (x) => Number.isInteger(x) && x >= min && x <= max,
    { message: `must be an integer in [${min}, ${max}]` },
  );
}

export const positive = () => num({ min: 0, minOpen: true });
export const nonNegative = () => num({ min: 0 });
export const probability = () => num({ min: 0, max: 1 });
/** A decay rate β in [0, 1). */
export const beta = () => num({ min: 0, max: 1, maxOpen: true });

function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  }
  return out || "(config)";
}

function describe(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  return value === undefined ? "nothing" : JSON.stringify(value);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) v = v == null ? undefined : (v as Record<PropertyKey, unknown>)[key];
  return v;
}

/** Parses `input` with `schema`; throws ConfigError naming the first bad field. */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, prefix = ""): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === "unrecognized_keys") {
    const keys = (issue as { keys: string[] }).keys;
    throw new ConfigError(fieldPath(prefix, [...issue.path, keys[0]]), "unknown field");
  }
  const given = valueAt(input, issue.path);
  throw new ConfigError(fieldPath(prefix, issue.path), `${issue.message} (got ${describe(given)})`);
}
