// Result output for the commands: JSON with non-finite numbers as null, written atomically.
export { writeFileAtomic } from "../io/atomic.js";

export function toJson(data: unknown): string {
  return JSON.stringify(data, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
