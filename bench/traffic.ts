// Bytes an optimizer step moves per parameter: every pass of the (fused) chain over memory,
// 4 bytes for each f32 array it reads or writes. Fused Adam reads g, m, v, w and writes m, v, w:
// 7 × 4 = 28 B. A reduction (normalize, rescaled sign) reads u once more before its pass.
// This is the traffic the kernels ask for, not what DRAM sees (a write can cost a read too, for
// write-allocate); the bandwidth ceiling is counted the same way, so the two compare. Each
// transform's reads and writes are declared with it (TRANSFORMS in src/layout/blocks.mjs).
import { TRANSFORMS } from "../src/layout/generated.js";
import type { Transform } from "../src/optimizers/transform.js";

const count = (arrays: string) => arrays.split(" ").filter(Boolean).length;

export function bytesPerParameter(transforms: readonly Transform[]): number {
  return transforms.reduce((sum, t) => {
    const pass = TRANSFORMS[t.kind];
    return sum + 4 * (count(pass.reads) + count(pass.writes));
  }, 0);
}

/** "scale_by_adam → add_decayed_weights → fused_sgd" */
export function describeChain(transforms: readonly Transform[]): string {
  return transforms.map((t) => t.name).join(" → ");
}
