import { describe, expect, it } from "vitest";
import { cosPi, layoutLrSchedule, lrFactor, resolveLrSchedule, type LrSchedule } from "../../src/optimizers/lr-schedule.js";
import { freshCore } from "../helpers/core.js";
import { ConfigError } from "../../src/config/error.js";

const T = 200;
const schedules: LrSchedule[] = [
  resolveLrSchedule("constant:warmup=20"),
  resolveLrSchedule("cosine"),
  resolveLrSchedule({ kind: "cosine", warmup: 10, final: 0.1 }),
  resolveLrSchedule({ kind: "cosine", warmup: 3, total: 57 }),
  resolveLrSchedule("step:every=30,gamma=0.5"),
  resolveLrSchedule("step:every=7,warmup=5"),
  resolveLrSchedule("inverse-sqrt"),
  resolveLrSchedule("inverse-sqrt:warmup=16"),
];

describe("learning-rate schedules", () => {
  it("the run loop's factor (WASM) equals the twin's bit for bit", async () => {
    const core = await freshCore();
    for (const s of schedules) {
      const ptr = layoutLrSchedule(core.arena, s, T);
      for (let t = 1; t <= T + 5; t++) {
        expect(core.exports.lrFactor(ptr, t), `${JSON.stringify(s)} t=${t}`).toBe(lrFactor(s, t, T));
      }
    }
  });

  it("cos(πp) by polynomial is within a few ulp (4e-16) of Math.cos, and the WASM one is the same function", async () => {
    const core = await freshCore();
    for (let j = 0; j <= 1000; j++) {
      const p = j / 1000;
      expect(Math.abs(cosPi(p) - Math.cos(Math.PI * p))).toBeLessThan(4e-16);
      expect(core.exports.cosPi(p)).toBe(cosPi(p));
    }
  });

  it("warm-up is linear t/w, then each shape starts at 1", () => {
    const s = resolveLrSchedule("cosine:warmup=10,final=0.1");
    expect(lrFactor(s, 5, T)).toBe(Math.fround(0.5));
    expect(lrFactor(s, 10, T)).toBe(1);
    expect(lrFactor(s, T, T)).toBe(Math.fround(0.1)); // cosine reaches `final` at the last step
    expect(lrFactor(s, 10 + (T - 10) / 2, T)).toBe(Math.fround(0.55)); // halfway: final + (1 − final)/2
  });

  it("step decay multiplies by γ every `every` steps; inverse-sqrt is 1/√t (√(w/t) after warm-up)", () => {
    const step = resolveLrSchedule("step:every=30,gamma=0.5");
    expect([1, 30, 31, 60, 61].map((t) => lrFactor(step, t, T))).toEqual([1, 1, 0.5, 0.5, 0.25]);
    expect(lrFactor(resolveLrSchedule("inverse-sqrt"), 100, T)).toBe(Math.fround(0.1));
    expect(lrFactor(resolveLrSchedule("inverse-sqrt:warmup=16"), 64, T)).toBe(0.5);
  });

  it("bad schedules are config errors naming the field", () => {
    const field = (input: unknown) => {
      try {
        resolveLrSchedule(input);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).field;
      }
      throw new Error("no error");
    };
    expect(field("linear")).toBe("schedule.kind");
    expect(field("step:gamma=0.5")).toBe("schedule.every");
    expect(field("step:every=0")).toBe("schedule.every");
    expect(field({ kind: "cosine", final: 2 })).toBe("schedule.final");
    expect(field("constant:warmup=-1")).toBe("schedule.warmup");
    expect(field({ kind: "constant", decay: 1 })).toBe("schedule.decay");
  });
});
