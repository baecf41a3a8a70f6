import { describe, expect, it } from "vitest";
import { groupByFrequency, groupLoss } from "../../src/metrics/groups.js";
import { ConfigError } from "../../src/config/error.js";

const zipf = (c: number, alpha: number) => Array.from({ length: c }, (_, k) => (k + 1) ** -alpha);

describe("frequency groups", () => {
  it("the paper's linear model: m levels of equal sample mass become m groups, one level each", () => {
    const m = 7;
    const freqs: number[] = [];
    const level: number[] = [];
    for (let i = 0; i < m; i++)
      for (let j = 0; j < 2 ** i; j++) {
        freqs.push(2 ** (m - i));
        level.push(i);
      }
    const g = groupByFrequency(freqs, m);
    expect(g.count).toBe(m);
    expect(Array.from(g.groupOf)).toEqual(level);
    for (const s of g.share) expect(s).toBeCloseTo(1 / m, 12);
    expect(g.classes).toEqual([1, 2, 4, 8, 16, 32, 64]);
  });

  it("Zipf classes: groups ordered frequent → rare, each holding about a tenth of the samples", () => {
    const freqs = zipf(50_000, 1);
    const g = groupByFrequency(freqs, 10);
    expect(g.count).toBe(10);
    for (let k = 1; k < freqs.length; k++) expect(g.groupOf[k]).toBeGreaterThanOrEqual(g.groupOf[k - 1]);
    // the first class alone holds ~8.9% of the mass; later groups are close to 10%
    for (const s of g.share.slice(1)) expect(Math.abs(s - 0.1)).toBeLessThan(0.03);
    expect(g.classes[9]).toBeGreaterThan(g.classes[0] * 1000);
  });

  it("drops empty groups when one class holds more than a share", () => {
    const g = groupByFrequency([0.9, 0.05, 0.03, 0.02], 4);
    expect(g.count).toBeLessThan(4);
    expect(g.share.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("group loss is the sample-weighted mean of class losses", () => {
    const freqs = [4, 2, 1, 1];
    const g = groupByFrequency(freqs, 2); // {0} and {1,2,3}
    expect(Array.from(g.groupOf)).toEqual([0, 1, 1, 1]);
    expect(groupLoss(g, freqs, [1, 2, 3, 5])).toEqual([1, (2 * 2 + 3 + 5) / 4]);
  });

  it("more groups than classes is an error naming the field", () => {
    expect(() => groupByFrequency([1, 2, 3], 4)).toThrow(ConfigError);
    expect(() => groupByFrequency([1, 2, 3], 4)).toThrow(/groups: must be an integer in \[1, 3\]/);
  });
});
