import { describe, it } from "vitest";
import { G, W0, expectClose, wasmAfter } from "./reference.js";

describe("momentum and Nesterov", () => {
  it("heavy ball: b ← βb + g, w ← w − ηb", async () => {
    const [lr, beta] = [0.1, 0.9];
    const w = [...W0];
    const b = W0.map(() => 0);
    for (const g of G)
      g.forEach((gi, i) => {
        b[i] = beta * b[i] + gi;
        w[i] -= lr * b[i];
      });
    expectClose((await wasmAfter({ name: "momentum", momentum: beta }, lr)).w, w);
  });

  it("Nesterov: b ← βb + g, w ← w − η(g + βb)", async () => {
    const [lr, beta] = [0.05, 0.8];
    const w = [...W0];
    const b = W0.map(() => 0);
    for (const g of G)
      g.forEach((gi, i) => {
        b[i] = beta * b[i] + gi;
        w[i] -= lr * (gi + beta * b[i]);
      });
    expectClose((await wasmAfter({ name: "nesterov", momentum: beta }, lr)).w, w);
  });
});
