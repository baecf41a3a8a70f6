// `npm run bench:transformer`: one training step (forward, backward, Adam) of the transformer
// at its default size — V = 2000, T = 64, D = 128, L = 2, H = 4, 16 windows of Brown — one thread
// each, side by side in one run: zipflab's WASM core and its plain-TS twin, TensorFlow.js (WASM
// backend, XNNPACK, SIMD), jax-js (its WASM device) and PyTorch (torch.nn + autograd +
// torch.optim, one thread; skipped with a note when /usr/bin/python3 or python3 has no torch).
// Every contender first gets zipflab's initial weights and the same windows and must compute the
// same loss before and after one Adam step (tolerances below). Then: the GEMM against TF.js's
// matMul at the model's shapes and against the in-process multiply–add ceiling (the GEMM's own
// 4×8 tile on L1-resident operands), the step's GEMM time, and two threads against one.
// Times are the fastest over rounds of every contender in turn (other processes' load only slows
// samples). `-- --steps N --rounds R` set them (default 4 steps, 3 rounds), `-- --quick` skips the twin.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import "../src/corpus/node/load.js";
import { RNG_BLOCK } from "../src/layout/generated.js";
import { fuse, layoutChain, twinChain, twinChainStep } from "../src/optimizers/chain.js";
import { buildChain, resolveOptimizer } from "../src/optimizers/registry.js";
import { transformerProblem, type TransformerProblem } from "../src/problems/transformer/problem.js";
import { tensors } from "../src/problems/transformer/layout.js";
import { seedState } from "../src/rng/seed.js";
import { Xoshiro128 } from "../src/rng/xoshiro.js";
import { poolCore } from "../src/loop/pool.js";
import { instantiateCore, type Core } from "../src/wasm/load.js";
import { formatRatio, formatTime, table } from "./format.js";
import { describeMachine, formatMachine, loadAverage } from "./machine.js";
import { peerModel, type PeerResult } from "./peers/transformer-model.js";
import { tfTransformer } from "./peers/transformer-tf.js";
import { jaxTransformer } from "./peers/transformer-jax.js";
import { stepGemms, type GemmCall } from "./transformer-gemms.js";

const STEPS = Number(process.argv[process.argv.indexOf("--steps") + 1]) || 4;
const ROUNDS = Number(process.argv[process.argv.indexOf("--rounds") + 1]) || 3;
const QUICK = process.argv.includes("--quick");
const LR = 1e-3;
/** Losses of peers agree with zipflab's to this (relative): f32 sums in other orders, other exp and tanh. */
const LOSS_TOLERANCE = 2e-4;
const PY_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "peers");

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const fastest = (ms: number[]) => Math.min(...ms);

function check(label: string, ok: boolean, detail: string): void {
  console.log(`- check ${ok ? "ok" : "FAILED"}: ${label} — ${detail}`);
  if (!ok) process.exitCode = 1;
}

/** zipflab: the problem laid out on `core`, Adam's chain, and a step = gradient + update. */
function zipflabStepper(core: Core, p: TransformerProblem) {
  const { arena, exports } = core;
  arena.reset();
  const w = arena.allocF32(p.n),
    g = arena.allocF32(p.n);
  arena.f32(w, p.n).set(p.initialWeights!());
  const rng = arena.alloc(RNG_BLOCK.bytes);
  arena.u32(rng, 4).set(seedState(0));
  const prob = p.layout(arena, rng, 0);
  const chain = layoutChain(arena, fuse(buildChain(resolveOptimizer({ name: "adam", lr: LR }, undefined))), p.n, p.n);
  let t = 0;
  return {
    loss: () => exports.problemLoss(p.code, prob, w),
    step: () => {
      t++;
      const loss = exports.problemGradient(p.code, prob, w, g, 0);
      exports.chainStep(chain.ptr, chain.nOps, w, g, p.n, 0, 0, 0, t, 1);
      return loss;
    },
  };
}

/** A torch-capable python: /usr/bin/python3 (Debian's python3-torch), else python3 on PATH. */
function torchPython(): string | null {
  for (const py of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(py, ["-c", "import torch, numpy"], { encoding: "utf8" });
    if (r.status === 0) return py;
  }
  return null;
}

