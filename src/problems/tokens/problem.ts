// The six-token problem (phenomenon 1): 0/1 features present with probabilities p_k,
// y = Σ x_k w*_k + σ·N(0,1), loss ½·mean (x·w − y)². Kernel: assembly/problems/tokens/problem.ts.
//
// Samples come from four xoshiro128** streams side by side (seedLanes(seed, TOKENS_SAMPLE_STREAM)),
// eight at a time, with Box–Muller normals in f32 (sampling.ts has the exact draw order). Sums
// over the batch are lane-wise (lane j adds samples b ≡ j mod 4), as the kernel's SIMD lanes do.
import { argInteger, argNumber, argNumbers, argObject } from "../../config/args.js";
import { readField } from "../../layout/block.js";
import { TOKENS_BLOCK } from "../../layout/generated.js";
import { XoshiroLanes } from "../../rng/lanes.js";
import { seedLanes } from "../../rng/seed.js";
import type { Arena, LayoutArena } from "../../wasm/arena.js";
import { ProblemCode } from "../codes.js";
import type { Problem } from "../problem.js";
import { presenceThresholds, TokenSampler } from "./sampling.js";
import { ConfigError } from "../../config/error.js";

export interface TokensProblemData {
  /** Presence probability per feature. */
  frequencies: readonly number[];
  trueWeights: readonly number[];
  noise: number;
  batch: number;
  /**
   * Steps of a shared sample stream: the runs of an experiment use one seed and so the same
   * batches; the first run writes each sample (presence mask and target) into the stream as it
   * draws it, later runs with the same seed on the same core read them back (no RNG work;
   * bit-identical results). 0/absent: every run draws.
   */
  shareStream?: number;
}

/** The seedLanes stream of the six-token samples (other problems' generators use 0, 1, 11–13). */
export const TOKENS_SAMPLE_STREAM = 21;

/** The shared stream is kept only up to this size (4·(⌈K/32⌉ + 1) bytes a sample). */
export const STREAM_LIMIT_BYTES = 16 * 2 ** 20;

const f32 = Math.fround;

/** The kernel draws and uses the batch about this many draws at a time (16 KiB of u32: in L1). */
const BLOCK_DRAWS = 4096;

export interface TokensProblem extends Problem {
  /** The mode of the last WASM run's stream: "draw", "record" or "replay". */
  readonly lastStreamMode: "draw" | "record" | "replay";
}

/** Samples per kernel block: all B, or a multiple of 8 (whole sample groups) near BLOCK_DRAWS/K. */
export function tokensBlockSamples(K: number, B: number): number {
  return Math.min(B, Math.max(8, 8 * Math.floor(BLOCK_DRAWS / K / 8)));
}

