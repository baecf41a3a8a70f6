// Bigram softmax step against NumPy, side by side in one run:
//   full batch, d = 2000, as `zipflab run bigram-softmax` runs it (300 steps, --record log:100,
//   loss and per-class losses recorded) — SGD and Adam; NumPy f32 and f64 run the same steps
//   (loss every step, per-class loss at the same recorded steps) on the same counts, and the
//   losses L(w_t) must agree;
//   mini-batch, d = 1e3 and 1e4, batch 256: SGD, sign, lazy Adam against NumPy's
//   gather–softmax–scatter step (checked to compute the same loss on the same batch).
// `npm run bench:softmax` (needs python3 with NumPy; skips NumPy otherwise).
import { BIGRAM_SOFTMAX_BLOCK, RNG_BLOCK, TOUCHED_ROWS_BLOCK } from "../src/layout/generated.js";
import { readField, writeBlock } from "../src/layout/block.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { tmpdir, availableParallelism } from "node:os";
import { join } from "node:path";
import { runProblemExperiment } from "../src/experiments/run/run.js";
import { parseRecording, recordSteps } from "../src/loop/record-steps.js";
import { fuse } from "../src/optimizers/chain.js";
import { buildChain, resolveOptimizer, usesLazyUpdates } from "../src/optimizers/registry.js";
import { runWasm } from "../src/loop/wasm.js";
import { threadedCore } from "../src/loop/threads.js";
import { instantiateCore, type Core } from "../src/wasm/load.js";
import { formatRatio, formatTime, table } from "./format.js";
import { describeMachine, formatMachine, loadAverage } from "./machine.js";
import { bigramSoftmaxProblem } from "../src/problems/bigram-softmax/declaration.js";

const D_FULL = 2000;
const STEPS = Number(process.env.SOFTMAX_STEPS ?? 300);
const RECORD = "log:100";
const ROUNDS = 3;
const LR = 0.01;
const here = new URL(".", import.meta.url).pathname;
const script = join(here, "..", "..", "bench", "softmax_ref.py");
const numpyEnv: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
delete numpyEnv.OPENBLAS_CORETYPE;
delete numpyEnv.OPENBLAS_L2_SIZE;

function numpy(args: string[]): Record<string, unknown> | null {
  try {
    return JSON.parse(execFileSync("python3", [script, ...args], { env: numpyEnv, encoding: "utf8", maxBuffer: 1 << 26 }));
  } catch (e) {
    console.log(`NumPy reference skipped: ${(e as Error).message.split("\n")[0]}`);
    return null;
  }
}

/** c_ik/N of the default problem as a d×d f64 file, written row by row. */
function writeCounts(path: string): void {
  const p = bigramSoftmaxProblem({ d: D_FULL });
  const fd = openSync(path, "w");
  const row = new Float64Array(D_FULL);
  p.forEachRow((_i, cols, counts, n) => {
    row.fill(0);
    for (let e = 0; e < n; e++) row[cols[e]] = counts[e] / p.pairs;
    writeSync(fd, new Uint8Array(row.buffer));
  });
  closeSync(fd);
}

async function fullBatch(dir: string, threads: number[]): Promise<string[][]> {
  const counts = join(dir, "counts.f64");
  writeCounts(counts);
  const record = recordSteps(parseRecording(RECORD), STEPS).map((t) => t).join(",");
  const rows: string[][] = [];
  for (const opt of ["sgd", "adam"]) {
    // fastest of ROUNDS runs per thread count, the counts alternated: this VM's speed drifts
    // by ±20% from minute to minute, and a single run of each compared two different minutes
    const times = threads.map(() => Infinity);
    let losses: number[] = [];
    const cores = await Promise.all(threads.map((n) => (n > 1 ? threadedCore(n) : undefined)));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [j, core] of cores.entries()) {
        const r = await runProblemExperiment({ problem: "bigram-softmax", config: { d: D_FULL }, optimizers: [opt], lr: LR, steps: STEPS, record: RECORD }, { core });
        times[j] = Math.min(times[j], (r.runs[0].seconds * 1000) / STEPS);
        losses = r.runs[0].loss.slice(1, 6) as number[];
      }
    }
    for (const core of cores) await core?.close();
    const f32 = numpy(["full", String(D_FULL), String(STEPS), opt, "f32", counts, record, String(LR)]);
    const f64 = numpy(["full", String(D_FULL), String(STEPS), opt, "f64", counts, record, String(LR)]);
    // L(w_t) for t = 1..5 from zipflab's records against NumPy f64's losses (at the start of step t + 1)
    const ref = (f64?.loss as number[] | undefined)?.slice(1, 6) ?? [];
    const agree = ref.length ? Math.max(...ref.map((x, j) => Math.abs(x - losses[j]) / Math.abs(x))) : NaN;
    const np32 = (f32?.ms as number) ?? NaN;
    const np64 = (f64?.ms as number) ?? NaN;
    rows.push([opt, ...times.map(formatTime), formatTime(np32), formatTime(np64),
      formatRatio(np32 / times[0]), formatRatio(np64 / times[0]),
      ...(threads.length > 1 ? [formatRatio(times[0] / times[1])] : []), agree.toExponential(1)]);
  }
  return rows;
}

function miniStepMs(core: Core, d: number, spec: Record<string, unknown>): number {
  const problem = bigramSoftmaxProblem({ d, batch: 256, counts: "sampled", pairs: 1_000_000, alpha: 1 });
  const config = resolveOptimizer(spec, 1e-3);
  const transforms = fuse(buildChain(config));
  const run = (steps: number) => {
    const start = performance.now();
    runWasm(core, problem, transforms, { steps, seed: 0, recordSteps: [], recordWeights: false, recordExactLoss: false, lazy: usesLazyUpdates(config), views: true });
    return performance.now() - start;
  };
  let best = Infinity;
  for (let r = 0; r < 3; r++) best = Math.min(best, (run(300) - run(50)) / 250);
  return best;
}

