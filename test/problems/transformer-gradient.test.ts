// The whole model's gradient against float64 finite differences, and the model without layers
// against the bigram softmax problem where the two coincide.
import { describe, expect, it } from "vitest";
import { F64 } from "../../src/nn/arith.js";
import { backwardBody, blockActs, forwardBody, head } from "../../src/problems/transformer/model.js";
import { headOffset, modelParams, tensors, type Dims } from "../../src/problems/transformer/layout.js";
import { gpt2Init } from "../../src/problems/transformer/init.js";
import { transformerProblem } from "../../src/problems/transformer/problem.js";
import { bigramSoftmaxFromCounts } from "../../src/problems/bigram-softmax/problem.js";
import { countsFromPairs } from "../../src/sparse/count-matrix.js";
import { Xoshiro128 } from "../../src/rng/xoshiro.js";
import { tinyCorpus } from "./transformer-helpers.js";

/** The f64 model on windows of a random stream: the mean loss and its gradient (every parameter). */
function modelF64(d: Dims, theta: Float64Array, stream: Int32Array, starts: Int32Array, withGradient: boolean) {
  const a = blockActs(d, stream, starts, starts.length, F64);
  forwardBody(d, theta, a, F64);
  const scale = 1 / (starts.length * d.T);
  const g = withGradient ? new Float64Array(theta.length) : null;
  const loss = head(d, theta, headOffset(d), a.lnf, 0, a, scale, null, g, headOffset(d), F64) * scale;
  if (g) backwardBody(d, theta, a, g, new Uint8Array(d.V), new Int32Array(d.V), F64);
  return { loss, g };
}

describe("transformer gradient check (float64 finite differences)", () => {
  it("every parameter of a two-layer model, two windows", () => {
    const d: Dims = { V: 11, T: 4, D: 8, L: 2, H: 2 };
    // a GPT-2 start scaled up so that every part of the model matters at the checked point
    const rng = Xoshiro128.seeded(4, 1);
    const theta = Float64Array.from(gpt2Init(d, 3), (x) => x * 20 + 0.05 * rng.normal());
    const stream = Int32Array.from({ length: 20 }, (_, i) => (i * 7 + (i >> 2)) % d.V);
    const starts = Int32Array.of(0, 9);
    const { g } = modelF64(d, theta, stream, starts, true);
    const h = 1e-6;
    let worst = 0,
      scale = 0;
    for (let i = 0; i < theta.length; i++) {
      const x = theta[i];
      theta[i] = x + h;
      const up = modelF64(d, theta, stream, starts, false).loss;
      theta[i] = x - h;
      const down = modelF64(d, theta, stream, starts, false).loss;
      theta[i] = x;
      const numeric = (up - down) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - g![i]));
      scale = Math.max(scale, Math.abs(numeric));
    }
    expect(theta.length).toBe(modelParams(d));
    expect(scale).toBeGreaterThan(1e-3);
    expect(worst / scale).toBeLessThan(1e-6);
    // embedding rows of tokens absent from the windows get exactly zero
    const present = new Set([...stream.subarray(0, 4), ...stream.subarray(9, 13)]);
    for (let v = 0; v < d.V; v++) if (!present.has(v)) expect(g!.subarray(v * d.D, (v + 1) * d.D).every((x) => x === 0)).toBe(true);
    // every tensor gets some gradient
    for (const t of tensors(d))
      expect(
        g!.subarray(t.offset, t.offset + t.length).some((x) => x !== 0),
        t.name,
      ).toBe(true);
  });

  it("the f32 gradient (the kernel's bits: transformer.test.ts) agrees with the f64 model's to f32 precision", () => {
    const corpus = tinyCorpus(3000, 40, 2);
    const p = transformerProblem({
      corpus,
      vocab: 20,
      context: 5,
      width: 8,
      layers: 1,
      heads: 2,
      batch: "full",
      windows: 3,
      validation: 1,
      seed: 1,
    });
    const d = p.dims;
    const w32 = p.initialWeights!();
    const theta = Float64Array.from(w32);
    const { g } = modelF64(d, theta, p.data.stream, p.data.evalStarts, true);
    const g32 = new Float32Array(p.n);
    p.twinGradient(w32, g32, Xoshiro128.seeded(0));
    let worst = 0,
      scale = 0;
    for (let i = 0; i < p.n; i++) {
      worst = Math.max(worst, Math.abs(g32[i] - g![i]));
      scale = Math.max(scale, Math.abs(g![i]));
    }
    expect(worst / scale).toBeLessThan(1e-4);
  });
});

describe("no layers: a low-rank bigram model, checked against bigram-softmax", () => {
  it("T = 1 on every pair: the same loss, and the unembedding's gradient is the bigram gradient pulled back", () => {
    const corpus = tinyCorpus(2000, 30, 3);
    const p = transformerProblem({
      corpus,
      vocab: 24,
      context: 1,
      width: 6,
      layers: 0,
      heads: 1,
      batch: "full",
      windows: 1700,
      validation: 10,
      heldOut: 0.1,
      seed: 2,
    });
    const d = p.dims;
    const { V, D } = d;
    const w = p.initialWeights!();
    // the model's logits for each input token i: Z_i = LN_f(E_i + Π_0)·U + c (T = 1: one position)
    const Z = new Float32Array(V * V);
    const H = new Float32Array(V * D);
    for (let i = 0; i < V; i++) {
      const a = blockActs(d, Int32Array.of(i, 0), Int32Array.of(0), 1);
      forwardBody(d, w, a);
      H.set(a.lnf, i * D);
      for (let k = 0; k < V; k++) {
        let z = w[headOffset(d) + D * V + k];
        for (let j = 0; j < D; j++) z += a.lnf[j] * w[headOffset(d) + j * V + k];
        Z[i * V + k] = z;
      }
    }
    // the bigram softmax on exactly the windows' pairs
    const inputs = Array.from(p.data.evalStarts, (s) => p.data.stream[s]);
    const outputs = Array.from(p.data.evalStarts, (s) => p.data.stream[s + 1]);
    const bigram = bigramSoftmaxFromCounts(countsFromPairs(V, inputs, outputs));
    const lossT = p.twinLoss(w);
    expect(Math.abs(bigram.twinLoss(Z) - lossT)).toBeLessThan(1e-5 * lossT);
    // dL/dU = Σ_i h_i ⊗ G_i and dL/dc = Σ_i G_i, G the bigram gradient (rows by input token)
    const G = new Float32Array(V * V);
    bigram.twinGradient(Z, G, Xoshiro128.seeded(0));
    const g = new Float32Array(p.n);
    p.twinGradient(w, g, Xoshiro128.seeded(0));
    let worst = 0,
      size = 0;
    for (let j = 0; j < D; j++) {
      for (let k = 0; k < V; k++) {
        let s = 0;
        for (let i = 0; i < V; i++) s += H[i * D + j] * G[i * V + k];
        worst = Math.max(worst, Math.abs(s - g[headOffset(d) + j * V + k]));
        size = Math.max(size, Math.abs(s));
      }
    }
    for (let k = 0; k < V; k++) {
      let s = 0;
      for (let i = 0; i < V; i++) s += G[i * V + k];
      worst = Math.max(worst, Math.abs(s - g[headOffset(d) + D * V + k]));
    }
    expect(size).toBeGreaterThan(1e-4);
    expect(worst / size).toBeLessThan(1e-4);
  });
});
