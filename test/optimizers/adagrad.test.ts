import { describe, it } from "vitest";
import { G, W0, expectClose, wasmAfter } from "./reference.js";

describe("adagrad", () => {
  it("s ← s + g², w ← w − η·g/(√s + ε), from the initial accumulator", async () => {
    const [lr, eps, s0] = [0.1, 1e-10, 0.1];
    const w = [...W0];
    const s = W0.map(() => s0);
    for (const g of G)
      g.forEach((gi, i) => {
        s[i] += gi * gi;
        w[i] -= (lr * gi) / (Math.sqrt(s[i]) + eps);
      });
    expectClose((await wasmAfter({ name: "adagrad", initialAccumulator: s0 }, lr)).w, w);
  });
});
