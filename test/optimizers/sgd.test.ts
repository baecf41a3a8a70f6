import { describe, it } from "vitest";
import { G, W0, expectClose, wasmAfter } from "./reference.js";

describe("sgd", () => {
  it("w ← w − ηg, step after step", async () => {
    const lr = 0.1;
    const w = [...W0];
    for (const g of G) g.forEach((gi, i) => (w[i] -= lr * gi));
    expectClose((await wasmAfter("sgd", lr)).w, w);
  });
});
