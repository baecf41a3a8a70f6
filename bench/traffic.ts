// Bytes an optimizer step moves per parameter: every pass of the (fused) chain over memory,
// 4 bytes for each f32 array it reads or writes. Fused Adam reads g, m, v, w and writes m, v, w:
// 7 × 4 = 28 B. A reduction (normalize, rescaled sign) reads u once more before its pass.
// This is the traffic the kernels ask for, not what DRAM sees (a write can cost a read too, for
// write-allocate); the bandwidth ceiling is counted the same way, so the two compare.
import { Code } from "../src/optimizers/codes.js";
import type { Transform } from "../src/optimizers/transform.js";

interface Pass {
  reads: string;
  writes: string;
}

const PASSES: Record<number, Pass> = {
  [Code.Apply]: { reads: "u w", writes: "w" },
  [Code.Scale]: { reads: "u", writes: "u" },
  [Code.Sign]: { reads: "u", writes: "u" },
  [Code.Normalize]: { reads: "u u", writes: "u" },
  [Code.RescaledSign]: { reads: "u u", writes: "u" },
  [Code.Trace]: { reads: "u m", writes: "m u" },
  [Code.Ema]: { reads: "u m", writes: "m u" },
  [Code.ScaleByAdam]: { reads: "u m v", writes: "m v u" },
  [Code.ScaleByRms]: { reads: "u v", writes: "v u" },
  [Code.ScaleByAdagrad]: { reads: "u s", writes: "s u" },
  [Code.AddDecayedWeights]: { reads: "u w", writes: "u" },
  [Code.FusedSgd]: { reads: "g w", writes: "w" },
  [Code.FusedSign]: { reads: "g w", writes: "w" },
  [Code.FusedAdam]: { reads: "g m v w", writes: "m v w" },
};

const count = (arrays: string) => arrays.split(" ").filter(Boolean).length;

export function bytesPerParameter(transforms: readonly Transform[]): number {
  return transforms.reduce((sum, t) => {
    const pass = PASSES[t.code];
    if (!pass) throw new Error(`traffic: no byte count for transform ${t.name}`);
    return sum + 4 * (count(pass.reads) + count(pass.writes));
  }, 0);
}

/** "scale_by_adam → add_decayed_weights → fused_sgd" */
export function describeChain(transforms: readonly Transform[]): string {
  return transforms.map((t) => t.name).join(" → ");
}
