import { describe, it } from "vitest";
import { G, W0, expectClose, wasmAfter } from "./reference.js";

describe("rmsprop", () => {
  it("v ← αv + (1−α)g², w ← w − η·g/(√v + ε) (PyTorch, uncentered)", async () => {
    const [lr, alpha, eps] = [0.01, 0.99, 1e-8];
    const w = [...W0];
    const v = W0.map(() => 0);
    for (const g of G)
      g.forEach((gi, i) => {
        v[i] = alpha * v[i] + (1 - alpha) * gi * gi;
        w[i] -= (lr * gi) / (Math.sqrt(v[i]) + eps);
      });
    expectClose((await wasmAfter("rmsprop", lr)).w, w, 2e-6);
  });
});
