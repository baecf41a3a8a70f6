// Canonical JSON (object keys sorted, no spaces) and short hashes of it: the identity of a
// cell and of a whole sweep must not depend on how the spec file happened to order its keys.
import { createHash } from "node:crypto";

/** JSON with every object's keys sorted; equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** 16 hex digits (64 bits) of SHA-256: collisions are negligible for any sweep size. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** A cell's key: the hash of its canonical config. */
export function cellKey(cell: Record<string, unknown>): string {
  return shortHash(canonicalJson(cell));
}

/** A value as a short label: strings bare, everything else as compact canonical JSON. */
export function label(value: unknown): string {
  return typeof value === "string" ? value : canonicalJson(value);
}
