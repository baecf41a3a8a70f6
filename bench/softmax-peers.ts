// The bigram softmax step, zipflab against its peers, shared by `npm run bench:softmax` and
// `npm run bench:peers` (docs/benchmarks-peers.md):
//   NumPy in place (f32, f64), PyTorch in place under no_grad (f32, f64), PyTorch autograd +
//   torch.optim as the papers' code trains (full batch: a leaf tensor and Adam/SGD; mini-batch:
//   nn.Embedding(sparse=True), F.cross_entropy, SGD/SparseAdam) — bench/peers/softmax_worker.py —
//   and plain JS (bench/peers/js.ts).
// Every peer gets zipflab's own problem: its f32 targets c_ik/N and row weights (read out of the
// layout), and in mini-batches zipflab's own batches (read out of the kernel's sample buffers
// after each step), so it does the same work and, first, must reach the same loss: from W = 0,
// CHECK_STEPS steps, then L(W) in f64 of each implementation's weights.
// Then rounds: each implementation in turn runs `steps` steps from W = 0 (zeroed in place: every
// buffer was touched before, as in a training loop); one sample = that run's wall time per step.
// Medians and fastest samples over the rounds; page faults per step of the peers' timed runs.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readField } from "../src/layout/block.js";
import { BIGRAM_SOFTMAX_BLOCK, LOOP_BLOCK, RNG_BLOCK } from "../src/layout/generated.js";
import { fuse } from "../src/optimizers/chain.js";
import { buildChain, resolveOptimizer, usesLazyUpdates } from "../src/optimizers/registry.js";
import type { BigramSoftmaxProblem } from "../src/problems/bigram-softmax/data-modes.js";
import type { LoopOptions, LoopPlan } from "../src/loop/types.js";
import { runWasm } from "../src/loop/wasm.js";
import type { Core } from "../src/wasm/load.js";
import type { JsSoftmax } from "./peers/js.js";
import { PythonWorker, type Answer, type Interpreter } from "./peers/python.js";

export type Opt = "sgd" | "sign" | "adam";
export type Impl = "numpy" | "torch" | "torch-autograd";

export interface PeerSpec {
  key: string;
  label: string;
  impl: Impl;
  dtype: "f32" | "f64";
}

export const FULL_PEERS: PeerSpec[] = [
  { key: "numpy-f32", label: "NumPy f32", impl: "numpy", dtype: "f32" },
  { key: "numpy-f64", label: "NumPy f64", impl: "numpy", dtype: "f64" },
  { key: "torch-f32", label: "PyTorch f32", impl: "torch", dtype: "f32" },
  { key: "torch-f64", label: "PyTorch f64", impl: "torch", dtype: "f64" },
  { key: "autograd-f32", label: "PyTorch autograd + optim f32", impl: "torch-autograd", dtype: "f32" },
];

export const MINI_PEERS: PeerSpec[] = [
  { key: "numpy-f32", label: "NumPy f32", impl: "numpy", dtype: "f32" },
  { key: "torch-f32", label: "PyTorch f32 (index_add_)", impl: "torch", dtype: "f32" },
  { key: "autograd-f32", label: "PyTorch Embedding(sparse) + optim f32", impl: "torch-autograd", dtype: "f32" },
];

/**
 * Steps of the same-loss check, and its tolerance on L(W_50) relative to L: 1e-8 between f32
 * implementations (their weights differ by roundings of 2⁻²⁴ of different exps and sums); 1e-7
 * against an f64 peer, which computes a different trajectory: every f32 weight is rounded at
 * each step, and Adam's step m̂/(√v̂ + ε) has size ≈ η however small g is, so where g is at the
 * level of f32 rounding the f32 and f64 runs step in different directions (measured: zipflab and
 * the f32 peers all lie 1.9–2.2·10⁻⁸ from NumPy f64 after 50 Adam steps at d = 500, NumPy f64 and
 * PyTorch f64 within 10⁻¹⁵ of each other).
 */
export const CHECK_STEPS = 50;
export const CHECK_TOLERANCE = { f32: 1e-8, f64: 1e-7 };
/** Adam's ε in the check: torch's SparseAdam adds ε before the bias correction (ε·√(1−β2^t) where
 * Adam and zipflab add ε), so the lazy-Adam check runs every implementation at a negligible ε. */
