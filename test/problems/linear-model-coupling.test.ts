import { describe, expect, it } from "vitest";
import { classCoupling } from "../../src/problems/linear-model/coupling.js";
import { linearModelProblem } from "../../src/problems/linear-model/declaration.js";

describe("class coupling of the linear softmax model", () => {
  const p = linearModelProblem({ levels: 3, d: 5, init: "pytorch" });
  const w = p.initialWeights();
  const classes = [0, 1, 6];
  const cc = classCoupling(p, w, classes);

  it("gradient cosines: 1 on the diagonal, symmetric, in [−1, 1]", () => {
    for (let a = 0; a < 3; a++) {
      expect(cc.gradientCosine[a][a]).toBeCloseTo(1, 12);
      for (let b = 0; b < 3; b++) {
        expect(cc.gradientCosine[a][b]).toBeCloseTo(cc.gradientCosine[b][a], 12);
        expect(Math.abs(cc.gradientCosine[a][b])).toBeLessThanOrEqual(1 + 1e-12);
      }
    }
  });

  it("Hessian block norms equal the Frobenius norms of explicitly built blocks", () => {
    const { samples: N, classes: c, d, x } = p;
    // p_nk from the twin's class statistics path is not exposed; rebuild here in f64.
    const probs: number[][] = [];
    for (let n = 0; n < N; n++) {
      const z = Array.from(
        { length: c },
        (_, k) => w[c * d + k] + Array.from({ length: d }, (_, j) => w[k * d + j] * x[n * d + j]).reduce((s, v) => s + v, 0),
      );
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      probs.push(e.map((v) => v / s));
    }
    classes.forEach((k, a) =>
      classes.forEach((l, b) => {
        let frob = 0;
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            let h = 0;
            for (let n = 0; n < N; n++) h += (((k === l ? probs[n][k] : 0) - probs[n][k] * probs[n][l]) * x[n * d + i] * x[n * d + j]) / N;
            frob += h * h;
          }
        }
        expect(cc.hessianNorm[a][b]).toBeCloseTo(Math.sqrt(frob), 10);
      }),
    );
  });

  it("diagonal blocks outweigh off-diagonal ones", () => {
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) if (a !== b) expect(cc.hessianNorm[a][a]).toBeGreaterThan(cc.hessianNorm[a][b]);
  });
});
