// Tables of the bigram softmax comparisons (bench/softmax.ts, bench/peers.ts): times as median
// (fastest) of the alternated samples, ratios of medians against goals, the same-loss checks and
// the peers' page faults, as markdown ready to paste into bench/RESULTS.md.
import type { Core } from "../src/wasm/load.js";
import { formatRatio, formatTime, table } from "./format.js";
import { CHECK_STEPS, fastest, median, type Check, type Contender, type Timing } from "./softmax-peers.js";

export const cell = (t: Timing | undefined) =>
  t && t.samples.length ? `${formatTime(median(t.samples))} (${formatTime(fastest(t.samples))})` : "—";
export const ratio = (peer: Timing | undefined, z: Timing | undefined, f: (xs: number[]) => number) =>
  peer && z && peer.samples.length && z.samples.length ? f(peer.samples) / f(z.samples) : NaN;

export interface Goal {
  what: string;
  peer: Timing | undefined;
  zipflab: Timing | undefined;
  goal: number;
}

export function goalsTable(goals: Goal[]): string {
  return table(
    ["target", "ratio of medians", "of fastest", "goal", "met"],
    goals.map((g) => {
      const r = ratio(g.peer, g.zipflab, median);
      return [
        g.what,
        formatRatio(r),
        formatRatio(ratio(g.peer, g.zipflab, fastest)),
        `≥ ${g.goal}×`,
        Number.isFinite(r) ? (r >= g.goal ? "yes" : `no (${formatRatio(r / g.goal)} of the goal)`) : "—",
      ];
    }),
    [false, true, true, true, false],
  );
}

/** The faster (by median) of the timings present under `keys`. */
export function fasterOf(times: Map<string, Timing>, keys: string[]): Timing | undefined {
  const present = keys.map((k) => times.get(k)).filter((x): x is Timing => !!x && x.samples.length > 0);
  return present.sort((a, b) => median(a.samples) - median(b.samples))[0];
}

/**
 * The speed goals of the bigram softmax step, one thread each (peer ÷ zipflab, ratios of
 * medians): full batch ≥ 2× NumPy f32, ≥ 4× NumPy f64, ≥ 1.5× PyTorch f32; mini-batch ≥ 3×
 * NumPy f32, ≥ 2× PyTorch f32 — PyTorch's faster of its two ways (in place / index_add_, and
 * autograd + torch.optim / Embedding(sparse) + optim).
 */
export function stepGoals(mode: "full" | "mini", label: string, times: Map<string, Timing>, zipflab: Timing | undefined): Goal[] {
  const torch = fasterOf(times, ["torch-f32", "autograd-f32"]);
  const torchWays = mode === "full" ? "in place and autograd" : "index_add_ and Embedding + optim";
  return [
    { what: `${label}: NumPy f32 ÷ zipflab`, peer: times.get("numpy-f32"), zipflab, goal: mode === "full" ? 2 : 3 },
    ...(mode === "full" ? [{ what: `${label}: NumPy f64 ÷ zipflab`, peer: times.get("numpy-f64"), zipflab, goal: 4 }] : []),
    { what: `${label}: PyTorch f32 (the faster of ${torchWays}) ÷ zipflab`, peer: torch, zipflab, goal: mode === "full" ? 1.5 : 2 },
  ];
}

/** Each step as a multiple of its floors (floorContenders, timed in the same rounds): medians. */
export function floorsTable(rows: { label: string; times: Map<string, Timing>; step: string; stepLabel: string }[]): string {
  const header = ["optimizer", "exp floor", "traffic floor", rows[0]?.stepLabel ?? "zipflab", "÷ exp floor", "÷ traffic floor"];
  return table(
    header,
    rows.map(({ label, times, step }) => {
      const zt = median(times.get(step)?.samples ?? []),
        exp = median(times.get("floor-exp")?.samples ?? []);
      const traffic = median(times.get("floor-traffic")?.samples ?? []);
      return [label, formatTime(exp), formatTime(traffic), formatTime(zt), formatRatio(zt / exp), formatRatio(zt / traffic)];
    }),
    [false, true, true, true, true, true],
  );
}

export function checksTable(checks: Check[]): string {
  return table(
    ["implementation", `L(W_${CHECK_STEPS}) in f64`, "relative to zipflab's", "÷ the decrease from W = 0", "tolerance", "ok"],
    checks.map((c) => [
      c.label + (c.note ? ` (${c.note})` : ""),
      c.loss.toFixed(12),
      c.relative.toExponential(1),
      c.ofDecrease.toExponential(1),
      c.tolerance.toExponential(0),
      c.ok ? "yes" : "NO",
    ]),
    [false, true, true, true, true, false],
  );
}

export function faultsTable(rows: [string, Timing | undefined][]): string {
  const present = rows.filter(([, t]) => t && t.steps > 0);
  return table(
    ["implementation", "minor page faults / step", "major / step"],
    present.map(([label, t]) => [label, (t!.minflt / t!.steps).toFixed(2), (t!.majflt / t!.steps).toFixed(2)]),
    [false, true, true],
  );
}

/**
 * The floors as contenders, timed in the same rounds as the step: exp over `entries` (rows of
 * `rowLen` in cache), and the traffic of `rw` f32 arrays of `entries` read and written plus
 * `readBytes` read. Their arrays are laid out in the core's arena, which every run resets.
 */
export function floorContenders(core: Core, rowLen: number, entries: number, rw: number, readBytes: number): Contender[] {
  const { arena, exports } = core;
  let ptrs: { src: number; dst: number; arrays: number; readOnly: number } | null = null;
  const setup = () => {
    arena.reset();
    const src = arena.allocF32(rowLen);
    const dst = arena.allocF32(rowLen);
    arena.f32(src, rowLen).forEach((_, k, a) => {
      a[k] = -((k * 7919) % 1000) / 50;
    });
    const arrays = arena.alloc(4 * rw);
    arena.u32(arrays, rw).set(Array.from({ length: rw }, () => arena.allocF32(entries)));
    const readOnly = arena.alloc(readBytes + 16);
    return { src, dst, arrays, readOnly };
  };
  // Like a step, a sample runs `steps` times: the same seconds of a shared machine's load as
  // the runs it is compared with (one short call would find the quiet moments alone).
  return [
    {
      key: "floor-exp",
      label: "exp floor",
      async run(steps) {
        ptrs = setup();
        const start = performance.now();
        for (let s = 0; s < steps; s++) exports.floorExp(ptrs.src, ptrs.dst, rowLen, Math.round(entries / rowLen));
        return { ms: (performance.now() - start) / steps };
      },
    },
    {
      key: "floor-traffic",
      label: "traffic floor",
      async run(steps) {
        ptrs ??= setup();
        exports.floorTraffic(ptrs.arrays, rw, entries, ptrs.readOnly, readBytes); // first touch outside the timing
        const start = performance.now();
        for (let s = 0; s < steps; s++) exports.floorTraffic(ptrs.arrays, rw, entries, ptrs.readOnly, readBytes);
        const ms = (performance.now() - start) / steps;
        ptrs = null;
        return { ms };
      },
    },
  ];
}
