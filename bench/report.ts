// Turns measured figures into the report's tables and the verdict on the targets.
import type { CeilingRow } from "./ceiling.js";
import { CEILING_BYTES } from "./ceiling.js";
import { formatNumber, formatPercent, formatRatio, formatSize, formatTime, table } from "./format.js";
import type { KernelRow } from "./kernels.js";
import type { Timing } from "./measure.js";
import type { ProfileRow } from "./profile.js";
import type { TokensTiming } from "./tokens.js";

export const TARGETS = {
  adamOfCeiling: 0.8, // SIMD Adam at n = 4e6: ≥ 80% of the in-process ceiling
  adamOverTwin: 8, // … and ≥ 8× its twin
  tokensMs: 3, // six-token experiment, both optimizers, WASM: ≤ 3 ms
  targetN: 4e6,
};

/** GB/s (1e9 bytes) for `bytesPerParam` over n parameters in `t`. */
const gbps = (bytesPerParam: number, n: number, t: Timing) => (bytesPerParam * n) / (t.medianMs * 1e-3) / 1e9;
const mparams = (n: number, t: Timing) => n / (t.medianMs * 1e-3) / 1e6;
const margin = (t: Timing) => `±${t.rme < 10 ? t.rme.toFixed(1) : t.rme.toFixed(0)}%`;

export function kernelTable(rows: KernelRow[]): string {
  return table(
    [
      "optimizer",
      "n",
      "B/param",
      "WASM / step",
      "WASM Mparam/s",
      "WASM GB/s",
      "twin / step",
      "twin Mparam/s",
      "twin GB/s",
      "WASM speed-up",
    ],
    rows.map((r) => [
      r.optimizer,
      formatSize(r.n),
      String(r.bytesPerParam),
      `${formatTime(r.wasm.medianMs)} ${margin(r.wasm)}`,
      formatNumber(mparams(r.n, r.wasm)),
      formatNumber(gbps(r.bytesPerParam, r.n, r.wasm)),
      `${formatTime(r.twin.medianMs)} ${margin(r.twin)}`,
      formatNumber(mparams(r.n, r.twin)),
      formatNumber(gbps(r.bytesPerParam, r.n, r.twin)),
      formatRatio(r.twin.medianMs / r.wasm.medianMs),
    ]),
    [false, true, true, true, true, true, true, true, true, true],
  );
}

/** One row per optimizer: the fused chain that runs and how its bytes are counted. */
export function chainTable(rows: KernelRow[]): string {
  const seen = new Map<string, KernelRow>();
  for (const r of rows) if (!seen.has(r.optimizer)) seen.set(r.optimizer, r);
  return table(
    ["optimizer", "chain after fuse()", "B/param"],
    [...seen.values()].map((r) => [r.optimizer, r.chain, String(r.bytesPerParam)]),
    [false, false, true],
  );
}

const fastest = (t: Timing): Timing => ({ ...t, medianMs: t.minMs });

/** Adam's speed as a share of the ceiling's, from medians and from the fastest samples. */
export function adamOfCeiling(r: CeilingRow): { median: number; fastest: number } {
  return { median: r.ceiling.medianMs / r.adam.medianMs, fastest: r.ceiling.minMs / r.adam.minMs };
}

export function ceilingTable(rows: CeilingRow[]): string {
  return table(
    ["n", "ceiling / call", "ceiling GB/s", "fastest", "fused Adam / step", "Adam GB/s", "fastest", "Adam ÷ ceiling", "fastest"],
    rows.map((r) => [
      formatSize(r.n),
      `${formatTime(r.ceiling.medianMs)} ${margin(r.ceiling)}`,
      formatNumber(gbps(CEILING_BYTES, r.n, r.ceiling)),
      formatNumber(gbps(CEILING_BYTES, r.n, fastest(r.ceiling))),
      `${formatTime(r.adam.medianMs)} ${margin(r.adam)}`,
      formatNumber(gbps(CEILING_BYTES, r.n, r.adam)),
      formatNumber(gbps(CEILING_BYTES, r.n, fastest(r.adam))),
      formatPercent(adamOfCeiling(r).median),
      formatPercent(adamOfCeiling(r).fastest),
    ]),
    [true, true, true, true, true, true, true, true, true],
  );
}

