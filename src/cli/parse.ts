// Turning command-line strings into config values, with errors that name the option.
import { ConfigError } from "../config/fields.js";
import { parseOptimizerSpec } from "../optimizers/registry.js";

export function parseNumber(field: string, text: string): number {
  const x = Number(text);
  if (text.trim() === "" || Number.isNaN(x)) throw new ConfigError(field, `must be a number (got ${JSON.stringify(text)})`);
  return x;
}

export function parseList(field: string, text: string): string[] {
  const items = text.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) throw new ConfigError(field, `must be a comma-separated list without empty items (got ${JSON.stringify(text)})`);
  return items;
}

export function parseNumberList(field: string, text: string): number[] {
  return parseList(field, text).map((s, i) => parseNumber(`${field}[${i}]`, s));
}

/**
 * Optimizer arguments: each is a spec "adam:b1=0.9,eps=1e-6"; an argument without ":" may
 * list several plain names, "sgd,adam".
 */
export function parseOptimizers(args: readonly string[]): Record<string, unknown>[] {
  return args.flatMap((a) => (a.includes(":") ? [parseOptimizerSpec(a)] : parseList("--opt", a).map((name) => ({ name }))));
}
