import { ConfigError } from "./error.js";
// Checks of the public API's arguments: a library caller's NaN, −1, null, string or huge value
// is a ConfigError naming the argument and the allowed range, never a TypeError deep inside,
// an allocation failure, or a silent NaN or empty result. (Configs go through number-fields.ts; these
// are the plain arguments around them.) Browser-safe.

function shown(x: unknown): string {
  if (typeof x === "string") return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (typeof x === "number" || typeof x === "boolean" || typeof x === "bigint" || x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return `a list of ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  return typeof x === "function" ? "a function" : "an object";
}

/** A finite number in [min, max]. */
export function argNumber(name: string, x: unknown, min = -Number.MAX_VALUE, max = Number.MAX_VALUE): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < min || x > max) {
    throw new ConfigError(name, `must be a finite number in [${min}, ${max}] (got ${shown(x)})`);
  }
  return x;
}

/** An integer in [min, max]. */
export function argInteger(name: string, x: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < min || x > max) {
    throw new ConfigError(name, `must be an integer in [${min}, ${max}] (got ${shown(x)})`);
  }
  return x;
}

/** A string (optionally non-empty). */
export function argString(name: string, x: unknown, nonEmpty = false): string {
  if (typeof x !== "string" || (nonEmpty && x === ""))
    throw new ConfigError(name, `must be a${nonEmpty ? " non-empty" : ""} string (got ${shown(x)})`);
  return x;
}

/** A plain object (not null, not a list), e.g. a config or a result. */
export function argObject<T extends object = Record<string, unknown>>(name: string, x: unknown, what = "an object"): T {
  if (x === null || typeof x !== "object" || Array.isArray(x)) throw new ConfigError(name, `must be ${what} (got ${shown(x)})`);
  return x as T;
}

/** An optional plain object: undefined stays undefined. */
export function argOptionalObject<T extends object = Record<string, unknown>>(name: string, x: unknown, what = "an object"): T | undefined {
  return x === undefined ? undefined : argObject<T>(name, x, what);
}

/** A list or typed array of at least `minLength` entries. */
export function argList<T = unknown>(name: string, x: unknown, minLength = 0): ArrayLike<T> {
  if (!(Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))))
    throw new ConfigError(name, `must be a list (got ${shown(x)})`);
  const list = x as unknown as ArrayLike<T>;
  if (list.length < minLength)
    throw new ConfigError(name, `must list at least ${minLength} value${minLength === 1 ? "" : "s"} (got ${list.length})`);
  return list;
}

/** A list of finite numbers, each ≥ min (and > min with `open`). */
export function argNumbers(name: string, x: unknown, { minLength = 1, min = -Infinity, open = false } = {}): ArrayLike<number> {
  const list = argList<number>(name, x, minLength);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || (open && v === min)) {
      const range = min === -Infinity ? "" : ` ${open ? ">" : "≥"} ${min}`;
      throw new ConfigError(`${name}[${i}]`, `must be a finite number${range} (got ${shown(v)})`);
    }
  }
  return list;
}

/** A function. */
export function argFunction<F extends (...args: never[]) => unknown>(name: string, x: unknown): F {
  if (typeof x !== "function") throw new ConfigError(name, `must be a function (got ${shown(x)})`);
  return x as F;
}

/** An instance of `type` (a class), e.g. a generator or a loaded core. */
export function argInstance<T>(name: string, x: unknown, type: abstract new (...args: never[]) => T, what: string): T {
  if (!(x instanceof type)) throw new ConfigError(name, `must be ${what} (got ${shown(x)})`);
  return x;
}

/** An object with the given own or inherited function members (a duck-typed instance). */
export function argHas<T>(name: string, x: unknown, members: readonly string[], what: string): T {
  const o = x as Record<string, unknown> | null;
  if (o === null || (typeof o !== "object" && typeof o !== "function") || members.some((m) => !(m in o))) {
    throw new ConfigError(name, `must be ${what} (got ${shown(x)})`);
  }
  return x as T;
}

/**
 * A result object of an experiment (what `zipflab <experiment> --json` writes): its
 * "experiment" tag (when given), a config object and the listed array fields.
 */
export function argResult<T>(
  name: string,
  x: unknown,
  what: string,
  shape: { experiment?: string; lists?: readonly string[]; objects?: readonly string[] },
): T {
  const o = x as Record<string, unknown> | null;
  const ok =
    o !== null &&
    typeof o === "object" &&
    !Array.isArray(o) &&
    (shape.experiment === undefined || o.experiment === shape.experiment) &&
    (shape.lists ?? []).every((k) => Array.isArray(o[k])) &&
    (shape.objects ?? []).every((k) => o[k] !== null && typeof o[k] === "object");
  if (!ok) throw new ConfigError(name, `must be ${what} (got ${shown(x)})`);
  return x as T;
}
