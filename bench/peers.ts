// `npm run bench:peers`: zipflab side by side with NumPy and PyTorch (bench/peers/*.py, one
// BLAS/OpenMP thread) and plain-JS references (bench/peers/js.ts) in one run: the six-token
// experiment, one dense Adam step (n = 4e6), the full-batch bigram softmax step (d = 2000: NumPy
// f32/f64 in place, PyTorch f32/f64 in place, PyTorch autograd + torch.optim) and the
// mini-batch step (d = 1e4, B = 256: SGD, sign, lazy Adam; NumPy, PyTorch index_add_, PyTorch
// Embedding(sparse) + optim) — the bigram peers on zipflab's own targets and batches
// (bench/softmax-peers.ts). Each workload is first checked to compute the same numbers, then
// timed: ROUNDS rounds of every implementation in turn (six-token, Adam: fastest samples;
// bigram: medians, fastest in parentheses). The Python interpreter is the first of
// $ZIPFLAB_PYTHON, python3, /usr/bin/python3 with NumPy (with torch preferred); without one the
// Python columns are skipped with a message. `-- --only six-token` runs the six-token section
// alone. docs/benchmarks-peers.md.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { runTokensExperiment } from "../src/experiments/tokens/run.js";
import { fuse, layoutChain } from "../src/optimizers/chain.js";
import { buildChain, resolveOptimizer, usesLazyUpdates } from "../src/optimizers/registry.js";
import { bigramSoftmaxProblem } from "../src/problems/bigram-softmax/declaration.js";
import type { BigramSoftmaxProblem } from "../src/problems/bigram-softmax/data-modes.js";
import { runWasm } from "../src/loop/wasm.js";
import { instantiateCore, type Core } from "../src/wasm/load.js";
import { formatRatio, formatTime, table } from "./format.js";
import { describeMachine, formatMachine, loadAverage } from "./machine.js";
import { adamStepJs, sixTokenJs, softmaxFullJs, softmaxMiniJs, type JsSoftmax } from "./peers/js.js";
import { describePython, findPython, PEERS_DIR, PYTHON_ENV } from "./peers/python.js";
import {
  CHECK_STEPS,
  FULL_PEERS,
  MINI_PEERS,
  PeerPool,
  chainOf,
  exportBatches,
  exportProblem,
  jsContender,
  median,
  pythonContender,
  rounds,
  sameLoss,
  scratchDir,
  timedLoop,
  type Check,
  type Contender,
  type Opt,
  type PeerSpec,
  type ProblemFiles,
  type Timing,
} from "./softmax-peers.js";
import { cell, checksTable, faultsTable, floorContenders, floorsTable, goalsTable, ratio, stepGoals } from "./softmax-tables.js";

const ROUNDS = Number(process.env.PEERS_ROUNDS ?? 3);
const QUICK = process.argv.includes("--quick");
/** `--only six-token`: just the six-token section (seconds instead of minutes). */
const ONLY_SIX = process.argv.includes("six-token") && process.argv.includes("--only");
const { found: PYTHON, tried: PYTHON_TRIED } = findPython();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a peer script's JSON, shaped per script
type PeerJson = Record<string, any>;

