// CSV (RFC 4180): fields with commas, quotes or newlines are quoted, quotes doubled.
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
}

/**
 * A summary as flat columns: numbers and strings as they are, one level of nested objects
 * as "field.key" (finalWeights.thalweg), anything deeper as JSON text.
 */
export function flatten(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) out[`${field}.${key}`] = inner;
    } else {
      out[field] = value;
    }
  }
  return out;
}
