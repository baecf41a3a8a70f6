// Thinning long series before they become SVG paths: a 3000-step trajectory drawn at
// 360 px gains nothing from more than a few hundred points, and the file stays small.

/** Default ceiling on points per drawn line. */
export const MAX_LINE_POINTS = 500;

/**
 * At most `max` indices into a series of length n, evenly spaced, always keeping the first
 * and the last (the initial and the final state are what a reader checks).
 */
export function downsampleIndices(n: number, max: number = MAX_LINE_POINTS): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max <= 1) return [n - 1];
  const out: number[] = [];
  for (let j = 0; j < max; j++) {
    const i = Math.round((j * (n - 1)) / (max - 1));
    if (out.length === 0 || out[out.length - 1] !== i) out.push(i);
  }
  return out;
}

/**
 * At most `max` items chosen evenly across positions 0..n−1 of a ranking (first and last
 * kept): used to pick which of many tokens or classes get their own line.
 */
export function spreadPick<T>(items: readonly T[], max: number): T[] {
  return downsampleIndices(items.length, max).map((i) => items[i]);
}
