// Helpers for hand-computed optimizer steps in f64: the WASM result (f32) must match to
// ≤ 1e-6 relative.
import { expect } from "vitest";
import { fuse } from "../../src/optimizers/chain.js";
import { buildChain, resolveOptimizer } from "../../src/optimizers/registry.js";
import { maxRelativeError, runWasmSteps } from "./harness.js";

export const W0 = [0.5, -1, 2, 0, 0.25, -0.75, 1.5];
export const G = [
  [0.3, -0.2, 0.0, 1.5, -0.01, 0.7, -2.0],
  [0.1, -0.4, 0.2, -1.0, 0.02, 0.7, 0.5],
  [-0.2, 0.3, 0.0, 0.5, -0.03, 0.1, 0.25],
];

/** Runs `spec` on the WASM core (fused where it fuses) over the gradients G from W0. */
export async function wasmAfter(spec: Record<string, unknown> | string, lr: number, steps = G.length) {
  const transforms = fuse(buildChain(resolveOptimizer(spec, lr)));
  return runWasmSteps(transforms, {
    n: W0.length,
    steps,
    w0: Float32Array.from(W0),
    gradient: (t) => Float32Array.from(G[t - 1]),
  });
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6): void {
  expect(maxRelativeError(actual, expected)).toBeLessThanOrEqual(tol);
}