/** GFLOP/s of one product shape on zipflab's gemm (fastest of repeated calls over ~0.3 s). */
function zipflabGemm(core: Core, call: GemmCall): number {
  const { arena, exports } = core;
  arena.reset();
  const A = arena.allocF32(call.M * call.K + 16),
    B = arena.allocF32(call.K * call.N + 16),
    C = arena.allocF32(call.M * call.N + 16);
  const S = arena.allocF32(call.K * call.N + 16);
  arena.f32(A, call.M * call.K).fill(0.5);
  arena.f32(B, call.K * call.N).fill(0.25);
  const run = () =>
    call.kind === "TN"
      ? exports.gemm(call.M, call.N, call.K, A, 1, call.M, B, call.N, C, call.N, 2, 0)
      : call.kind === "NT"
        ? exports.gemmNT(call.M, call.N, call.K, A, call.K, B, call.K, C, call.N, 0, 0, S)
        : exports.gemm(call.M, call.N, call.K, A, call.K, 1, B, call.N, C, call.N, 0, 0);
  for (let t0 = performance.now(); performance.now() - t0 < 150; ) run();
  let best = Infinity;
  for (let t0 = performance.now(); performance.now() - t0 < 300; ) {
    const s = performance.now();
    for (let i = 0; i < 4; i++) run();
    best = Math.min(best, (performance.now() - s) / 4);
  }
  return (2 * call.M * call.N * call.K) / (best / 1000) / 1e9;
}

/** The in-process ceiling: the GEMM's 4×8 tile on L1-resident operands. */
function ceiling(core: Core): number {
  const { arena, exports } = core;
  arena.reset();
  const K = 256,
    reps = 64;
  const a = arena.allocF32(4 * K),
    b = arena.allocF32(8 * K),
    c = arena.allocF32(32);
  arena.f32(a, 4 * K).fill(0.5);
  arena.f32(b, 8 * K).fill(0.25);
  for (let t0 = performance.now(); performance.now() - t0 < 200; ) exports.gemmTileCeiling(a, b, c, K, reps);
  let best = Infinity;
  for (let t0 = performance.now(); performance.now() - t0 < 400; ) {
    const s = performance.now();
    exports.gemmTileCeiling(a, b, c, K, reps);
    best = Math.min(best, performance.now() - s);
  }
  return (64 * K * reps) / (best / 1000) / 1e9;
}

