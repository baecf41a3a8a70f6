// Learning-rate schedules: the factor the run loop passes to chainStep each step (it
// multiplies every step size, see scale.ts). Computed in f64 and rounded once to f32, from
// IEEE basic operations only (cos by its own polynomial), so the TS twin
// (src/optimizers/lr-schedule.ts) gives the same bits.
//
// Schedule block: `lrSchedule` in src/layout/blocks.mjs (kind, warmup, every, total, final, gamma).
// With warm-up w > 0 the factor is t/w for t ≤ w; after it, s = t − w steps into the shape:
//   constant      1
//   cosine        final + (1 − final)·½(1 + cos(π·min(s/(T − w), 1)))     (T = total)
//   step          γ^⌊(s − 1)/every⌋
//   inverse-sqrt  √(max(w, 1)/t)      (1/√t without warm-up; continuous at t = w)
import { LrScheduleKind, LR_SCHEDULE_EVERY, LR_SCHEDULE_FINAL, LR_SCHEDULE_GAMMA, LR_SCHEDULE_KIND, LR_SCHEDULE_TOTAL, LR_SCHEDULE_WARMUP } from "../layout";
import { powi } from "./op";

export { LR_SCHEDULE_BYTES } from "../layout";

/** cos(πp) for p in [0, 1]: reduced to [0, π/4], then Taylor to degree 16 (error < 1e-17). */
export function cosPi(p: f64): f64 {
  let sign: f64 = 1.0;
  let x = p;
  if (x > 0.5) {
    x = 1.0 - x; // cos(π(1 − x)) = −cos(πx)
    sign = -1.0;
  }
  if (x > 0.25) {
    // cos(πx) = sin(π(½ − x)), with π(½ − x) in [0, π/4)
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

/** The step-size factor at step t (1-based). */
export function lrFactor(schedule: usize, t: i32): f32 {
  const kind = load<u32>(schedule + LR_SCHEDULE_KIND);
  const warmup = load<i32>(schedule + LR_SCHEDULE_WARMUP);
  if (warmup > 0 && t <= warmup) return <f32>(<f64>t / <f64>warmup);
  const s = t - warmup;
  let f: f64 = 1.0;
  switch (kind) {
    case LrScheduleKind.Cosine: {
      const span = load<i32>(schedule + LR_SCHEDULE_TOTAL) - warmup;
      const progress = span > 0 ? Math.min(<f64>s / <f64>span, 1.0) : 1.0;
      const final = load<f64>(schedule + LR_SCHEDULE_FINAL);
      f = final + (1.0 - final) * (0.5 * (1.0 + cosPi(progress)));
      break;
    }
    case LrScheduleKind.Step: {
      f = powi(load<f64>(schedule + LR_SCHEDULE_GAMMA), (s - 1) / load<i32>(schedule + LR_SCHEDULE_EVERY));
      break;
    }
    case LrScheduleKind.InverseSqrt: {
      f = Math.sqrt(<f64>(warmup > 1 ? warmup : 1) / <f64>t);
      break;
    }
  }
  return <f32>f;
}
