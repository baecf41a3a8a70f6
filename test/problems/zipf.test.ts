import { describe, expect, it } from "vitest";
import { zipfFrequencies } from "../../src/problems/shared/zipf.js";
import { buildAliasTable, sampleAlias } from "../../src/rng/alias.js";
import { Xoshiro128 } from "../../src/rng/xoshiro.js";

describe("Zipf frequencies and their alias table", () => {
  it("π_k ∝ k^(−α) sums to 1 (α = 0: uniform)", () => {
    for (const alpha of [0, 0.5, 1, 2]) {
      const pi = zipfFrequencies(1000, alpha);
      expect(Math.abs(pi.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-14);
      expect(pi[9] / pi[0]).toBeCloseTo(10 ** -alpha, 14);
    }
  });

  it("the alias table assigns each outcome its probability to within 2⁻³²", () => {
    for (const [d, alpha] of [
      [7, 1],
      [1000, 1],
      [1000, 2],
      [64, 0],
    ] as const) {
      const pi = zipfFrequencies(d, alpha);
      const table = buildAliasTable(pi);
      // Column j (probability 1/d) keeps j with probability threshold_j/2³², else gives alias_j.
      const p = new Float64Array(d);
      for (let j = 0; j < d; j++) {
        const keep = table.threshold[j] / 2 ** 32;
        p[j] += keep / d;
        p[table.alias[j]] += (1 - keep) / d;
      }
      for (let k = 0; k < d; k++) expect(Math.abs(p[k] - pi[k])).toBeLessThan(2 ** -32);
    }
  });

  it("draws follow π (χ² over 10⁵ draws, d = 20, α = 1)", () => {
    const d = 20;
    const pi = zipfFrequencies(d, 1);
    const table = buildAliasTable(pi);
    const rng = Xoshiro128.seeded(1);
    const counts = new Float64Array(d);
    const N = 100_000;
    for (let s = 0; s < N; s++) counts[sampleAlias(rng, table)]++;
    let chi2 = 0;
    for (let k = 0; k < d; k++) chi2 += (counts[k] - N * pi[k]) ** 2 / (N * pi[k]);
    expect(chi2).toBeLessThan(43.8); // χ²(19) at p = 0.001
  });
});
