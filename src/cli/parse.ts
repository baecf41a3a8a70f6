// Turning command-line strings into config values, with errors that name the option.
// Browser-safe (the web element reads its attributes with it); Node-only parsing is in threads.ts.
import { ConfigError, parseDecimal } from "../config/fields.js";
import { parseOptimizerSpec } from "../optimizers/registry.js";

/** A decimal number (12, 0.05, 1e-3); hex, "Infinity" and empty text are refused, not misread. */
export function parseNumber(field: string, text: string): number {
  const x = parseDecimal(text);
  if (x === null) throw new ConfigError(field, `must be a decimal number (got ${JSON.stringify(text)})`);
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
 * Optimizer arguments: each lists one or more optimizers separated by commas, each a name or a
 * spec "adam:b1=0.9,eps=1e-6". A comma-separated item with "=" but no ":" continues the spec
 * before it, so "sgd,adam:b1=0,b2=0.99,sign" is sgd | adam:b1=0,b2=0.99 | sign.
 */
export function parseOptimizers(args: readonly string[]): Record<string, unknown>[] {
  return args.flatMap((arg) => {
    const specs: string[] = [];
    for (const item of parseList("--opt", arg)) {
      if (item.includes("=") && !item.includes(":")) {
        if (specs.length === 0 || !specs[specs.length - 1].includes(":")) {
          throw new ConfigError("--opt", `${JSON.stringify(item)} needs an optimizer before it, as in adam:${item} (got ${JSON.stringify(arg)})`);
        }
        specs[specs.length - 1] += `,${item}`;
      } else {
        specs.push(item);
      }
    }
    return specs.map((s) => parseOptimizerSpec(s));
  });
}
