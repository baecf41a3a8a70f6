import { describe, expect, it } from "vitest";
import { G, W0, expectClose, wasmAfter } from "./reference.js";

/** Adam in f64, bias-corrected (Kingma & Ba, Algorithm 1). */
function adamReference(lr: number, b1: number, b2: number, eps: number, weightDecay = 0): number[] {
  const w = [...W0];
  const m = W0.map(() => 0);
  const v = W0.map(() => 0);
  G.forEach((g, s) => {
    const t = s + 1;
    g.forEach((gi, i) => {
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      const mhat = m[i] / (1 - b1 ** t);
      const vhat = v[i] / (1 - b2 ** t);
      w[i] -= lr * (mhat / (Math.sqrt(vhat) + eps) + weightDecay * w[i]);
    });
  });
  return w;
}

describe("adam", () => {
  it("matches hand-computed bias-corrected steps", async () => {
    expectClose((await wasmAfter("adam", 0.01)).w, adamReference(0.01, 0.9, 0.999, 1e-8));
  });

  it("first step moves each weight by η·g/(|g|+ε): ±η, and 0 where g = 0", async () => {
    const { w } = await wasmAfter("adam", 0.01, 1);
    const expected = W0.map(
      (w0, i) => w0 - (0.01 * (G[0][i] === 0 ? 0 : Math.sign(G[0][i])) * Math.abs(G[0][i])) / (Math.abs(G[0][i]) + 1e-8),
    );
    expectClose(w, expected);
  });

  it("allows β1 = 0 (RMSprop with bias correction)", async () => {
    expectClose((await wasmAfter({ name: "adam", b1: 0, b2: 0.99 }, 0.02)).w, adamReference(0.02, 0, 0.99, 1e-8));
  });

  it("keeps m and v as state: v = Σ (1−β2)β2^(t−s) g_s²", async () => {
    const { state } = await wasmAfter({ name: "adam", b2: 0.9 }, 0.01);
    const v = W0.map((_, i) => G.reduce((acc, g) => 0.9 * acc + 0.1 * g[i] * g[i], 0));
    expectClose(state[0][1], v);
  });
});

describe("adamw", () => {
  it("adds decoupled weight decay: w ← w − η(m̂/(√v̂+ε) + λw)", async () => {
    const got = (await wasmAfter({ name: "adamw", weightDecay: 0.1 }, 0.01)).w;
    expectClose(got, adamReference(0.01, 0.9, 0.999, 1e-8, 0.1));
    expect(Array.from(got)).not.toEqual(adamReference(0.01, 0.9, 0.999, 1e-8, 0).map(Math.fround));
  });
});
