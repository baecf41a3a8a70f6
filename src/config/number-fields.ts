// Validated number fields of configs (zod), each error naming its allowed range (parseConfig in
// error.ts turns the first failure into a ConfigError).
import { z } from "zod";

type Bound = { min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean };

function rangeText({ min, max, minOpen, maxOpen }: Bound): string {
  const lo = min === undefined ? "(-∞" : `${minOpen ? "(" : "["}${min}`;
  const hi = max === undefined ? "∞)" : `${max}${maxOpen ? ")" : "]"}`;
  return `${lo}, ${hi}`;
}

/** A finite number in a range, with a message that states the range. */
export function num(bound: Bound) {
  const text = rangeText(bound);
  return z
    .number({ error: `must be a number in ${text}` })
    .refine(
      (x) =>
        Number.isFinite(x) &&
        (bound.min === undefined || (bound.minOpen ? x > bound.min : x >= bound.min)) &&
        (bound.max === undefined || (bound.maxOpen ? x < bound.max : x <= bound.max)),
      { message: `must be a finite number in ${text}` },
    );
}

/** An integer in [min, max]. */
export function int(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  return z
    .number({ error: `must be an integer in [${min}, ${max}]` })
    .refine((x) => Number.isInteger(x) && x >= min && x <= max, { message: `must be an integer in [${min}, ${max}]` });
}

export const positive = () => num({ min: 0, minOpen: true });
export const nonNegative = () => num({ min: 0 });
export const probability = () => num({ min: 0, max: 1 });
/** A decay rate β in [0, 1). */
export const beta = () => num({ min: 0, max: 1, maxOpen: true });
