// GPT-2's initialization, seeded: weights N(0, 0.02), the residual projections W_o and W₂
// N(0, 0.02/√(2L)) (each layer adds two residual branches), biases 0, LayerNorm gains 1.
// Normals from the project's generator (xoshiro128**, the polar method) on their own stream
// of the seed, rounded to f32 once.
import { Xoshiro128 } from "../../rng/xoshiro.js";
import { modelParams, tensors, type Dims } from "./layout.js";

/** The stream of the seed the initialization draws from (the data and batches use others). */
export const INIT_STREAM = 0x1417;

export function gpt2Init(d: Dims, seed: number): Float32Array {
  const w = new Float32Array(modelParams(d));
  const rng = Xoshiro128.seeded(seed, INIT_STREAM);
  const residual = 0.02 / Math.sqrt(2 * Math.max(d.L, 1));
  for (const t of tensors(d)) {
    if (t.init === "ones") w.fill(1, t.offset, t.offset + t.length);
    else if (t.init === "normal" || t.init === "residual") {
      const s = t.init === "normal" ? 0.02 : residual;
      for (let i = t.offset; i < t.offset + t.length; i++) w[i] = s * rng.normal();
    }
  }
  return w;
}
