// ConfigError names the field path ("optimizers[1].b2"), what is allowed and what was given;
// every bad input ends in one (the CLI prints it and exits 2). parseConfig validates with a
// zod schema and turns its first failure into one.
import type { z } from "zod";

export class ConfigError extends Error {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
    this.name = "ConfigError";
  }
}

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