export function tokensTable(t: TokensTiming): string {
  const steps = t.steps * t.optimizers.length;
  const row = (what: string, ms: number, spread: string, fastestMs: number) => [
    what,
    `${formatTime(ms)}${spread}`,
    formatTime(ms / steps),
    formatRatio(ms / TARGETS.tokensMs),
    Number.isFinite(fastestMs) ? formatTime(fastestMs) : "",
  ];
  return table(
    [`run (${t.optimizers.join(" + ")}, ${t.steps} steps each)`, "time (median)", "per step", "× the 3 ms target", "fastest"],
    [
      row("WASM, runWasm", t.wasm.medianMs, ` ${margin(t.wasm)}`, t.wasm.minMs),
      row("WASM, first call (before tier-up)", t.firstMs, "", NaN),
      row("twin, runTwin", t.twin.medianMs, ` ${margin(t.twin)}`, t.twin.minMs),
      [
        "WASM speed-up (twin ÷ WASM time)",
        formatRatio(t.twin.medianMs / t.wasm.medianMs),
        "",
        "",
        formatRatio(t.twin.minMs / t.wasm.minMs),
      ],
    ],
    [false, true, true, true, true],
  );
}

export function profileTable(rows: ProfileRow[], stepsPerRun: number): string {
  return table(
    ["part (fastest sample)", "ns / step", `ms per ${stepsPerRun}-step run`, "how"],
    rows.map((r) => [r.part, formatNumber(r.nsPerStep), formatNumber((r.nsPerStep * stepsPerRun) / 1e6), r.note]),
    [false, true, true, false],
  );
}

export interface Verdict {
  target: string;
  measured: string;
  met: boolean | null;
}

export function verdicts(kernels: KernelRow[], ceiling: CeilingRow[], tokens: TokensTiming | null): Verdict[] {
  const out: Verdict[] = [];
  const size = formatSize(TARGETS.targetN);
  const c = ceiling.find((r) => r.n === TARGETS.targetN);
  // Judged on the fastest samples: at this size both kernels stream from DRAM, which the
  // machine's other processes share, and the medians swing run to run with their load.
  out.push(
    c
      ? {
          target: `SIMD Adam at n = ${size} ≥ ${formatPercent(TARGETS.adamOfCeiling)} of the ceiling (fastest samples)`,
          measured: `${formatPercent(adamOfCeiling(c).fastest)} (medians: ${formatPercent(adamOfCeiling(c).median)})`,
          met: adamOfCeiling(c).fastest >= TARGETS.adamOfCeiling,
        }
      : {
          target: `SIMD Adam at n = ${size} ≥ ${formatPercent(TARGETS.adamOfCeiling)} of the ceiling (fastest samples)`,
          measured: "not run",
          met: null,
        },
  );
  const k = kernels.find((r) => r.optimizer === "adam" && r.n === TARGETS.targetN);
  out.push(
    k
      ? {
          target: `SIMD Adam at n = ${size} ≥ ${TARGETS.adamOverTwin}× its twin`,
          measured: `${formatRatio(k.twin.medianMs / k.wasm.medianMs)} (fastest samples: ${formatRatio(k.twin.minMs / k.wasm.minMs)})`,
          met: k.twin.medianMs / k.wasm.medianMs >= TARGETS.adamOverTwin,
        }
      : { target: `SIMD Adam at n = ${size} ≥ ${TARGETS.adamOverTwin}× its twin`, measured: "not run", met: null },
  );
  if (tokens) {
    out.push({
      target: `six-token experiment, both optimizers, WASM ≤ ${TARGETS.tokensMs} ms`,
      measured:
        `${formatTime(tokens.wasm.medianMs)}, fastest ${formatTime(tokens.wasm.minMs)} ` +
        `(twin ${formatTime(tokens.twin.medianMs)}: ${formatRatio(tokens.twin.medianMs / tokens.wasm.medianMs)} slower)`,
      met: tokens.wasm.medianMs <= TARGETS.tokensMs,
    });
    out.push({ target: "six-token WASM and twin runs bit-identical", measured: tokens.identical ? "yes" : "NO", met: tokens.identical });
  } else {
    out.push({ target: `six-token experiment, both optimizers, WASM ≤ ${TARGETS.tokensMs} ms`, measured: "not run", met: null });
  }
  return out;
}

export function verdictTable(v: Verdict[]): string {
  return table(
    ["target", "measured", "met"],
    v.map((x) => [x.target, x.measured, x.met === null ? "—" : x.met ? "yes" : "no"]),
    [false, true, false],
  );
}
