// `npm run bench:peers`: zipflab side by side with NumPy (bench/peers/*.py, one BLAS thread) and
// plain-JS references (bench/peers/js.ts) in one run: the six-token experiment, one dense Adam
// step (n = 4e6), the full-batch bigram softmax step (d = 2000; NumPy f32 and f64) and the
// mini-batch step (d = 1e4, B = 256: SGD, sign, lazy Adam). Each workload is first checked to
// compute the same numbers (tolerances below), then timed: ROUNDS rounds of (zipflab, JS, NumPy)
// in turn, the fastest sample of each compared (load from other processes only slows samples).
// Without python3 + NumPy the NumPy columns are skipped with a message. `-- --only six-token` runs the
// six-token section alone. docs/benchmarks-peers.md.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runTokensExperiment } from "../src/experiments/tokens/run.js";
import { fuse, layoutChain } from "../src/optimizers/chain.js";
import { buildChain, resolveOptimizer, usesLazyUpdates } from "../src/optimizers/registry.js";
import { runWasm } from "../src/loop/wasm.js";
import { instantiateCore, type Core } from "../src/wasm/load.js";
import { formatRatio, formatTime, table } from "./format.js";
import { describeMachine, formatMachine, loadAverage } from "./machine.js";
import { adamStepJs, bigramLossJs, fullBatchSgdJs, miniBatchStepper, sixTokenJs, zipf, type MiniOptimizer } from "./peers/js.js";
import { bigramSoftmaxProblem } from "../src/problems/bigram-softmax/declaration.js";

const ROUNDS = Number(process.env.PEERS_ROUNDS ?? 3);
const QUICK = process.argv.includes("--quick");
/** `--only six-token`: just the six-token section (seconds instead of minutes). */
const ONLY_SIX = process.argv.includes("six-token") && process.argv.includes("--only");
const PY_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "peers");
/** One BLAS thread, and none of the machine's OpenBLAS core overrides (they break NumPy's import here). */
const PY_ENV = (() => {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
})();

