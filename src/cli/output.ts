// Result output for the commands: JSON with non-finite numbers as null (written through the
// command's output plan, src/io/outputs.ts).

export function toJson(data: unknown): string {
  return JSON.stringify(data, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