/** One mini-batch gradient at random W on zipflab's own batch, recomputed by NumPy: the losses must agree. */
function miniCheck(core: Core, dir: string): number {
  const d = 200;
  const B = 256;
  const problem = bigramSoftmaxProblem({ d, batch: B, counts: "sampled", pairs: 100_000 });
  const { arena, exports } = core;
  arena.reset();
  const w = arena.allocF32(d * d);
  const ww = arena.f32(w, d * d);
  for (let j = 0; j < d * d; j++) ww[j] = Math.sin(j) * 0.5;
  const wCopy = ww.slice();
  const g = arena.allocF32(d * d);
  const rng = arena.alloc(RNG_BLOCK.bytes);
  arena.u32(rng, 4).set([1, 2, 3, 4]);
  const prob = problem.layout(arena, rng);
  const touched = arena.alloc(16);
  const mark = arena.alloc(d);
  const rowsPtr = arena.alloc(4 * d);
  writeBlock(arena.view(), touched, TOUCHED_ROWS_BLOCK, { rowLen: d, mark, rows: rowsPtr, nTouched: 0 });
  const loss = exports.bigramSoftmaxGradient(prob, w, g, touched);
  const view = arena.view();
  // the batch the kernel drew: each sample's row i and class k
  const classes = readField(view, prob, BIGRAM_SOFTMAX_BLOCK, "samples");
  const rows = readField(view, prob, BIGRAM_SOFTMAX_BLOCK, "sampleRows");
  const pairs = new Int32Array(2 * B);
  for (let b = 0; b < B; b++) {
    pairs[2 * b] = view.getInt32(rows + 4 * b, true);
    pairs[2 * b + 1] = view.getInt32(classes + 4 * b, true);
  }
  writeFileSync(join(dir, "w.f32"), new Uint8Array(wCopy.buffer));
  writeFileSync(join(dir, "pairs.i32"), new Uint8Array(pairs.buffer));
  const ref = numpy(["minicheck", String(d), String(B), join(dir, "w.f32"), join(dir, "pairs.i32")]);
  return ref ? Math.abs((ref.loss as number) - loss) / Math.abs(ref.loss as number) : NaN;
}

/** Sections to run: `full`, `mini` or both (no argument). */
function sections(): Set<string> {
  const args = process.argv.slice(2);
  const known = ["full", "mini"];
  const bad = args.filter((a) => !known.includes(a));
  if (args.includes("--help") || bad.length) {
    console.log("usage: npm run bench:softmax [-- full|mini]   (default: both sections)");
    process.exit(bad.length && !args.includes("--help") ? 2 : 0);
  }
  return new Set(args.length ? args : known);
}

async function main(): Promise<void> {
  const only = sections();
  const dir = mkdtempSync(join(tmpdir(), "zipflab-softmax-"));
  try {
    const cores = availableParallelism();
    console.log("# Bigram softmax step: zipflab against NumPy\n");
    console.log(`- date: ${new Date().toISOString()}; machine: ${formatMachine(describeMachine())}; load average ${loadAverage()}`);
    console.log(`- NumPy: one BLAS thread; full batch ${STEPS} steps from W = 0, η = ${LR}, --record ${RECORD}`);
    console.log(`- zipflab full batch: fastest of ${ROUNDS} runs per thread count, alternated\n`);
    const threads = cores > 1 ? [1, cores] : [1];
    const header = ["optimizer", ...threads.map((n) => `zipflab ${n} thread${n > 1 ? "s" : ""}`), "NumPy f32", "NumPy f64",
      "vs f32 (1 thr)", "vs f64 (1 thr)", ...(threads.length > 1 ? [`speed-up ${cores} threads`] : []), "loss rel. diff"];
    if (only.has("full")) {
      console.log(`## Full batch, d = ${D_FULL}, per step as \`zipflab run bigram-softmax\` runs it\n`);
      const full = await fullBatch(dir, threads);
      console.log(table(header, full, header.map((_, c) => c > 0)));
    }
    if (!only.has("mini")) return;

    const core = await instantiateCore();
    console.log("\n## Mini-batch, batch 256, sampled counts (10⁶ pairs), per step\n");
    const rows: string[][] = [];
    for (const [label, spec, np] of [["sgd", { name: "sgd" }, "sgd"], ["sign", { name: "sign" }, "sign"],
      ["adam lazy", { name: "adam", lazy: true }, "adam"]] as const) {
      const z = [1000, 10_000].map((d) => miniStepMs(core, d, spec));
      const ref = [1000, 10_000].map((d) => (numpy(["mini", String(d), "256", "200", np])?.ms as number) ?? NaN);
      rows.push([label, formatTime(z[0]), formatTime(z[1]), formatTime(ref[0]), formatTime(ref[1]),
        formatRatio(ref[0] / z[0]), formatRatio(ref[1] / z[1]), formatRatio(z[1] / z[0])]);
    }
    console.log(table(["optimizer", "zipflab d=1e3", "zipflab d=1e4", "NumPy d=1e3", "NumPy d=1e4", "vs NumPy 1e3", "vs NumPy 1e4", "growth 1e3→1e4"],
      rows, [false, true, true, true, true, true, true, true]));
    console.log(`\nSame numbers: one mini-batch loss at d = 200 on zipflab's batch, NumPy f64 relative difference ${miniCheck(core, dir).toExponential(1)}.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