export const CHECK_EPS_LAZY = 1e-30;

export interface Timing {
  samples: number[];
  minflt: number;
  majflt: number;
  steps: number;
}
export interface Check {
  label: string;
  loss: number;
  relative: number;
  ofDecrease: number;
  tolerance: number;
  ok: boolean;
  note?: string;
}

/** One implementation in the rounds: runs `steps` steps from W = 0 and returns ms per step. */
export interface Contender {
  key: string;
  label: string;
  run(steps: number): Promise<{ ms: number; minflt?: number; majflt?: number }>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

export const fastest = (xs: number[]): number => (xs.length ? Math.min(...xs) : NaN);

/** Wall time and page faults of the run loop's calls only (layout excluded), as runWasm's runSteps hook. */
export function timedLoop(core: Core & { runSteps?: LoopOptions["runSteps"] }) {
  const state = { ms: 0, minflt: 0, majflt: 0 };
  const inner = core.runSteps;
  const runSteps = (loop: number, steps: number, first: boolean, plan: LoopPlan): number => {
    const before = process.resourceUsage();
    const start = performance.now();
    const done = inner ? inner(loop, steps, first, plan) : core.exports.runSteps(loop, steps);
    state.ms += performance.now() - start;
    const after = process.resourceUsage();
    state.minflt += after.minorPageFault - before.minorPageFault;
    state.majflt += after.majorPageFault - before.majorPageFault;
    return done;
  };
  /** The sample of a run of `steps` steps: per step. */
  const sample = (steps: number) => ({ ms: state.ms / steps, minflt: state.minflt / steps, majflt: state.majflt / steps });
  return { runSteps, state, sample };
}

export function chainOf(opt: Opt, lr: number, lazy: boolean, eps?: number) {
  const config = resolveOptimizer(
    opt === "adam" ? { name: "adam", ...(lazy ? { lazy: true } : {}), ...(eps ? { eps } : {}) } : { name: opt },
    lr,
  );
  return { transforms: fuse(buildChain(config)), lazy: usesLazyUpdates(config) };
}

/** The problem's data as the kernel sees it, written for the peers: row weights, and the targets
 * table or (identity ranking) the two f32 factors with c_ik = f32(a_i·b_k). */
export interface ProblemFiles {
  d: number;
  rowWeights: Float32Array;
  target: (i: number) => (k: number) => number;
  load: Record<string, unknown>;
}

export function exportProblem(core: Core, problem: BigramSoftmaxProblem, dir: string): ProblemFiles {
  const { arena } = core;
  arena.reset();
  const rng = arena.alloc(RNG_BLOCK.bytes);
  const prob = problem.layout(arena, rng, 0);
  const view = arena.view();
  const field = (name: keyof typeof BIGRAM_SOFTMAX_BLOCK.fields) => readField(view, prob, BIGRAM_SOFTMAX_BLOCK, name);
  const d = field("d");
  const rowWeights = arena.f32(field("rowWeights"), d).slice();
  const rw = join(dir, "row-weights.f32");
  writeFileSync(rw, new Uint8Array(rowWeights.buffer));
  if (field("targets") !== 0) {
    const table = arena.f32(field("targets"), d * d).slice();
    const path = join(dir, "targets.f32");
    writeFileSync(path, new Uint8Array(table.buffer));
    return { d, rowWeights, target: (i) => (k) => table[i * d + k], load: { cmd: "load", d, rowWeights: rw, targets: path } };
  }
  if (field("rank") !== 0 || field("omega") !== 0 || field("dense") === 0) {
    throw new Error("the peers take expected counts with a stored targets table, or the identity ranking without reweighting");
  }
  const a = arena.f32(field("a"), d).slice();
  const b = arena.f32(field("b"), d).slice();
  const [pa, pb] = [join(dir, "a.f32"), join(dir, "b.f32")];
  writeFileSync(pa, new Uint8Array(a.buffer));
  writeFileSync(pb, new Uint8Array(b.buffer));
  return { d, rowWeights, target: (i) => (k) => Math.fround(a[i] * b[k]), load: { cmd: "load", d, rowWeights: rw, a: pa, b: pb } };
}

/** zipflab's batches for steps 1 … steps, as (i, k) pairs: the kernel's sample buffers after each step. */
export function exportBatches(
  core: Core,
  problem: BigramSoftmaxProblem,
  steps: number,
  path: string,
): { pairs: Int32Array; distinctRows: number } {
  const B = problem.batch;
  const pairs = new Int32Array(steps * B * 2);
  let distinct = 0;
  const { transforms, lazy } = chainOf("sgd", 0.1, false);
  runWasm(core, problem, transforms, {
    steps,
    seed: 0,
    recordSteps: [],
    recordWeights: false,
    recordExactLoss: false,
    views: true,
    lazy,
    runSteps: (loop, n) => {
      for (let s = 0; s < n; s++) {
        core.exports.runSteps(loop, 1);
        const view = core.arena.view();
        const prob = readField(view, loop, LOOP_BLOCK, "problem");
        const rows = readField(view, prob, BIGRAM_SOFTMAX_BLOCK, "sampleRows");
        const classes = readField(view, prob, BIGRAM_SOFTMAX_BLOCK, "samples");
        const t = readField(view, loop, LOOP_BLOCK, "t") - 1;
        const seen = new Set<number>();
        for (let b = 0; b < B; b++) {
          const i = view.getInt32(rows + 4 * b, true);
          pairs[2 * (t * B + b)] = i;
          pairs[2 * (t * B + b) + 1] = view.getInt32(classes + 4 * b, true);
          seen.add(i);
        }
        distinct += seen.size;
      }
      return n;
    },
  });
  writeFileSync(path, new Uint8Array(pairs.buffer));
  return { pairs, distinctRows: distinct / steps };
}

/** L(W) in f64 (the same sum as softmax_worker.py's loss64, in row order). */
export function loss64(W: Float32Array, files: ProblemFiles): number {
  const { d, rowWeights } = files;
  let total = 0;
  for (let i = 0; i < d; i++) {
    const o = i * d;
    const c = files.target(i);
    let M = -Infinity;
    for (let k = 0; k < d; k++) M = Math.max(M, W[o + k]);
    let S = 0,
      dot = 0;
    for (let k = 0; k < d; k++) {
      S += Math.exp(W[o + k] - M);
      dot += c(k) * W[o + k];
    }
    total += rowWeights[i] * (M + Math.log(S)) - dot;
  }
  return total;
}

/** L(0) = Σ_i rw_i ln d: the start every check's decrease is measured from. */
export function initialLoss(files: ProblemFiles): number {
  let s = 0;
  for (const r of files.rowWeights) s += r;
  return s * Math.log(files.d);
}

export function checkOf(label: string, loss: number, ref: number, start: number, dtype: "f32" | "f64", note?: string): Check {
  const relative = Math.abs(loss - ref) / Math.abs(ref);
  const tolerance = CHECK_TOLERANCE[dtype];
  return { label, loss, relative, ofDecrease: Math.abs(loss - ref) / Math.abs(start - ref), tolerance, ok: relative <= tolerance, note };
}

/** Python workers, one per peer (each keeps its arrays between rounds). */
export class PeerPool {
  readonly workers = new Map<string, PythonWorker>();
  constructor(readonly python: Interpreter | null) {}