/** Runs a peer script; its last stdout line is JSON. */
function python(script: string, ...args: (string | number)[]): PeerJson {
  const r = spawnSync(PYTHON!.command, [join(PEERS_DIR, script), ...args.map(String)], {
    env: PYTHON_ENV,
    encoding: "utf8",
    cwd: PEERS_DIR,
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${PYTHON!.command} ${script} ${args.join(" ")} failed:\n${r.stderr}`);
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

interface Row {
  label: string;
  ms: Record<string, number>;
}

function printRows(rows: Row[], columns: string[], base = "zipflab"): void {
  const header = ["workload", ...columns.map((c) => `${c} (fastest)`), ...columns.filter((c) => c !== base).map((c) => `${c} ÷ ${base}`)];
  const body = rows.map((r) => [
    r.label,
    ...columns.map((c) => formatTime(r.ms[c] ?? NaN)),
    ...columns.filter((c) => c !== base).map((c) => (r.ms[c] && r.ms[base] ? formatRatio(r.ms[c] / r.ms[base]) : "—")),
  ]);
  console.log(
    table(
      header,
      body,
      header.map((_, i) => i > 0),
    ),
  );
  console.log();
}

// ---- six-token ---------------------------------------------------------------------------

const COMMON = [0, 1, 2, 3];
function sixTokenOk(sgd: number[], adam: number[], eff: number[]): boolean {
  return (
    COMMON.every((k) => Math.abs(sgd[k] - 1) < 0.05) &&
    sgd[4] > 0.3 &&
    sgd[4] < 0.75 &&
    sgd[5] < 0.35 &&
    adam.every((w) => Math.abs(w - 1) < 0.5) &&
    eff[5] / eff[0] > 10
  );
}

async function sixToken(hasPy: boolean): Promise<Row> {
  console.log("## Six-token experiment, end to end (sgd + adam, 3000 steps each, w recorded every step)\n");
  const z = await runTokensExperiment();
  const [zs, za] = z.runs;
  check(
    "zipflab",
    sixTokenOk(zs.finalWeights, za.finalWeights, za.effectiveLr!),
    `SGD xenobiotic ${zs.finalWeights[4].toFixed(2)}, thalweg ${zs.finalWeights[5].toFixed(2)}; Adam min ${Math.min(...za.finalWeights).toFixed(2)}`,
  );
  const j = sixTokenJs();
  check(
    "plain JS",
    sixTokenOk(j.sgd, j.adam, j.adamEffectiveLr),
    `SGD xenobiotic ${j.sgd[4].toFixed(2)}, thalweg ${j.sgd[5].toFixed(2)}; Adam min ${Math.min(...j.adam).toFixed(2)}`,
  );
  const ms: Record<string, number> = { zipflab: Infinity, "plain JS": Infinity, NumPy: Infinity };
  for (let r = 0; r < ROUNDS; r++) {
    ms.zipflab = Math.min(ms.zipflab, await bestOfAsync(QUICK ? 5 : 20, () => runTokensExperiment()));
    ms["plain JS"] = Math.min(
      ms["plain JS"],
      bestOf(QUICK ? 2 : 5, () => sixTokenJs()),
    );
    if (hasPy) {
      const py = python("six_token.py", QUICK ? 1 : 3);
      if (r === 0)
        check(
          "NumPy",
          sixTokenOk(py.sgd, py.adam, py.adamEffectiveLr),
          `SGD xenobiotic ${py.sgd[4].toFixed(2)}, thalweg ${py.sgd[5].toFixed(2)}; Adam min ${Math.min(...py.adam).toFixed(2)}`,
        );
      ms.NumPy = Math.min(ms.NumPy, py.ms);
    }
  }
  console.log(
    "(each implementation its own random stream: checked on the phenomenon — SGD leaves xenobiotic ≈ 0.5 and thalweg < 0.35, Adam learns all six, Adam's effective lr thalweg/the > 10)\n",
  );
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
  const jw = start.w.slice(),
    jm = new Float32Array(n),
    jv = new Float32Array(n);
  let jt = 0;
  const jStep = () => adamStepJs(jw, start.g, jm, jv, ++jt);
  for (let k = 0; k < 3; k++) jStep();
  const zw = arena.f32(w, n).slice(); // after 3 steps, before timing moves it on
  const probe = Array.from({ length: 9 }, (_, k) => Math.round((k * (n - 1)) / 8));
  const worst = (other: (i: number) => number) => Math.max(...probe.map((i) => Math.abs(zw[i] - other(i))));
  check(
    "plain JS",
    worst((i) => jw[i]) < 1e-6,
    `max |Δw| over 9 probes after 3 steps ${worst((i) => jw[i]).toExponential(1)} (tolerance 1e-6)`,
  );
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

// ---- bigram softmax (bench/softmax-peers.ts: zipflab's own targets and batches for every peer) --

const LR: Record<Opt, number> = { sgd: 10, sign: 0.01, adam: 0.01 };
/** Mini-batches: SGD's step is 1 (10 on 256 samples moves a sampled entry by 0.04 a sample). */
const LR_MINI: Record<Opt, number> = { ...LR, sgd: 1 };

/** zipflab's bare step through runWasm: the run loop's time only (layout excluded). */
function zipflabContender(core: Core, problem: BigramSoftmaxProblem, opt: Opt, lr: number, lazy: boolean, label = "zipflab"): Contender {
  const { transforms, lazy: rows } = chainOf(opt, lr, lazy);
  return {
    key: label,
    label,
    async run(steps) {
      const timed = timedLoop(core);
      runWasm(core, problem, transforms, {
        steps,
        seed: 0,
        recordSteps: [],
        recordWeights: false,
        recordExactLoss: false,
        views: true,
        lazy: rows,
        runSteps: timed.runSteps,
      });
      return timed.sample(steps);
    },
  };
}

interface BigramSection {
  mode: "full" | "mini";
  rows: string[][];
  header: string[];
  checks: Check[];
  faults: [string, Timing | undefined][];
  times: { label: string; times: Map<string, Timing> }[];
}

/** The floors of a section's step: `entries` exps (rows of `rowLen`) and its arrays' traffic. */
interface FloorSpec {
  rowLen: number;
  entries: number;
  readBytes: number;
}

async function bigramSection(
  core: Core,
  pool: PeerPool,
  problem: BigramSoftmaxProblem,
  files: ProblemFiles,
  mode: "full" | "mini",
  opts: Opt[],
  peers: PeerSpec[],
  js: (opt: Opt, eps: number) => JsSoftmax,
  steps: number,
  floor: FloorSpec,
): Promise<BigramSection> {
  const lrs = mode === "full" ? LR : LR_MINI;
  const rows: string[][] = [];
  const checks: Check[] = [];
  const faults: [string, Timing | undefined][] = [];
  const times: BigramSection["times"] = [];
  const columns = ["zipflab", "js", ...peers.map((p) => p.key)];
  const header = [
    "workload",
    "zipflab",
    "plain JS",
    ...peers.map((p) => p.label),
    "plain JS ÷ zipflab",
    ...peers.map((p) => `${p.label} ÷ zipflab`),
  ];
  for (const opt of opts) {
    const lazy = mode === "mini" && opt === "adam";
    checks.push(...(await sameLoss({ core, pool, problem, files, peers, opt, lr: lrs[opt], mode, js: (eps) => js(opt, eps) })));
    const contenders: Contender[] = [
      zipflabContender(core, problem, opt, lrs[opt], lazy),
      jsContender(() => js(opt, 1e-8)),
      ...floorContenders(core, floor.rowLen, floor.entries, opt === "adam" ? 3 : 1, floor.readBytes),
    ];
    for (const p of peers) {
      if (p.impl === "torch-autograd" && opt === "sign") continue;
      contenders.push(pythonContender(pool, p, { mode, opt, lr: lrs[opt] }));
    }
    const t = await rounds(contenders, () => steps, ROUNDS, 2);
    const z = t.get("zipflab");
    const name = lazy ? "lazy Adam (SparseAdam)" : opt;
    rows.push([
      `${mode === "full" ? "full batch" : "mini-batch"}, ${name}, per step`,
      ...columns.map((k) => cell(t.get(k))),
      ...columns.slice(1).map((k) => formatRatio(ratio(t.get(k), z, median))),
    ]);
    times.push({ label: name, times: t });
    faults.push([`zipflab ${name}`, t.get("zipflab")]);
    for (const p of peers) faults.push([`${p.label} ${name}`, t.get(p.key)]);
  }
  return { mode, rows, header, checks, faults, times };
}

function printSection(s: BigramSection): void {
  console.log(
    table(
      s.header,
      s.rows,
      s.header.map((_, i) => i > 0),
    ),
  );
  console.log();
  console.log(
    "Floors, timed in the same rounds: the f32x4 exp of assembly/math/expf.ts alone over the step's entries (rows in cache), and the step's memory traffic alone (W read and written, Adam's m and v too; full batch: the 4·d²-byte targets read):\n",
  );
  console.log(floorsTable(s.times.map(({ label, times }) => ({ label, times, step: "zipflab", stepLabel: "zipflab" }))));
  console.log();
  console.log(goalsTable(s.times.flatMap(({ label, times }) => stepGoals(s.mode, label, times, times.get("zipflab")))));
  console.log();
  console.log(`Same loss first (${CHECK_STEPS} steps from W = 0, L in f64 of each implementation's weights):\n`);
  console.log(checksTable(s.checks));
  console.log();
  console.log(
    "Page faults during the timed steps (zipflab: process.resourceUsage around the run loop; the peers: getrusage around their steps):\n",
  );
  console.log(faultsTable(s.faults));
  console.log();
  if (s.checks.some((c) => !c.ok)) process.exitCode = 1;
}

async function bigram(core: Core, pool: PeerPool): Promise<void> {
  const scratch = scratchDir();
  try {
    const d = QUICK ? 500 : 2000;
    console.log(`## Full-batch bigram softmax step, d = ${d} (expected counts, random ranking; the bare step, no records)\n`);
    console.log(
      `η: SGD ${LR.sgd}, Adam ${LR.adam}; per step, median of ${ROUNDS} alternated samples of ${QUICK ? 5 : 20} steps (fastest in parentheses); ratios of medians.\n`,
    );
    const full = bigramSoftmaxProblem({ d });
    const files = exportProblem(core, full, scratch.dir);
    const fullPeers = FULL_PEERS.filter((p) => pool.available(p));
    await pool.broadcast(files.load, fullPeers);
    printSection(
      await bigramSection(
        core,
        pool,
        full,
        files,
        "full",
        ["sgd", "adam"],
        fullPeers,
        (opt, eps) => softmaxFullJs(d, files.rowWeights, files.target, opt, LR[opt], eps),
        QUICK ? 5 : 20,
        { rowLen: d, entries: d * d, readBytes: files.load.targets ? 4 * d * d : 0 },
      ),
    );
    await pool.close();

    const dm = QUICK ? 2000 : 10_000,
      B = 256,
      steps = QUICK ? 20 : 100;
    console.log(`## Mini-batch bigram softmax step, d = ${dm}, batch ${B} (gather, softmax, scatter over the sampled rows)\n`);
    const mini = bigramSoftmaxProblem({ d: dm, batch: B, permutation: "identity" });
    const miniFiles = exportProblem(core, mini, scratch.dir);
    const pairsPath = join(scratch.dir, "pairs.i32");
    const { pairs, distinctRows } = exportBatches(core, mini, Math.max(steps, CHECK_STEPS), pairsPath);
    console.log(
      `Expected counts, identity ranking; every implementation replays zipflab's own batches (${distinctRows.toFixed(1)} distinct rows a step); η: SGD ${LR_MINI.sgd}, sign ${LR_MINI.sign}, lazy Adam ${LR_MINI.adam}; median of ${ROUNDS} samples of ${steps} steps.\n`,
    );
    const miniPeers = MINI_PEERS.filter((p) => pool.available(p));
    await pool.broadcast(miniFiles.load, miniPeers);
    await pool.broadcast({ cmd: "batches", batch: B, pairs: pairsPath }, miniPeers);
    printSection(
      await bigramSection(
        core,
        pool,
        mini,
        miniFiles,
        "mini",
        ["sgd", "sign", "adam"],
        miniPeers,
        (opt, eps) => softmaxMiniJs(dm, B, pairs, opt, LR_MINI[opt], eps),
        steps,
        { rowLen: dm, entries: Math.round(distinctRows * dm), readBytes: 0 },
      ),
    );
    // exact lazy Adam: no peer computes it (PyTorch's SparseAdam is lazy=true)
    const exact = resolveOptimizer({ name: "adam", lazy: "exact" }, LR.adam);
    const chain = fuse(buildChain(exact));
    const t = await rounds(
      [
        {
          key: "exact",
          label: "exact",
          async run(n) {
            const timed = timedLoop(core);
            runWasm(core, mini, chain, {
              steps: n,
              seed: 0,
              recordSteps: [],
              recordWeights: false,
              recordExactLoss: false,
              views: true,
              lazy: usesLazyUpdates(exact),
              runSteps: timed.runSteps,
            });
            return timed.sample(n);
          },
        },
      ],
      () => steps,
      ROUNDS,
      2,
    );
    console.log(`zipflab adam:lazy=exact (dense Adam's result, no peer): ${cell(t.get("exact"))} per step\n`);
  } finally {
    await pool.close();
    scratch.done();
  }
}

async function main(): Promise<void> {
  console.log("# zipflab against NumPy, PyTorch and plain JS\n");
  const flags = [QUICK ? "--quick" : "", ONLY_SIX ? "--only six-token" : ""].filter(Boolean).join(" ");
  console.log(`- date: ${new Date().toISOString()}; command: \`npm run bench:peers${flags ? ` -- ${flags}` : ""}\``);
  console.log(`- machine: ${formatMachine(describeMachine())}; load average (1 min) ${loadAverage()}`);
  for (const line of await describePython(PYTHON, PYTHON_TRIED)) console.log(line);
  const np = PYTHON?.numpy ?? null;
  console.log(`- ${ROUNDS} rounds of every implementation in turn`);
  console.log();
  const core = await instantiateCore();
  const six = await sixToken(np !== null);
  if (ONLY_SIX) {
    console.log("## Ratios (peer time ÷ zipflab time: above 1× zipflab is faster)\n");
    printRows([six], ["zipflab", "plain JS", ...(np ? ["NumPy"] : [])]);
    return;
  }
  const adam = denseAdam(core, np !== null);
  console.log("## Ratios (peer time ÷ zipflab time: above 1× zipflab is faster)\n");
  printRows([six, adam], ["zipflab", "plain JS", ...(np ? ["NumPy"] : [])]);
  await bigram(core, new PeerPool(PYTHON));
}

await main();
