// Axis scales chosen from the data: logarithmic once the values span decades (a linear axis
// would flatten everything below the largest value), linear otherwise.

/** Decades the positive values must span before an axis turns logarithmic. */
export const LOG_IF_DECADES = 2;

export interface ValueScale {
  log: boolean;
  /** [lo, hi] of the axis (the log floor included). */
  domain: [number, number];
  /** Tick values at powers of ten on a log axis spanning two decades or more. */
  ticks: number[] | undefined;
  /** Values above the domain exist and are clipped. */
  clipped: boolean;
}

export interface ValueScaleOptions {
  /** On a log axis, values at or below this (zeros, f32 rounding) are drawn at it. */
  floor?: number;
  /** The top of the axis at most (a spike beyond is clipped, so it does not flatten the rest). */
  cap?: number;
  /** A linear axis starts at 0 (else at the smallest value). */
  zero?: boolean;
  /** Leave a margin around the extreme values, so points there do not sit on the frame. */
  pad?: boolean;
  /** Never logarithmic (values that may be negative, or a scale read as fractions). */
  linear?: boolean;
}

/** Most power-of-ten ticks on one log axis. */
const MAX_DECADE_TICKS = 7;

/** Margin factor on a log axis with `pad`. */
const LOG_PAD = 1.6;

/**
 * Ticks for a log axis on [lo, hi]: the powers of ten inside it; where that gives fewer than
 * three, the 1-2-5 ladder inside it (a span of one or two decades would otherwise get Vega's
 * dense default labels or a single tick).
 */
export function logTicks(lo: number, hi: number): number[] | undefined {
  if (!(lo > 0) || !(hi > lo)) return undefined;
  const decades: number[] = [];
  for (let e = Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e++) decades.push(Number(`1e${e}`));
  // Beyond this many decades every label would crowd the axis: keep every k-th power.
  if (decades.length > MAX_DECADE_TICKS) {
    const k = Math.ceil(decades.length / MAX_DECADE_TICKS);
    return decades.filter((_, i) => (decades.length - 1 - i) % k === 0);
  }
  if (decades.length >= 3) return decades;
  const ladder: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = Number(`${m}e${e}`);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ladder.push(v);
    }
  }
  return ladder.length >= 2 ? ladder : undefined;
}

/** Scale for non-negative values such as losses; callers clamp values with `clampToFloor`. */
export function valueScale(values: readonly (number | null)[], options: ValueScaleOptions = {}): ValueScale {
  const { floor = 0, cap = Infinity, zero = true, pad = false, linear = false } = options;
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const positive = finite.filter((v) => v > floor && v > 0);
  const max = positive.length > 0 ? Math.max(...positive) : 1;
  const hi = Math.min(max, cap);
  const lo = positive.length > 0 ? Math.min(...positive) : 1;
  const clipped = max > hi;
  const log = !linear && (hi / lo >= 10 ** LOG_IF_DECADES || (floor > 0 && finite.some((v) => v <= floor)));
  if (!log) {
    const low = zero ? Math.min(0, ...finite) : Math.min(...finite);
    const margin = pad ? 0.05 * (hi - low || 1) : 0;
    return { log: false, domain: [zero ? low : low - margin, hi + margin], ticks: undefined, clipped };
  }
  // Values held at the floor sit half a step above the axis line, where they stay visible.
  const atFloor = floor > 0 && finite.some((v) => v <= floor);
  const bottom = atFloor ? floor / 2 : pad ? lo / LOG_PAD : lo;
  const top = pad ? hi * LOG_PAD : hi;
  return { log: true, domain: [bottom, top], ticks: logTicks(bottom, top), clipped };
}

/**
 * The value an axis can place: on a log axis at least `floor`; far above the axis (a diverged
 * run's 1e5 on a 0…8 axis) it is held just outside the top, where the clip hides it, so that a
 * renderer never meets coordinates of millions of pixels (resvg aborts on them). null stays null.
 */
export function clampToFloor(v: number | null, scale: ValueScale, floor = 0): number | null {
  if (v === null || !Number.isFinite(v)) return null;
  const [lo, hi] = scale.domain;
  const capped = Math.min(v, scale.log ? hi * 10 : hi + Math.max(hi - lo, Math.abs(hi)));
  return scale.log ? Math.max(capped, floor, lo) : capped;
}

/** 1e-6 → "1e-6", 0.0123 → "0.012": short numbers for titles (`digits` significant). */
export function formatShort(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  // "1.0e-6" → "1e-6", "2.50e-5" → "2.5e-5".
  if (x !== 0 && Math.abs(x) < 1e-3)
    return x
      .toExponential(digits - 1)
      .replace(/\.?0+e/, "e")
      .replace("+", "");
  return String(Number(x.toPrecision(digits)));
}

/** The Vega-Lite scale object for a ValueScale. */
export function vegaScale(scale: ValueScale): { type: "log" | "linear"; domain: [number, number]; nice: boolean; zero?: boolean } {
  return scale.log
    ? { type: "log", domain: scale.domain, nice: false }
    : { type: "linear", domain: scale.domain, nice: false, zero: false };
}

/**
 * Tick labels for a log axis: plain numbers from 0.001 to 10⁴, "1e-6" beyond (d3's "0.000001"
 * is long and Vega drops labels that would collide).
 */
export const LOG_LABEL_EXPR =
  "datum.value >= 0.001 && datum.value < 10000 ? format(datum.value, '~g') : replace(format(datum.value, '.0e'), '+', '')";

/** The axis settings for a ValueScale: decade ticks and short labels on a log axis. */
export function valueAxis(scale: ValueScale): { values?: number[]; labelExpr?: string } {
  return scale.log ? { values: scale.ticks, labelExpr: LOG_LABEL_EXPR } : {};
}
