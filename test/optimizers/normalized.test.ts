import { describe, expect, it } from "vitest";
import { G, W0, expectClose, wasmAfter } from "./reference.js";

const norm2 = (g: number[]) => Math.sqrt(g.reduce((s, x) => s + x * x, 0));
const norm1 = (g: number[]) => g.reduce((s, x) => s + Math.abs(x), 0);

describe("normalized GD", () => {
  it("w ← w − η·g/‖g‖₂ with the norm over all parameters", async () => {
    const lr = 0.1;
    const w = [...W0];
    for (const g of G) g.forEach((gi, i) => (w[i] -= (lr * gi) / norm2(g)));
    expectClose((await wasmAfter("normalized", lr)).w, w);
  });

  it("each step has length η exactly", async () => {
    const { w } = await wasmAfter("normalized", 0.3, 1);
    const step = Math.sqrt(W0.reduce((s, w0, i) => s + (w[i] - w0) ** 2, 0));
    expect(step).toBeCloseTo(0.3, 6);
  });

  it("with momentum after the transform: b ← βb + g/‖g‖, w ← w − ηb", async () => {
    const [lr, beta] = [0.1, 0.9];
    const w = [...W0];
    const b = W0.map(() => 0);
    for (const g of G)
      g.forEach((gi, i) => {
        b[i] = beta * b[i] + gi / norm2(g);
        w[i] -= lr * b[i];
      });
    expectClose((await wasmAfter({ name: "normalized", momentum: beta }, lr)).w, w);
  });
});

describe("rescaled sign", () => {
  it("w ← w − η·sign(g)·‖g‖₁", async () => {
    const lr = 0.01;
    const w = [...W0];
    for (const g of G) g.forEach((gi, i) => (w[i] -= lr * Math.sign(gi) * norm1(g)));
    expectClose((await wasmAfter("rescaled-sign", lr)).w, w);
  });
});