function numpyVersion(): string | null {
  const r = spawnSync("python3", ["-c", "import numpy; print(numpy.__version__)"], { env: PY_ENV, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a peer script's JSON, shaped per script
type PeerJson = Record<string, any>;

/** Runs a peer script; its last stdout line is JSON. */
function python(script: string, ...args: (string | number)[]): PeerJson {
  const r = spawnSync("python3", [join(PY_DIR, script), ...args.map(String)], { env: PY_ENV, encoding: "utf8", cwd: PY_DIR, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python3 ${script} ${args.join(" ")} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

function bestOf(reps: number, fn: () => void): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

async function bestOfAsync(reps: number, fn: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    await fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function check(label: string, ok: boolean, detail: string): void {
  console.log(`- check ${ok ? "ok" : "FAILED"}: ${label} — ${detail}`);
  if (!ok) process.exitCode = 1;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);

interface Row { label: string; ms: Record<string, number> }

function printRows(rows: Row[], columns: string[], base = "zipflab"): void {
  const header = ["workload", ...columns.map((c) => `${c} (fastest)`), ...columns.filter((c) => c !== base).map((c) => `${c} ÷ ${base}`)];
  const body = rows.map((r) => [
    r.label,
    ...columns.map((c) => formatTime(r.ms[c] ?? NaN)),
    ...columns.filter((c) => c !== base).map((c) => (r.ms[c] && r.ms[base] ? formatRatio(r.ms[c] / r.ms[base]) : "—")),
  ]);
  console.log(table(header, body, header.map((_, i) => i > 0)));
  console.log();
}

// ---- six-token ---------------------------------------------------------------------------

const COMMON = [0, 1, 2, 3];
function sixTokenOk(sgd: number[], adam: number[], eff: number[]): boolean {
  return COMMON.every((k) => Math.abs(sgd[k] - 1) < 0.05) && sgd[4] > 0.3 && sgd[4] < 0.75 && sgd[5] < 0.35 &&
    adam.every((w) => Math.abs(w - 1) < 0.5) && eff[5] / eff[0] > 10;
}

async function sixToken(hasPy: boolean): Promise<Row> {
  console.log("## Six-token experiment, end to end (sgd + adam, 3000 steps each, w recorded every step)\n");
  const z = await runTokensExperiment();
  const [zs, za] = z.runs;
  check("zipflab", sixTokenOk(zs.finalWeights, za.finalWeights, za.effectiveLr!), `SGD xenobiotic ${zs.finalWeights[4].toFixed(2)}, thalweg ${zs.finalWeights[5].toFixed(2)}; Adam min ${Math.min(...za.finalWeights).toFixed(2)}`);
  const j = sixTokenJs();
  check("plain JS", sixTokenOk(j.sgd, j.adam, j.adamEffectiveLr), `SGD xenobiotic ${j.sgd[4].toFixed(2)}, thalweg ${j.sgd[5].toFixed(2)}; Adam min ${Math.min(...j.adam).toFixed(2)}`);
  const ms: Record<string, number> = { zipflab: Infinity, "plain JS": Infinity, NumPy: Infinity };
  for (let r = 0; r < ROUNDS; r++) {
    ms.zipflab = Math.min(ms.zipflab, await bestOfAsync(QUICK ? 5 : 20, () => runTokensExperiment()));
    ms["plain JS"] = Math.min(ms["plain JS"], bestOf(QUICK ? 2 : 5, () => sixTokenJs()));
    if (hasPy) {
      const py = python("six_token.py", QUICK ? 1 : 3);
      if (r === 0) check("NumPy", sixTokenOk(py.sgd, py.adam, py.adamEffectiveLr), `SGD xenobiotic ${py.sgd[4].toFixed(2)}, thalweg ${py.sgd[5].toFixed(2)}; Adam min ${Math.min(...py.adam).toFixed(2)}`);
      ms.NumPy = Math.min(ms.NumPy, py.ms);
    }
  }
  console.log("(each implementation its own random stream: checked on the phenomenon — SGD leaves xenobiotic ≈ 0.5 and thalweg < 0.35, Adam learns all six, Adam's effective lr thalweg/the > 10)\n");
  return { label: "six-token experiment (runTokensExperiment)", ms };
}

// ---- dense Adam --------------------------------------------------------------------------

function adamStart(n: number): { w: Float32Array; g: Float32Array } {
  const w = new Float32Array(n);
  const g = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    w[i] = Math.sin(i);
    g[i] = Math.cos(i) * 1e-3;
  }
  return { w, g };
}

function denseAdam(core: Core, hasPy: boolean): Row {
  const n = QUICK ? 1e6 : 4e6;
  console.log(`## Dense Adam step, n = ${n.toExponential(0)} (f32 w, g, m, v)\n`);
  const { arena, exports } = core;
  arena.reset();
  const start = adamStart(n);
  const w = arena.allocF32(n);
  const g = arena.allocF32(n);
  arena.f32(w, n).set(start.w);
  arena.f32(g, n).set(start.g);
  const chain = layoutChain(arena, fuse(buildChain(resolveOptimizer("adam", 1e-3))), n);
  let t = 0;
  const zStep = () => exports.chainStep(chain.ptr, chain.nOps, w, g, n, 0, 0, 0, ++t, 1);
  for (let k = 0; k < 3; k++) zStep();
  const jw = start.w.slice(), jm = new Float32Array(n), jv = new Float32Array(n);
  let jt = 0;
  const jStep = () => adamStepJs(jw, start.g, jm, jv, ++jt);
  for (let k = 0; k < 3; k++) jStep();
  const zw = arena.f32(w, n).slice(); // after 3 steps, before timing moves it on
  const probe = Array.from({ length: 9 }, (_, k) => Math.round((k * (n - 1)) / 8));
  const worst = (other: (i: number) => number) => Math.max(...probe.map((i) => Math.abs(zw[i] - other(i))));
  check("plain JS", worst((i) => jw[i]) < 1e-6, `max |Δw| over 9 probes after 3 steps ${worst((i) => jw[i]).toExponential(1)} (tolerance 1e-6)`);
  const ms: Record<string, number> = { zipflab: Infinity, "plain JS": Infinity, NumPy: Infinity };
  for (let r = 0; r < ROUNDS; r++) {
    ms.zipflab = Math.min(ms.zipflab, bestOf(QUICK ? 5 : 20, zStep));
    ms["plain JS"] = Math.min(ms["plain JS"], bestOf(QUICK ? 2 : 5, jStep));
    if (hasPy) {
      const py = python("adam.py", n, QUICK ? 5 : 20);
      if (r === 0) {
        const d = Math.max(...(py.probe as number[]).map((i, k) => Math.abs(py.w[k] - zw[i])));
        check("NumPy", d < 1e-6, `max |Δw| over 9 probes after 3 steps ${d.toExponential(1)} (tolerance 1e-6)`);
      }
      ms.NumPy = Math.min(ms.NumPy, py.ms);
    }
  }
  console.log();
  return { label: `dense Adam step, n = ${n.toExponential(0)}`, ms };
}

// ---- bigram softmax: full batch ----------------------------------------------------------

/** Per-step time of runWasm as the difference of a long and a short run (cancels the setup). */
function runStepMs(core: Core, problem: ReturnType<typeof bigramSoftmaxProblem>, spec: Record<string, unknown>, lr: number,
  short: number, long: number, record: boolean): number {
  const config = resolveOptimizer(spec, lr);
  const transforms = fuse(buildChain(config));
  const time = (steps: number) => {
    const opts = {
      steps, seed: 0, recordWeights: false, lazy: usesLazyUpdates(config),
      recordSteps: record ? Array.from({ length: steps }, (_, i) => i + 1) : [], recordExactLoss: record,
    };
    const start = performance.now();
    runWasm(core, problem, transforms, opts);
    return performance.now() - start;
  };
  return (time(long) - time(short)) / (long - short);
}

function fullBatch(core: Core, hasPy: boolean): Row[] {
  const d = QUICK ? 500 : 2000;
  console.log(`## Full-batch bigram softmax step, d = ${d} (α = 1, expected counts, identity ranking)\n`);
  const problem = bigramSoftmaxProblem({ d, permutation: "identity", batch: "full" });
  const rows: Row[] = [];
  for (const [name, lr] of [["sgd", 0.5], ["adam", 1e-2]] as const) {
    const config = resolveOptimizer(name, lr);
    const out = runWasm(core, problem, fuse(buildChain(config)), { steps: 3, seed: 0, recordSteps: [1, 2, 3], recordWeights: false });
    const zl = Array.from(out.exactLoss!);
    let jsMs = NaN;
    if (name === "sgd") {
      const pi = zipf(d);
      const W = new Float32Array(d * d);
      const p = new Float32Array(d);
      const jl: number[] = [];
      for (let k = 0; k < 3; k++) {
        fullBatchSgdJs(W, pi, lr, p);
        jl.push(bigramLossJs(W, pi));
      }
      const e = Math.max(...jl.map((l, k) => rel(zl[k], l)));
      check(`plain JS, sgd`, e < 1e-5, `losses after steps 1–3 agree to ${e.toExponential(1)} relative (tolerance 1e-5)`);
      jsMs = Infinity;
      for (let r = 0; r < ROUNDS; r++) jsMs = Math.min(jsMs, bestOf(QUICK ? 2 : 3, () => fullBatchSgdJs(W, pi, lr, p)));
    }
    const ms: Record<string, number> = { zipflab: Infinity, "zipflab, loss recorded every step": Infinity, "plain JS": jsMs, "NumPy f32": Infinity, "NumPy f64": Infinity };
    for (let r = 0; r < ROUNDS; r++) {
      ms.zipflab = Math.min(ms.zipflab, runStepMs(core, problem, { name }, lr, 2, QUICK ? 6 : 12, false));
      ms["zipflab, loss recorded every step"] = Math.min(ms["zipflab, loss recorded every step"], runStepMs(core, problem, { name }, lr, 2, QUICK ? 6 : 12, true));
      if (!hasPy) continue;
      for (const dtype of ["float32", "float64"]) {
        const py = python("bigram_softmax.py", "full", d, dtype, name, QUICK ? 3 : 10);
        if (r === 0) {
          const e = Math.max(...(py.losses as number[]).map((l, k) => rel(zl[k], l)));
          const tol = dtype === "float32" ? 1e-4 : 1e-5;
          check(`NumPy ${dtype}, ${name}`, e < tol, `losses after steps 1–3 agree to ${e.toExponential(1)} relative (tolerance ${tol})`);
        }
        ms[`NumPy ${dtype === "float32" ? "f32" : "f64"}`] = Math.min(ms[`NumPy ${dtype === "float32" ? "f32" : "f64"}`], py.ms);
      }
    }
    rows.push({ label: `full batch, ${name}, per step`, ms });
  }
  console.log();
  return rows;
}

// ---- bigram softmax: mini-batch ----------------------------------------------------------

const MINI: { opt: MiniOptimizer; spec: Record<string, unknown>; lr: number }[] = [
  { opt: "sgd", spec: { name: "sgd" }, lr: 0.5 },
  { opt: "sign", spec: { name: "sign" }, lr: 1e-2 },
  { opt: "lazy-adam", spec: { name: "adam", lazy: true }, lr: 1e-2 },
];

function miniBatch(core: Core, hasPy: boolean): Row[] {
  const d = QUICK ? 2000 : 10_000;
  const B = 256;
  const CHECK_D = 300, CHECK_STEPS = 200;
  console.log(`## Mini-batch bigram softmax step, d = ${d}, batch ${B} (gather, softmax, scatter over the sampled rows)\n`);
  // Same numbers: at d = 300 (expected counts, identity ranking) each implementation runs 200
  // steps from W = 0 on its own draws; the exact loss L(W_200) must agree within sampling noise.
  const small = bigramSoftmaxProblem({ d: CHECK_D, permutation: "identity", batch: B });
  const rows: Row[] = [];
  for (const { opt, spec, lr } of MINI) {
    const config = resolveOptimizer(spec, lr);
    const zl = runWasm(core, small, fuse(buildChain(config)), { steps: CHECK_STEPS, seed: 0, recordSteps: [CHECK_STEPS], recordWeights: false, lazy: usesLazyUpdates(config) }).exactLoss![0];
    const js = miniBatchStepper(CHECK_D, B, opt, lr);
    for (let k = 0; k < CHECK_STEPS; k++) js.step();
    const jl = bigramLossJs(js.W, js.pi);
    const L0 = Math.log(CHECK_D);
    const agree = (l: number) => Math.abs(l - zl) / (L0 - zl);
    check(`plain JS, ${opt}`, agree(jl) < 0.05, `L(W_200) ${jl.toFixed(4)} vs zipflab ${zl.toFixed(4)} (from ln d = ${L0.toFixed(3)}; tolerance 5% of the decrease)`);
    if (hasPy) {
      const py = python("bigram_softmax.py", "mini", CHECK_D, B, opt, 1, CHECK_STEPS);
      check(`NumPy, ${opt}`, agree(py.loss) < 0.05, `L(W_200) ${py.loss.toFixed(4)} vs zipflab ${zl.toFixed(4)}`);
    }
  }
  // Timing at d: sampled counts (expected counts store all d² pairs in this version).
  const problem = bigramSoftmaxProblem({ d, permutation: "identity", batch: B, counts: "sampled", pairs: 1_000_000 });
  for (const { opt, spec, lr } of MINI) {
    const ms: Record<string, number> = { zipflab: Infinity, "plain JS": Infinity, NumPy: Infinity };
    for (let r = 0; r < ROUNDS; r++) {
      ms.zipflab = Math.min(ms.zipflab, runStepMs(core, problem, spec, lr, 20, QUICK ? 60 : 120, false));
      const js = miniBatchStepper(d, B, opt, lr);
      js.step();
      ms["plain JS"] = Math.min(ms["plain JS"], bestOf(QUICK ? 3 : 10, js.step));
      if (hasPy) ms.NumPy = Math.min(ms.NumPy, python("bigram_softmax.py", "mini", d, B, opt, QUICK ? 5 : 20, 1).ms);
    }
    rows.push({ label: `mini-batch, ${opt === "lazy-adam" ? "lazy Adam (SparseAdam)" : opt}, per step`, ms });
  }
  // exact lazy Adam has no NumPy peer (PyTorch's SparseAdam has lazy=true semantics)
  const exact = { zipflab: Infinity } as Record<string, number>;
  for (let r = 0; r < ROUNDS; r++) exact.zipflab = Math.min(exact.zipflab, runStepMs(core, problem, { name: "adam", lazy: "exact" }, 1e-2, 20, QUICK ? 60 : 120, false));
  rows.push({ label: "mini-batch, adam:lazy=exact, per step", ms: exact });
  console.log();
  return rows;
}

async function main(): Promise<void> {
  console.log("# zipflab against NumPy and plain JS\n");
  const flags = [QUICK ? "--quick" : "", ONLY_SIX ? "--only six-token" : ""].filter(Boolean).join(" ");
  console.log(`- date: ${new Date().toISOString()}; command: \`npm run bench:peers${flags ? ` -- ${flags}` : ""}\``);
  console.log(`- machine: ${formatMachine(describeMachine())}; load average (1 min) ${loadAverage()}`);
  const np = numpyVersion();
  if (np) console.log(`- NumPy ${np} (python3, OPENBLAS_NUM_THREADS=1); ${ROUNDS} rounds of (zipflab, plain JS, NumPy), fastest sample of each`);
  else console.log("- peers: python3 with NumPy not found — skipping the NumPy columns (install python3 and numpy to compare against them)");
  console.log();
  const core = await instantiateCore();
  const six = await sixToken(np !== null);
  if (ONLY_SIX) {
    console.log("## Ratios (peer time ÷ zipflab time: above 1× zipflab is faster)\n");
    printRows([six], ["zipflab", "plain JS", ...(np ? ["NumPy"] : [])]);
    return;
  }
  const adam = denseAdam(core, np !== null);
  const full = fullBatch(core, np !== null);
  const mini = miniBatch(core, np !== null);
  console.log("## Ratios (peer time ÷ zipflab time: above 1× zipflab is faster)\n");
  printRows([six, adam], ["zipflab", "plain JS", ...(np ? ["NumPy"] : [])]);
  printRows(full, ["zipflab", "zipflab, loss recorded every step", "plain JS", ...(np ? ["NumPy f32", "NumPy f64"] : [])]);
  printRows(mini, ["zipflab", "plain JS", ...(np ? ["NumPy"] : [])]);
}

await main();
