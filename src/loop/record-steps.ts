import { ConfigError } from "../config/error.js";
// Recording schedules: after which steps the run loop stores w and the loss.
//   every:K  → K, 2K, …, and always the last step
//   log:N    → about N log-spaced steps in [1, T] (distinct integers), and the last step
import { argInteger, argObject, argString } from "../config/args.js";

export type Recording = { kind: "every"; k: number } | { kind: "log"; points: number };

export function parseRecording(text: string, field = "record"): Recording {
  argString(field, text);
  const m = /^(every|log):(\d+)$/.exec(text.trim());
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count < 1) {
    throw new ConfigError(field, `must be every:K or log:N with an integer K, N ≥ 1 (got ${JSON.stringify(text)})`);
  }
  return m[1] === "every" ? { kind: "every", k: count } : { kind: "log", points: count };
}

/** Most steps a schedule may record (each keeps a copy of the weights or losses). */
const MAX_RECORDED = 10_000_000;

export function recordSteps(schedule: Recording, total: number): number[] {
  const s = argObject<Recording>("schedule", schedule, "a record schedule (parseRecording)");
  if (
    !(s.kind === "every" && Number.isSafeInteger(s.k) && s.k >= 1) &&
    !(s.kind === "log" && Number.isSafeInteger(s.points) && s.points >= 1)
  ) {
    throw new ConfigError("schedule", 'must be a record schedule (parseRecording): {kind: "every", k ≥ 1} or {kind: "log", points ≥ 1}');
  }
  argInteger("total", total, 1);
  // Every step is recorded at most once: a list longer than the run is impossible.
  if (s.kind === "log" && s.points > MAX_RECORDED)
    throw new ConfigError("schedule.points", `must be at most ${MAX_RECORDED} (got ${s.points})`);
  if (s.kind === "every" && total / s.k > MAX_RECORDED)
    throw new ConfigError("schedule.k", `records ${Math.floor(total / s.k)} steps of ${total}; at most ${MAX_RECORDED}: choose a larger k`);
  const steps: number[] = [];
  if (schedule.kind === "every") {
    for (let t = schedule.k; t <= total; t += schedule.k) steps.push(t);
  } else {
    const n = schedule.points;
    for (let j = 0; j < n; j++) {
      const t = Math.round(Math.exp((Math.log(total) * j) / Math.max(n - 1, 1)));
      if (t !== steps.at(-1)) steps.push(t);
    }
  }
  if (steps.at(-1) !== total) steps.push(total);
  return steps;
}

export function formatRecording(s: Recording): string {
  return s.kind === "every" ? `every:${s.k}` : `log:${s.points}`;
}

/**
 * The recorded steps a run of `total` steps reaches, [1, total], as a new array: the run loops
 * record at an ascending list (LoopOptions.recordSteps), so this is a slice between its ends
 * (filter's per-element callback cost 40 µs on the six-token experiment's 3000 steps, twice).
 */
export function stepsWithin(steps: readonly number[], total: number): number[] {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi && !(steps[lo] >= 1)) lo++;
  while (hi > lo && !(steps[hi - 1] <= total)) hi--;
  return steps.slice(lo, hi);
}