  async worker(key: string): Promise<PythonWorker> {
    let w = this.workers.get(key);
    if (!w) {
      w = new PythonWorker(this.python!.command);
      this.workers.set(key, w);
    }
    return w;
  }

  available(spec: PeerSpec): boolean {
    return this.python !== null && (spec.impl === "numpy" || this.python.torch !== null);
  }

  async broadcast(command: Record<string, unknown>, specs: PeerSpec[]): Promise<void> {
    await Promise.all(specs.filter((s) => this.available(s)).map(async (s) => (await this.worker(s.key)).send(command)));
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    this.workers.clear();
  }
}

/** A peer as a contender: a fresh run (W zeroed in place) of `steps` steps. */
export function pythonContender(pool: PeerPool, spec: PeerSpec, base: Record<string, unknown>, label = spec.label): Contender {
  return {
    key: spec.key,
    label,
    async run(steps) {
      const a: Answer = await (await pool.worker(spec.key)).send({
        ...base,
        cmd: "run",
        impl: spec.impl,
        dtype: spec.dtype,
        steps,
        fresh: true,
      });
      return { ms: (a.seconds * 1000) / steps, minflt: a.minflt / steps, majflt: a.majflt / steps };
    },
  };
}

/** The plain-JS peer as a contender. */
export function jsContender(make: () => JsSoftmax, label = "plain JS"): Contender {
  let js: JsSoftmax | null = null;
  return {
    key: "js",
    label,
    async run(steps) {
      js ??= make();
      js.reset();
      const start = performance.now();
      for (let s = 0; s < steps; s++) js.step();
      return { ms: (performance.now() - start) / steps };
    },
  };
}

/**
 * n rounds of every contender in turn, after one untimed round of `warmUp` steps each (V8 tiers
 * the kernels up from the baseline compiler during their first calls).
 */
export async function rounds(
  contenders: Contender[],
  steps: (c: Contender) => number,
  n: number,
  warmUp = 5,
  onSample?: (c: Contender, ms: number) => void,
): Promise<Map<string, Timing>> {
  const out = new Map<string, Timing>(contenders.map((c) => [c.key, { samples: [], minflt: 0, majflt: 0, steps: 0 }]));
  for (const c of contenders) await c.run(warmUp);
  for (let r = 0; r < n; r++) {
    for (const c of contenders) {
      const s = steps(c);
      const sample = await c.run(s);
      const t = out.get(c.key)!;
      t.samples.push(sample.ms);
      t.minflt += (sample.minflt ?? 0) * s;
      t.majflt += (sample.majflt ?? 0) * s;
      t.steps += s;
      onSample?.(c, sample.ms);
    }
  }
  return out;
}

/** A scratch directory for the peers' files, removed by `done`. */
export function scratchDir(): { dir: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), "zipflab-peers-"));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The same-loss check of one optimizer: zipflab's CHECK_STEPS steps from W = 0 (its weights'
 * L in f64 is the reference), then each available peer's and the plain-JS peer's (`js`, when
 * given). Adam on mini-batches is lazy (SparseAdam semantics) and checked at CHECK_EPS_LAZY.
 */
