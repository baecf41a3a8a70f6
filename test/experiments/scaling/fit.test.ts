import { describe, expect, it } from "vitest";
import { studentTCdf, studentTQuantile } from "../../../src/math/student-t.js";
import { Xoshiro128 } from "../../../src/rng/xoshiro.js";
import { fitPowerLaw } from "../../../src/experiments/scaling/fit.js";

describe("fitting t ≈ e^a d^b with a t-based interval for b", () => {
  it("Student t quantiles match the tables", () => {
    const table: [number, number, number][] = [
      [0.975, 1, 12.7062047],
      [0.975, 2, 4.30265273],
      [0.975, 5, 2.57058184],
      [0.975, 7, 2.36462425],
      [0.975, 30, 2.04227246],
      [0.995, 10, 3.16927267],
      [0.95, 3, 2.35336343],
    ];
    for (const [p, dof, value] of table) expect(studentTQuantile(p, dof)).toBeCloseTo(value, 6);
    expect(studentTCdf(0, 4)).toBe(0.5);
    expect(studentTQuantile(0.025, 5)).toBeCloseTo(-2.57058184, 6);
  });

  it("recovers an exact power law, with an interval of width 0", () => {
    const ds = [100, 1000, 10_000, 100_000];
    const fit = fitPowerLaw(
      ds,
      ds.map((d) => 3 * d ** 0.7),
    )!;
    expect(fit.b).toBeCloseTo(0.7, 12);
    expect(Math.exp(fit.a)).toBeCloseTo(3, 10);
    expect(fit.ci![1] - fit.ci![0]).toBeLessThan(1e-10);
  });

  it("the 95% interval covers the true slope in about 95% of noisy replications (2000 × 9 points, known slope 0.7)", () => {
    const rng = Xoshiro128.seeded(42, 0);
    const ds = Array.from({ length: 9 }, (_, j) => 100 * 10 ** (j / 2));
    let covered = 0;
    const trials = 2000;
    for (let k = 0; k < trials; k++) {
      const ts = ds.map((d) => Math.exp(1 + 0.7 * Math.log(d) + 0.2 * rng.normal()));
      const fit = fitPowerLaw(ds, ts)!;
      if (fit.ci![0] <= 0.7 && 0.7 <= fit.ci![1]) covered++;
    }
    // Binomial(2000, 0.95): σ ≈ 0.5%; 4σ either side.
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.97);
  });

  it("skips points that did not reach ε; fewer than three points give no interval, fewer than two no fit", () => {
    const fit = fitPowerLaw([10, 100, 1000], [5, null, 500])!;
    expect(fit.n).toBe(2);
    expect(fit.b).toBeCloseTo(1, 12);
    expect(fit.ci).toBeNull();
    expect(fitPowerLaw([10, 100], [null, 3])).toBeNull();
  });
});
