// The six-token problem (SPEC item 1): 0/1 features present with probabilities p_k,
// y = Σ x_k w*_k + σ·N(0,1), loss ½·mean (x·w − y)². Kernel: assembly/problems/tokens/problem.ts.
import { writeBlock } from "../../layout/block.js";
import { TOKENS_BLOCK } from "../../layout/generated.js";
import type { Xoshiro128 } from "../../rng/xoshiro.js";
import type { Arena } from "../../wasm/arena.js";
import { ProblemCode } from "../codes.js";
import type { Problem } from "../problem.js";

export interface TokensProblemSpec {
  /** Presence probability per feature. */
  frequencies: readonly number[];
  trueWeights: readonly number[];
  noise: number;
  batch: number;
  /**
   * Steps of a shared sample stream: the runs of an experiment use one seed and so the same
   * batches; the first run records each sample's presence mask and target, later runs with the
   * same seed replay them (no RNG work; bit-identical results). 0/absent: every run draws.
   */
  shareStream?: number;
}

/** The shared stream is kept only up to this size (8 bytes a sample). */
export const STREAM_LIMIT_BYTES = 16 * 2 ** 20;

const f32 = Math.fround;

/** The kernel draws and uses the batch about this many uniforms at a time (32 KiB: in L1). */
const BLOCK_UNIFORMS = 8192;

export interface TokensProblem extends Problem {
  /** The mode of the last WASM run's stream: "draw", "record" or "replay". */
  readonly lastStreamMode: "draw" | "record" | "replay";
}

export function tokensProblem(spec: TokensProblemSpec): TokensProblem {
  const K = spec.frequencies.length;
  const p = Float32Array.from(spec.frequencies);
  const wTrue = Float32Array.from(spec.trueWeights);
  const sigma = f32(spec.noise);
  const B = spec.batch;
  const present = new Int32Array(K);
  const N = (spec.shareStream ?? 0) * B;
  const streamBytes = 8 * (N + 4);
  const sharing = N > 0 && K <= 32 && streamBytes <= STREAM_LIMIT_BYTES;
  let saved: { key: string; data: Uint8Array } | null = null;
  let current: { key: string; ptr: number; mode: number } | null = null;
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
      const block = arena.alloc(TOKENS_BLOCK.bytes);
      current = null;
      if (sharing) {
        const key = Array.from(arena.u32(rng, 4)).join(",");
        const ptr = arena.alloc(streamBytes);
        const mode = saved?.key === key ? 2 : 1;
        if (mode === 2) new Uint8Array(arena.memory.buffer, ptr, streamBytes).set(saved!.data);
        current = { key, ptr, mode };
      }
      writeBlock(arena.view(), block, TOKENS_BLOCK, {
        tokens: K, batch: B, sigma, p: pPtr, target: wPtr, scratch, rng, blockSamples: R,
        stream: current?.ptr ?? 0, streamMode: current?.mode ?? 0, streamCursor: 0, streamLength: current ? N : 0,
      });
      return block;
    },
    get lastStreamMode() {
      return current === null ? "draw" : current.mode === 2 ? "replay" : "record";
    },
    afterRun(arena: Arena, block: number): void {
      if (current?.mode !== 1) return;
      const v = arena.view();
      // kept only when complete: still recording and every sample of the stream drawn
      if (v.getInt32(block + 36, true) === 1 && v.getInt32(block + 40, true) === N) {
        saved = { key: current.key, data: new Uint8Array(arena.memory.buffer, current.ptr, streamBytes).slice() };
      }
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
