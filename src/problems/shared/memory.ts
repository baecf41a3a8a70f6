// Shared by the problem configs. WebAssembly (wasm32) linear memory ends at 4 GiB; problem configs check their size against
// it up front, so a too-large d fails as a config error that says how much it would need.
import { argObject } from "../../config/args.js";
import { formatBytes } from "../../wasm/arena.js";
import { ConfigError } from "../../config/error.js";

export const WASM_MEMORY_LIMIT = 2 ** 32;

/** Bytes of one f32 array of n entries plus the run's w and g (what every run holds). */
export const f32Arrays = (count: number, n: number) => 4 * count * n;

/** Refuses `bytes` over the limit, naming the field, what needs them and what to change. */
export function checkMemory(field: string, bytes: number, what: string, change = `lower --${field.split(".").at(-1)}`): void {
  if (bytes > WASM_MEMORY_LIMIT) {
    throw new ConfigError(field, `needs ${formatBytes(bytes)} of WebAssembly memory (${what}); the limit is 4 GiB: ${change}`);
  }
}

/** defaults overlaid with the fields `input` sets (an explicit undefined keeps the default). */
export function withDefaults<T extends object>(defaults: T, input: object, field = ""): T {
  argObject(field || "config", input, "an object of options");
  const set = Object.entries(input).filter(([, v]) => v !== undefined);
  return { ...defaults, ...Object.fromEntries(set) };
}