export function tokensProblem(data: TokensProblemData): TokensProblem {
  const s = argObject<TokensProblemData>("data", data, "the six tokens' data {frequencies, trueWeights, noise, batch}");
  const freqs = argNumbers("data.frequencies", s.frequencies, { min: 0 });
  for (let k = 0; k < freqs.length; k++)
    if (freqs[k] > 1) throw new ConfigError(`data.frequencies[${k}]`, `must be a probability in [0, 1] (got ${freqs[k]})`);
  argNumbers("data.trueWeights", s.trueWeights, { minLength: freqs.length });
  if (s.trueWeights.length !== freqs.length)
    throw new ConfigError("data.trueWeights", `must have one weight per frequency (${freqs.length}) (got ${s.trueWeights.length})`);
  argNumber("data.noise", s.noise, 0);
  argInteger("data.batch", s.batch, 1, 1 << 24);
  if (s.shareStream !== undefined) argInteger("data.shareStream", s.shareStream, 0);
  const K = data.frequencies.length;
  const p = Float32Array.from(data.frequencies);
  const thresholds = presenceThresholds(p);
  const wTrue = Float32Array.from(data.trueWeights);
  const sigma = f32(data.noise);
  const B = data.batch;
  const words = Math.ceil(K / 32);
  const N = (data.shareStream ?? 0) * B;
  const streamBytes = 4 * (words + 1) * (N + 8);
  const sharing = N > 0 && streamBytes <= STREAM_LIMIT_BYTES;
  // The last complete recording: where it lies, on which core, and after which arena reset.
  // It stays valid while that core's arena has not been reset again by anyone else.
  let kept: { arena: LayoutArena; epoch: number; seed: number; ptr: number } | null = null;
  let current: { seed: number; ptr: number; mode: number } | null = null;
  // twin state (the generator seeded on first use: a WASM run never needs it)
  const sampler = new TokenSampler(thresholds, wTrue, sigma);
  const groups = Math.ceil(B / 8);
  let twinLanes: XoshiroLanes | null = null;
  const masks = new Int32Array(words * 8 * groups);
  const targets = new Float32Array(8 * groups);
  const gLanes = new Float32Array(4 * K);
  const lossLanes = new Float64Array(4);
  return {
    code: ProblemCode.Tokens,
    n: K,
    layout(arena: LayoutArena, _rng: number, seed = 0): number {
      const tPtr = arena.alloc(4 * K);
      arena.write(tPtr, thresholds);
      const wPtr = arena.allocF32(K);
      arena.write(wPtr, wTrue);
      const lanes = arena.alloc(64);
      arena.write(lanes, seedLanes(seed, TOKENS_SAMPLE_STREAM));
      const R = tokensBlockSamples(K, B);
      const S = Math.ceil(R / 8) * 8;
      // the kernel writes every scratch byte before it reads it
      const scratch = arena.reserve(16 * (2 * K + 2) * (S / 8) + 4 * words * S + 8 * S + 16 * K + 32 + 32 + (K <= 8 ? 4 << K : 0));
      const block = arena.alloc(TOKENS_BLOCK.bytes);
      const stream = sharing ? arena.reserve(streamBytes) : 0;
      // a dry run leaves the recorded stream and the next run's mode alone
      if (arena.dryRun) return block;
      current = null;
      if (sharing) {
        const ptr = stream;
        const intact = kept !== null && kept.arena === arena && kept.epoch === arena.epoch - 1 && kept.ptr === ptr && kept.seed === seed;
        current = { seed, ptr, mode: intact ? 2 : 1 };
      }
      kept = null;
      arena.writeBlock(block, TOKENS_BLOCK, {
        tokens: K,
        batch: B,
        sigma,
        thresholds: tPtr,
        target: wPtr,
        scratch,
        lanes,
        blockSamples: R,
        stream: current?.ptr ?? 0,
        streamMode: current?.mode ?? 0,
        streamCursor: 0,
        streamLength: current ? N : 0,
      });
      return block;
    },
    get lastStreamMode() {
      return current === null ? "draw" : current.mode === 2 ? "replay" : "record";
    },
    afterRun(arena: Arena, block: number): void {
      if (current === null) return;
      const v = arena.view();
      // kept when complete: every sample of the stream recorded (or replayed from one that was)
      const complete = readField(v, block, TOKENS_BLOCK, "streamMode") !== 0 && readField(v, block, TOKENS_BLOCK, "streamCursor") === N;
      if (complete) kept = { arena, epoch: arena.epoch, seed: current.seed, ptr: current.ptr };
    },
    twinReset(seed = 0): void {
      twinLanes = XoshiroLanes.seeded(seed, TOKENS_SAMPLE_STREAM);
    },
    twinGradient(w: Float32Array, g: Float32Array): number {
      twinLanes ??= XoshiroLanes.seeded(0, TOKENS_SAMPLE_STREAM);
      sampler.draw(twinLanes, groups, masks, 8 * groups, targets);
      gLanes.fill(0);
      lossLanes.fill(0);
      const stride = 8 * groups;
      for (let b = 0; b < B; b++) {
        const lane = b & 3;
        let pred = 0;
        for (let k = 0; k < K; k++) {
          if ((masks[(k >>> 5) * stride + b] >>> (k & 31)) & 1) pred = f32(pred + w[k]);
        }
        const r = f32(pred - targets[b]);
        lossLanes[lane] += r * r;
        for (let k = 0; k < K; k++) {
          if ((masks[(k >>> 5) * stride + b] >>> (k & 31)) & 1) gLanes[4 * k + lane] = f32(gLanes[4 * k + lane] + r);
        }
      }
      for (let k = 0; k < K; k++) {
        const sum = f32(f32(gLanes[4 * k] + gLanes[4 * k + 1]) + f32(gLanes[4 * k + 2] + gLanes[4 * k + 3]));
        g[k] = f32(sum / B);
      }
      const loss = lossLanes[0] + lossLanes[1] + (lossLanes[2] + lossLanes[3]);
      return (0.5 * loss) / B;
    },
  };
}
