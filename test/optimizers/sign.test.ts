import { describe, expect, it } from "vitest";
import { G, W0, expectClose, wasmAfter } from "./reference.js";
import { runWasmSteps } from "./harness.js";
import { fuse } from "../../src/optimizers/chain.js";
import { buildChain, resolveOptimizer } from "../../src/optimizers/registry.js";

describe("sign descent", () => {
  it("w ← w − η·sign(g), sign(0) = 0", async () => {
    const lr = 0.1;
    const w = [...W0];
    for (const g of G) g.forEach((gi, i) => (w[i] -= lr * Math.sign(gi)));
    expectClose((await wasmAfter("sign", lr)).w, w);
  });

  it("with momentum after the sign: b ← βb + sign(g), w ← w − ηb", async () => {
    const [lr, beta] = [0.1, 0.5];
    const w = [...W0];
    const b = W0.map(() => 0);
    for (const g of G)
      g.forEach((gi, i) => {
        b[i] = beta * b[i] + Math.sign(gi);
        w[i] -= lr * b[i];
      });
    expectClose((await wasmAfter({ name: "sign", momentum: beta }, lr)).w, w);
  });

  it("a NaN gradient entry moves nothing (sign(NaN) = 0) instead of poisoning w", async () => {
    const transforms = fuse(buildChain(resolveOptimizer("sign", 0.1)));
    const g = Float32Array.from([1, NaN, -1, 0, NaN]);
    const { w } = await runWasmSteps(transforms, { n: 5, steps: 1, w0: new Float32Array(5), gradient: () => g });
    expect(Array.from(w)).toEqual([-0.1, 0, 0.1, 0, 0].map(Math.fround));
  });
});

describe("signum", () => {
  it("sign of an EMA: m ← βm + (1−β)g, w ← w − η·sign(m)", async () => {
    const [lr, beta] = [0.1, 0.9];
    const w = [...W0];
    const m = W0.map(() => 0);
    for (const g of G)
      g.forEach((gi, i) => {
        m[i] = beta * m[i] + (1 - beta) * gi;
        w[i] -= lr * Math.sign(m[i]);
      });
    expectClose((await wasmAfter({ name: "signum", beta }, lr)).w, w);
  });
});