/** Fastest of `reps` runs of fn, in ms (after the calls before it warmed V8 up). */
function fastestOf(reps: number, fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

async function main(): Promise<void> {
  console.log(
    `# transformer: one training step, one thread each\n\n${formatMachine(describeMachine())}; load ${loadAverage()} at the start\n`,
  );
  const p = transformerProblem({
    corpus: "brown",
    vocab: 2000,
    context: 64,
    width: 128,
    layers: 2,
    heads: 4,
    batch: "full",
    windows: 16,
    validation: 1,
    seed: 0,
  });
  const d = p.dims;
  console.log(
    `model: V = ${d.V}, T = ${d.T}, D = ${d.D}, L = ${d.L}, H = ${d.H}: ${p.n.toLocaleString("en")} parameters; ` +
      `a step: the 16 windows of the full-batch set (${16 * d.T} positions), Adam η = ${LR}; times: the fastest of ${STEPS} steps over ${ROUNDS} rounds ` +
      "of every contender in turn (others' load only slows samples)\n",
  );
  const model = peerModel(d, p.initialWeights!(), p.data.stream, p.data.evalStarts, LR);

  // ---- check: every contender computes the same losses before and after one Adam step ----
  const core = await instantiateCore();
  const one = zipflabStepper(core, p);
  const zLoss0 = one.loss();
  const zStep0 = one.step();
  const zLoss1 = one.loss();
  check("zipflab loss = the step's batch loss", zLoss0 === zStep0, `${zLoss0} and ${zStep0}`);
  const pool = await poolCore(2);
  const two = zipflabStepper(pool, p);
  const l0 = two.loss();
  two.step();
  check("2 threads: the same losses bit for bit", l0 === zLoss0 && two.loss() === zLoss1, `${two.loss()} vs ${zLoss1}`);
  let twinMs: number | null = null;
  if (!QUICK) {
    const w = p.initialWeights!(),
      g = new Float32Array(p.n);
    const chain = twinChain(fuse(buildChain(resolveOptimizer({ name: "adam", lr: LR }, undefined))), p.n, p.n);
    const t0 = performance.now();
    const tl0 = p.twinGradient(w, g, Xoshiro128.seeded(0));
    twinChainStep(chain, w, g, p.n, null, 0, 1, 1);
    twinMs = performance.now() - t0;
    const tl1 = p.twinLoss(w);
    check("twin: the WASM losses bit for bit", tl0 === zLoss0 && tl1 === zLoss1, `${tl0}, ${tl1}`);
  }
  const peers: Record<string, { loss0: number; loss1: number; step(): void; note: string }> = {};
  let tfGemm: ((shape: [number, number, number]) => number) | null = null;
  try {
    const tf = await tfTransformer(model);
    peers["TF.js wasm"] = { ...tf, note: `${tf.simd ? "SIMD" : "no SIMD"}; embedding as a one-hot matMul` };
    tfGemm = tf.gemmGflops;
  } catch (e) {
    console.log(`- TF.js skipped: ${(e as Error).message}`);
  }
  try {
    const jx = await jaxTransformer(model);
    peers["jax-js wasm"] = { ...jx, note: `jax-js ${jx.version}, jit` };
  } catch (e) {
    console.log(`- jax-js skipped: ${(e as Error).message}`);
  }
  let torch: (PeerResult & { torch: string; blas: string; gemmGflops: number; threads: number }) | null = null;
  const py = torchPython();
  if (!py) console.log("- PyTorch skipped: no python3 with torch and numpy (Debian: apt-get install python3-torch)");
  else {
    const dir = mkdtempSync(join(tmpdir(), "zipflab-bench-"));
    try {
      writeFileSync(join(dir, "params.bin"), p.initialWeights!());
      const windows = new Int32Array(16 * (d.T + 1));
      p.data.evalStarts.forEach((s, j) => windows.set(p.data.stream.subarray(s, s + d.T + 1), j * (d.T + 1)));
      writeFileSync(join(dir, "windows.bin"), windows);
      writeFileSync(join(dir, "meta.json"), JSON.stringify({ ...d, lr: LR, tensors: tensors(d) }));
      const env = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
      const r = spawnSync(py, [join(PY_DIR, "transformer.py"), dir, String(STEPS * ROUNDS)], { encoding: "utf8", env, maxBuffer: 1 << 24 });
      if (r.status !== 0) console.log(`- PyTorch failed:\n${r.stderr}`);
      else torch = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log("\n## Same numbers\n");
  const losses: [string, number, number][] = [
    ...Object.entries(peers).map(([n, r]) => [n, r.loss0, r.loss1] as [string, number, number]),
    ...(torch ? [["PyTorch", torch.loss0, torch.loss1] as [string, number, number]] : []),
  ];
  for (const [name, a, b] of losses) {
    check(
      `${name}: loss at the initial weights`,
      rel(a, zLoss0) < LOSS_TOLERANCE,
      `${a.toFixed(6)} vs zipflab ${zLoss0.toFixed(6)} (rel. ${rel(a, zLoss0).toExponential(1)})`,
    );
    check(
      `${name}: loss after one Adam step`,
      rel(b, zLoss1) < LOSS_TOLERANCE,
      `${b.toFixed(6)} vs zipflab ${zLoss1.toFixed(6)} (rel. ${rel(b, zLoss1).toExponential(1)})`,
    );
  }

  // ---- time: rounds of every in-process contender in turn ----
  const steppers: [string, () => void][] = [
    ["zipflab WASM", () => void one.step()],
    ["zipflab WASM, 2 threads", () => void two.step()],
    ...Object.entries(peers).map(([n, r]) => [n, () => r.step()] as [string, () => void]),
  ];
  const best = new Map(steppers.map(([n]) => [n, Infinity]));
  for (const [, step] of steppers) step(); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, step] of steppers) best.set(name, Math.min(best.get(name)!, fastestOf(STEPS, step)));
  }
  await pool.close();

  // ---- GEMM: each product shape of a step, zipflab and TF.js in turn, fastest over the rounds ----
  const calls = stepGemms(d, 16, p.blockWindows);
  const key = (c: GemmCall) => `${c.kind} ${c.M}x${c.N}x${c.K}`;
  const distinct = [...new Map(calls.map((c) => [key(c), c])).values()];
  const P = 16 * d.T;
  const shapes: [string, [number, number, number]][] = [
    ["x·W_qkv", [P, d.D, 3 * d.D]],
    ["x·W₁", [P, d.D, 4 * d.D]],
    ["h·W₂", [P, 4 * d.D, d.D]],
    ["h·U (logits)", [P, d.D, d.V]],
  ];
  const rate = new Map<string, number>();
  const zShape = new Map<string, number>(),
    tShape = new Map<string, number>();
  let peak = 0;
  for (let round = 0; round < ROUNDS; round++) {
    peak = Math.max(peak, ceiling(core));
    for (const c of distinct) rate.set(key(c), Math.max(rate.get(key(c)) ?? 0, zipflabGemm(core, c)));
    for (const [what, [M, K, N]] of shapes) {
      zShape.set(what, Math.max(zShape.get(what) ?? 0, zipflabGemm(core, { M, N, K, kind: "NN", count: 1 })));
      if (tfGemm) tShape.set(what, Math.max(tShape.get(what) ?? 0, tfGemm([M, K, N])));
    }
  }
  const gemmMs = calls.reduce((s, c) => s + ((c.count * 2 * c.M * c.N * c.K) / (rate.get(key(c))! * 1e9)) * 1e3, 0);
  const flops = calls.reduce((s, c) => s + c.count * 2 * c.M * c.N * c.K, 0);
  const gemmRows = shapes.map(([what, [M, K, N]]) => {
    const z = zShape.get(what)!,
      t = tShape.get(what);
    return [
      what,
      `${M}×${K} · ${K}×${N}`,
      z.toFixed(1),
      t === undefined ? "–" : t.toFixed(1),
      t === undefined ? "–" : formatRatio(z / t),
      `${((100 * z) / peak).toFixed(0)}%`,
    ];
  });
  console.log(
    `\n## GEMM (GFLOP/s, one thread; fastest over ${ROUNDS} rounds)\n\nceiling: the GEMM's 4×8 tile on L1-resident operands, ${peak.toFixed(1)} GFLOP/s` +
      `${torch ? `; PyTorch's sgemm at ${P}×${d.D} · ${d.D}×${d.V}: ${torch.gemmGflops.toFixed(1)} GFLOP/s` : ""}\n`,
  );
  console.log(
    table(["product", "shape", "zipflab", "TF.js matMul", "zipflab ÷ TF.js", "of ceiling"], gemmRows, [
      false,
      false,
      true,
      true,
      true,
      true,
    ]),
  );

  // ---- steps ----
  const base = best.get("zipflab WASM")!;
  const twoMs = best.get("zipflab WASM, 2 threads")!;
  console.log("\n## A training step\n");
  const rows: string[][] = steppers.map(([name]) => [
    name,
    name === "zipflab WASM, 2 threads" ? "pool on shared memory" : (peers[name]?.note ?? ""),
    formatTime(best.get(name)!),
    formatRatio(best.get(name)! / base),
  ]);
  if (twinMs !== null) rows.splice(2, 0, ["zipflab twin (TS)", "one step", formatTime(twinMs), formatRatio(twinMs / base)]);
  if (torch)
    rows.push([
      "PyTorch",
      `torch ${torch.torch}, ${torch.blas}, ${torch.threads} thread (own process)`,
      formatTime(fastest(torch.ms)),
      formatRatio(fastest(torch.ms) / base),
    ]);
  console.log(table(["contender", "", "step", "÷ zipflab"], rows, [false, false, true, true]));
  const ratio = (name: string) => (best.has(name) ? best.get(name)! / base : NaN);
  console.log(
    `\nzipflab's step: ${formatTime(base)}; its GEMMs (${(flops / 1e9).toFixed(2)} GFLOP in ${calls.reduce((s, c) => s + c.count, 0)} calls, each shape timed alone): ` +
      `${formatTime(gemmMs)}, so the step takes ${formatRatio(base / gemmMs)} its GEMM time; two threads: ${formatRatio(base / twoMs)} one's speed.`,
  );
  console.log("\nTargets:");
  const target = (label: string, ok: boolean, value: string) => console.log(`- ${ok ? "met" : "NOT met"}: ${label} (${value})`);
  if (tfGemm)
    target(
      "GEMM ≥ TF.js matMul at the model's shapes",
      gemmRows.every((r) => Number(r[2]) >= Number(r[3])),
      gemmRows.map((r) => `${r[0]} ${r[4]}`).join(", "),
    );
  else console.log("- not measured: GEMM ≥ TF.js matMul (TF.js did not run)");
  target(
    "GEMM ≥ 70% of the multiply–add ceiling",
    gemmRows.every((r) => Number(r[2]) >= 0.7 * peak),
    gemmRows.map((r) => `${r[0]} ${r[5]}`).join(", "),
  );
  for (const [name, peer] of [
    ["TF.js", "TF.js wasm"],
    ["jax-js", "jax-js wasm"],
  ]) {
    if (best.has(peer)) target(`step ≥ 3× ${name}`, ratio(peer) >= 3, `${name}'s step takes ${formatRatio(ratio(peer))} zipflab's`);
    else console.log(`- not measured: step ≥ 3× ${name} (${name} did not run)`);
  }
  target("step ≤ 1.5× its GEMM time", base <= 1.5 * gemmMs, `${formatRatio(base / gemmMs)}`);
  target(
    "two threads ≥ 1.7× one",
    base / twoMs >= 1.7,
    `${formatRatio(base / twoMs)}; a second thread needs a free core: the machine's load counts here`,
  );
  if (torch) {
    const zBig = zShape.get("h·U (logits)")!;
    console.log(
      `- PyTorch (native code, ${torch.blas}, one thread) takes ${formatRatio(fastest(torch.ms) / base)} zipflab's step; its sgemm runs ` +
        `${formatRatio(torch.gemmGflops / zBig)} zipflab's GEMM at the logits shape; the two peaks measured: ${torch.gemmGflops.toFixed(0)} vs ${peak.toFixed(0)} GFLOP/s ` +
        `(${formatRatio(torch.gemmGflops / peak)}: AVX-512 FMA against 128-bit WebAssembly SIMD without FMA)`,
    );
  }
  console.log(`\nload ${loadAverage()} at the end`);
}

await main();
