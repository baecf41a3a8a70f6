// Learning-rate schedules: a factor on every step size, computed by the run loop each step
// (kernel: assembly/optimizers/lr-schedule.ts, whose header gives the formulas). This file
// validates a schedule, writes its block, and is the kernel's twin: the same f64 operations
// (cos by the same polynomial), rounded once to f32.
//   constant       1                      (with warmup: linear warm-up, then 1)
//   cosine         final + (1 − final)·½(1 + cos(π·s/(T − w)))
//   step           γ^⌊(s − 1)/every⌋
//   inverse-sqrt   √(max(w, 1)/t)
// t = step (1-based), w = warm-up steps (factor t/w while t ≤ w), s = t − w, T = total steps.
import { argInteger, argObject } from "../config/args.js";
import { z } from "zod";
import { int, num } from "../config/number-fields.js";
import type { LayoutArena } from "../wasm/arena.js";
import { LR_SCHEDULE_BLOCK, LrScheduleKind as LrScheduleCode } from "../layout/generated.js";
import { powi } from "./adam.js";
import { ConfigError, parseConfig } from "../config/error.js";
import { parseDecimal } from "../config/parse-text.js";

export type LrSchedule =
  | { kind: "constant"; warmup: number }
  | { kind: "cosine"; warmup: number; final: number; total?: number }
  | { kind: "step"; warmup: number; every: number; gamma: number }
  | { kind: "inverse-sqrt"; warmup: number };

export type LrScheduleKind = LrSchedule["kind"];

const KIND_CODE: Record<LrScheduleKind, number> = {
  constant: LrScheduleCode.Constant,
  cosine: LrScheduleCode.Cosine,
  step: LrScheduleCode.Step,
  "inverse-sqrt": LrScheduleCode.InverseSqrt,
};
export const LR_SCHEDULE_KINDS = Object.keys(KIND_CODE) as LrScheduleKind[];

const warmup = int(0, 2 ** 31 - 1).default(0);
const SCHEMAS = {
  constant: z.object({ kind: z.literal("constant"), warmup }).strict(),
  cosine: z
    .object({
      kind: z.literal("cosine"),
      warmup,
      final: num({ min: 0, max: 1 }).default(0),
      total: int(1, 2 ** 31 - 1).optional(),
    })
    .strict(),
  step: z
    .object({
      kind: z.literal("step"),
      warmup,
      every: int(1, 2 ** 31 - 1),
      gamma: num({ min: 0, max: 1, minOpen: true }).default(0.1),
    })
    .strict(),
  "inverse-sqrt": z.object({ kind: z.literal("inverse-sqrt"), warmup }).strict(),
};

/** "cosine:warmup=100,final=0.1" → { kind, ...numbers }. */
function parseSpec(spec: string, field: string): Record<string, unknown> {
  const [kind, rest] = spec.split(":", 2);
  const out: Record<string, unknown> = { kind: kind.trim() };
  for (const part of rest ? rest.split(",") : []) {
    const [key, value] = part.split("=", 2).map((s) => s.trim());
    if (!key || value === undefined) throw new ConfigError(field, `expected key=value, got ${JSON.stringify(part)}`);
    if (value === "") throw new ConfigError(`${field}.${key}`, "has no value (write key=value)");
    out[key] = parseDecimal(value) ?? value;
  }
  return out;
}

/** Validates a schedule given as an object or a "kind:key=value,…" string; errors name the field. */
export function resolveLrSchedule(input: unknown = "constant", field = "schedule"): LrSchedule {
  const raw = typeof input === "string" ? parseSpec(input, field) : input;
  if (raw === null || typeof raw !== "object")
    throw new ConfigError(field, `must be a kind (${LR_SCHEDULE_KINDS.join(", ")}) or an object with a kind`);
  const kind = (raw as { kind?: unknown }).kind;
  if (typeof kind !== "string" || !Object.hasOwn(SCHEMAS, kind)) {
    throw new ConfigError(`${field}.kind`, `must be one of ${LR_SCHEDULE_KINDS.join(", ")} (got ${JSON.stringify(kind)})`);
  }
  return parseConfig(SCHEMAS[kind as LrScheduleKind], raw, field) as LrSchedule;
}

