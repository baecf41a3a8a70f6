// The six-token problem (SPEC item 1): 0/1 features present with probabilities p_k,
// y = Σ x_k w*_k + σ·N(0,1), loss ½·mean (x·w − y)². Kernel: assembly/problems/tokens.ts.
import type { Xoshiro128 } from "../rng/xoshiro.js";
import type { Arena } from "../wasm/arena.js";
import { ProblemCode } from "./codes.js";
import type { Problem } from "./problem.js";

export interface TokensProblemSpec {
  /** Presence probability per feature. */
  frequencies: readonly number[];
  trueWeights: readonly number[];
  noise: number;
  batch: number;
}

const f32 = Math.fround;

/** The kernel draws and uses the batch about this many uniforms at a time (32 KiB: in L1). */
const BLOCK_UNIFORMS = 8192;

export function tokensProblem(spec: TokensProblemSpec): Problem {
  const K = spec.frequencies.length;
  const p = Float32Array.from(spec.frequencies);
  const wTrue = Float32Array.from(spec.trueWeights);
  const sigma = f32(spec.noise);
  const B = spec.batch;
  const present = new Int32Array(K);
  return {
    code: ProblemCode.Tokens,
    n: K,
    layout(arena: Arena, rng: number): number {
      const pPtr = arena.allocF32(K);
      arena.f32(pPtr, K).set(p);
      const wPtr = arena.allocF32(K);
      arena.f32(wPtr, K).set(wTrue);
      // Samples per block R; the kernel's scratch, with S = R rounded up to 4 (SIMD lanes):
      // uniforms (f32 K×S), normals (f64 S), residuals (f32 S).
      const R = Math.min(B, Math.max(4, Math.floor(BLOCK_UNIFORMS / K)));
      const S = Math.ceil(R / 4) * 4;
      const scratch = arena.alloc(4 * K * S + 8 * S + 4 * S);
      const block = arena.alloc(32);
      const view = arena.view();
      view.setInt32(block, K, true);
      view.setInt32(block + 4, B, true);
      view.setFloat32(block + 8, sigma, true);
      view.setUint32(block + 12, pPtr, true);
      view.setUint32(block + 16, wPtr, true);
      view.setUint32(block + 20, scratch, true);
      view.setUint32(block + 24, rng, true);
      view.setInt32(block + 28, R, true);
      return block;
    },
    twinGradient(w: Float32Array, g: Float32Array, rng: Xoshiro128): number {
      g.fill(0, 0, K);
      let loss = 0;
      for (let b = 0; b < B; b++) {
        let nPresent = 0;
        let pred = 0;
        let target = 0;
        for (let k = 0; k < K; k++) {
          if (rng.uniformF32() < p[k]) {
            present[nPresent++] = k;
            pred = f32(pred + w[k]);
            target = f32(target + wTrue[k]);
          }
        }
        target = f32(target + f32(sigma * rng.normal()));
        const r = f32(pred - target);
        loss += r * r;
        for (let j = 0; j < nPresent; j++) g[present[j]] = f32(g[present[j]] + r);
      }
      for (let k = 0; k < K; k++) g[k] = f32(g[k] / B);
      return (0.5 * loss) / B;
    },
  };
}