export async function sameLoss(opts: {
  core: Core;
  pool: PeerPool;
  problem: BigramSoftmaxProblem;
  files: ProblemFiles;
  peers: PeerSpec[];
  opt: Opt;
  lr: number;
  mode: "full" | "mini";
  js?: (eps: number) => JsSoftmax;
}): Promise<Check[]> {
  const { core, pool, problem, files, peers, opt, lr, mode } = opts;
  const lazy = mode === "mini" && opt === "adam";
  const eps = lazy ? CHECK_EPS_LAZY : 1e-8;
  const note = lazy ? `ε = ${CHECK_EPS_LAZY}` : undefined;
  const { transforms, lazy: rows } = chainOf(opt, lr, lazy, lazy ? eps : undefined);
  const z = runWasm(core, problem, transforms, {
    steps: CHECK_STEPS,
    seed: 0,
    recordSteps: mode === "full" ? [CHECK_STEPS] : [],
    recordWeights: false,
    recordExactLoss: mode === "full",
    views: true,
    lazy: rows,
  });
  const ref = loss64(z.finalWeights, files);
  const start = initialLoss(files);
  const own = z.exactLoss ? ` (its own loss: ${z.exactLoss[0].toFixed(12)})` : "";
  const checks = [checkOf(`zipflab ${opt}${own}`, ref, ref, start, "f32", note)];
  if (opts.js) {
    const js = opts.js(eps);
    for (let s = 0; s < CHECK_STEPS; s++) js.step();
    // JS computes in f64 (its arrays are f32): Adam's direction follows f64's signs of tiny g
    checks.push(checkOf(`plain JS ${opt} (f64 arithmetic)`, loss64(js.W, files), ref, start, "f64", note));
  }
  for (const p of peers) {
    if (p.impl === "torch-autograd" && opt === "sign") continue; // torch.optim has no sign descent
    const a = await (await pool.worker(p.key)).send({
      cmd: "run",
      impl: p.impl,
      dtype: p.dtype,
      mode,
      opt,
      lr,
      eps,
      steps: CHECK_STEPS,
      fresh: true,
      eval: true,
    });
    checks.push(checkOf(`${p.label} ${opt}`, a.loss, ref, start, p.dtype, note));
  }
  return checks;
}
