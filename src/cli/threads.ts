// The --threads option: Node-only (it asks the OS for the cores this process may run on).
import { availableParallelism } from "node:os";
import { ConfigError } from "../config/error.js";
import { parseNumber } from "../config/parse-text.js";

/**
 * A thread count: an integer ≥ 1, and at most one per core (availableParallelism(): the cores
 * this process may run on). More threads than cores only slow CPU-bound work down and cost
 * memory (a WASM instance each), so a larger count is lowered to the cores, with a warning.
 */
export function parseThreads(text: string, option = "--threads", cores = availableParallelism()): number {
  const n = parseNumber(option, text);
  if (!Number.isSafeInteger(n) || n < 1) throw new ConfigError(option, `must be an integer ≥ 1 (got ${text})`);
  if (n <= cores) return n;
  console.error(`zipflab: warning: ${option} ${n} is more than the ${cores} core${cores === 1 ? "" : "s"} available; using ${cores}`);
  return cores;
}
