// Each optimizer's step, WASM SIMD kernel chain against its plain-TS twin, at several sizes.
//
// What one timed call is: one optimizer step t → t + 1 over n parameters, on both sides:
//   WASM  core.exports.chainStep(chain.ptr, chain.nOps, w, u, n, 0, 0, 0, t, 1)   (one JS→WASM call)
//   twin  twinChainStep(twinChain(transforms, n), w, u, n, null, 0, t, 1)
// with the chain fuse(buildChain(resolveOptimizer(name, 1e-3))) laid out for n. A chain
// consumes its update buffer u (it starts as the gradient and is overwritten by unfused
// transforms), so before every call, untimed, u is restored from a fixed gradient: each step
// sees a freshly written gradient, as in a training loop. State (m, v, …) and w carry over.
import { fuse, layoutChain, twinChain, twinChainStep } from "../src/optimizers/chain.js";
import { buildChain, resolveOptimizer, type OptimizerName } from "../src/optimizers/registry.js";
import type { Transform } from "../src/optimizers/transform.js";
import type { Core } from "../src/wasm/load.js";
import { measure, type Budget, type Timing } from "./measure.js";
import { bytesPerParameter, describeChain } from "./traffic.js";

export const KERNEL_LR = 1e-3;

export interface KernelRow {
  optimizer: OptimizerName;
  n: number;
  chain: string;
  bytesPerParam: number;
  wasm: Timing;
  twin: Timing;
}

export function optimizerChain(name: OptimizerName): Transform[] {
  return fuse(buildChain(resolveOptimizer(name, KERNEL_LR)));
}

/** One WASM step per call on a chain laid out in `core`'s memory (the arena is reset). */
export function timeWasmStep(core: Core, transforms: readonly Transform[], gradient: Float32Array, label: string, budget: Budget): Timing {
  const { arena, exports } = core;
  const n = gradient.length;
  arena.reset();
  const w = arena.allocF32(n);
  const u = arena.allocF32(n);
  const g = arena.allocF32(n);
  arena.f32(g, n).set(gradient);
  const chain = layoutChain(arena, transforms, n);
  let t = 0;
  return measure(
    label,
    () => exports.chainStep(chain.ptr, chain.nOps, w, u, n, 0, 0, 0, ++t, 1.0),
    budget,
    () => arena.f32(u, n).set(arena.f32(g, n)),
  );
}

export function timeTwinStep(transforms: readonly Transform[], gradient: Float32Array, label: string, budget: Budget): Timing {
  const n = gradient.length;
  const w = new Float32Array(n);
  const u = new Float32Array(n);
  const chain = twinChain(transforms, n);
  let t = 0;
  return measure(
    label,
    () => twinChainStep(chain, w, u, n, null, 0, ++t, 1),
    budget,
    () => u.set(gradient),
  );
}

export interface KernelPlan {
  optimizers: readonly OptimizerName[];
  sizes: readonly number[];
  wasm: Budget;
  twin: Budget;
}

/** Rows in plan order (optimizer-major); `onRow` sees each as soon as it is measured. */
export function benchKernels(
  core: Core,
  plan: KernelPlan,
  gradient: Float32Array,
  onRow: (row: KernelRow) => void = () => {},
): KernelRow[] {
  const rows: KernelRow[] = [];
  for (const optimizer of plan.optimizers) {
    const transforms = optimizerChain(optimizer);
    for (const n of plan.sizes) {
      const g = gradient.subarray(0, n);
      const row: KernelRow = {
        optimizer,
        n,
        chain: describeChain(transforms),
        bytesPerParam: bytesPerParameter(transforms),
        wasm: timeWasmStep(core, transforms, g, `${optimizer} wasm n=${n}`, plan.wasm),
        twin: timeTwinStep(transforms, g, `${optimizer} twin n=${n}`, plan.twin),
      };
      rows.push(row);
      onRow(row);
    }
  }
  return rows;
}