/** A schedule must fit the run: a warmup of at least `steps` steps never reaches the step size. */
export function checkScheduleFits(schedule: LrSchedule, steps: number, field = "schedule"): void {
  if (schedule.warmup >= steps && schedule.warmup > 0) {
    throw new ConfigError(`${field}.warmup`, `must be less than the run's steps (${steps}) (got ${schedule.warmup})`);
  }
}

/** cos(πp) for p in [0, 1]: the kernel's reduction and polynomial, op for op. */
export function cosPi(p: number): number {
  let sign = 1.0;
  let x = p;
  if (x > 0.5) {
    x = 1.0 - x;
    sign = -1.0;
  }
  if (x > 0.25) {
    const y = 3.141592653589793 * (0.5 - x);
    const z = y * y;
    let s = 2.8114572543455206e-15;
    s = s * z - 7.647163731819816e-13;
    s = s * z + 1.6059043836821613e-10;
    s = s * z - 2.505210838544172e-8;
    s = s * z + 0.0000027557319223985893;
    s = s * z - 0.0001984126984126984;
    s = s * z + 0.008333333333333333;
    s = s * z - 0.16666666666666666;
    return sign * (y + y * (s * z));
  }
  const y = 3.141592653589793 * x;
  const z = y * y;
  let c = 4.779477332387385e-14;
  c = c * z - 1.1470745597729725e-11;
  c = c * z + 2.08767569878681e-9;
  c = c * z - 2.755731922398589e-7;
  c = c * z + 0.0000248015873015873;
  c = c * z - 0.001388888888888889;
  c = c * z + 0.041666666666666664;
  c = c * z - 0.5;
  return sign * (1.0 + c * z);
}

/** The factor at step t (1-based) of a run of `total` steps, rounded to f32 as the kernel's. */
export function lrFactor(schedule: LrSchedule, t: number, total: number): number {
  const sc = argObject<LrSchedule>("schedule", schedule, "a learning-rate schedule (resolveLrSchedule)");
  if (!LR_SCHEDULE_KINDS.includes(sc.kind) || !(sc.warmup >= 0))
    throw new ConfigError("schedule", "must be a learning-rate schedule (resolveLrSchedule)");
  argInteger("t", t, 0);
  argInteger("total", total, 1);
  const w = schedule.warmup;
  if (w > 0 && t <= w) return Math.fround(t / w);
  const s = t - w;
  switch (schedule.kind) {
    case "constant":
      return 1;
    case "cosine": {
      const span = (schedule.total ?? total) - w;
      const progress = span > 0 ? Math.min(s / span, 1.0) : 1.0;
      return Math.fround(schedule.final + (1.0 - schedule.final) * (0.5 * (1.0 + cosPi(progress))));
    }
    case "step":
      return Math.fround(powi(schedule.gamma, Math.trunc((s - 1) / schedule.every)));
    case "inverse-sqrt":
      return Math.fround(Math.sqrt(Math.max(w, 1) / t));
  }
}

/** Writes the schedule block; `total` is the run's step count (cosine's T unless given). */
export function layoutLrSchedule(arena: LayoutArena, schedule: LrSchedule, total: number): number {
  const ptr = arena.alloc(LR_SCHEDULE_BLOCK.bytes);
  arena.writeBlock(ptr, LR_SCHEDULE_BLOCK, {
    kind: KIND_CODE[schedule.kind],
    warmup: schedule.warmup,
    every: schedule.kind === "step" ? schedule.every : 1,
    total: schedule.kind === "cosine" ? (schedule.total ?? total) : total,
    final: schedule.kind === "cosine" ? schedule.final : 0,
    gamma: schedule.kind === "step" ? schedule.gamma : 1,
  });
  return ptr;
}

/** Constant 1 everywhere: the loop can skip the schedule. */
export function isConstantOne(schedule: LrSchedule): boolean {
  return schedule.kind === "constant" && schedule.warmup === 0;
}
