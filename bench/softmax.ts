// `npm run bench:softmax`: the bigram softmax core against its peers, one thread each (issue 20;
// docs/benchmarks-peers.md, docs/performance.md):
//   full batch, d = 2000, as `zipflab run bigram-softmax --d 2000` runs it (300 steps from W = 0,
//     --record log:100: the loss every step, per-class losses at the 67 recorded steps, non-zero
//     counts), SGD and Adam, 1 and 2 threads; NumPy f32/f64 in place, PyTorch f32/f64 in place,
//     PyTorch autograd + torch.optim, each running the same 300 steps with the same records;
//   mini-batch, d = 10⁴, batch 256, SGD, sign and lazy Adam (SparseAdam semantics), 300 steps
//     replaying zipflab's own batches; NumPy f32, PyTorch index_add_, PyTorch Embedding(sparse) +
//     torch.optim;
//   the floors, timed in the same rounds: the f32x4 exp of assembly/math alone over the step's
//     entries, and the step's memory traffic alone (bytes below), each step as a multiple of them.
// Every peer first reaches zipflab's loss (bench/softmax-peers.ts). Rounds alternate all
// contenders; medians (and fastest samples) over the rounds; ratios = peer ÷ zipflab (above 1×
// zipflab is faster).
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { runProblemExperiment } from "../src/experiments/run/run.js";
import { parseRecording, recordSteps } from "../src/loop/record-steps.js";
import { bigramSoftmaxProblem } from "../src/problems/bigram-softmax/declaration.js";
import { threadedCore, type ThreadedCore } from "../src/loop/threads.js";
import { runWasm } from "../src/loop/wasm.js";
import { instantiateCore, type Core } from "../src/wasm/load.js";
import { formatRatio, formatTime, table } from "./format.js";
import { cell, checksTable, faultsTable, floorContenders, floorsTable, goalsTable, stepGoals, type Goal } from "./softmax-tables.js";
import { describeMachine, formatMachine } from "./machine.js";
import { describePython, findPython } from "./peers/python.js";
import {
  CHECK_EPS_LAZY,
  CHECK_STEPS,
  FULL_PEERS,
  MINI_PEERS,
  PeerPool,
  chainOf,
  exportBatches,
  exportProblem,
  median,
  pythonContender,
  rounds,
  sameLoss,
  scratchDir,
  timedLoop,
  type Check,
  type Contender,
  type Opt,
  type Timing,
} from "./softmax-peers.js";

const USAGE = `Usage: npm run bench:softmax [-- [full] [mini] [--rounds N] [--quick]]

  full        full batch, d = 2000, SGD and Adam, as \`zipflab run\` runs it (1 and 2 threads)
  mini        mini-batch, d = 10⁴, batch 256, SGD, sign, lazy Adam
  --rounds N  samples per contender, alternated (default 3)
  --quick     d = 500 / 2000, 60 steps: a smoke run
Python peers: the first of $ZIPFLAB_PYTHON, python3, /usr/bin/python3 that imports NumPy (one
that also imports torch preferred); without torch the PyTorch columns are skipped.`;

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: "string", default: "3" },
    quick: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
const bad = positionals.filter((p) => p !== "full" && p !== "mini");
const ROUNDS = Number(flags.rounds);
if (flags.help || bad.length || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.log(USAGE);
  process.exit(flags.help ? 0 : 2);
}
const SECTIONS = new Set(positionals.length ? positionals : ["full", "mini"]);
const QUICK = flags.quick;
const D_FULL = QUICK ? 500 : 2000;
const D_MINI = QUICK ? 2000 : 10_000;
const BATCH = 256;
const STEPS = QUICK ? 60 : 300;
const RECORD = "log:100";
const LR: Record<Opt, number> = { sgd: 10, sign: 0.01, adam: 0.01 };
/** Mini-batches: SGD's step is 1 (10 on 256 samples moves a sampled entry by 0.04 a sample). */
const LR_MINI: Record<Opt, number> = { ...LR, sgd: 1 };
const THREADS = Math.min(2, availableParallelism());

async function fullBatch(pool: PeerPool, core: Core, cores: (ThreadedCore | undefined)[], dir: string): Promise<string[]> {
  const out: string[] = [];
  const print = (s = "") => {
    console.log(s);
    out.push(s);
  };
  const problem = bigramSoftmaxProblem({ d: D_FULL });
  const files = exportProblem(core, problem, dir);
  const peers = FULL_PEERS.filter((p) => pool.available(p));
  await pool.broadcast(files.load, peers);
  const record = recordSteps(parseRecording(RECORD), STEPS);
  print(`## Full batch, d = ${D_FULL}, as \`zipflab run bigram-softmax --d ${D_FULL}\` runs it\n`);
  print(
    `${STEPS} steps from W = 0 per sample, --record ${RECORD} (${record.length} recorded steps: loss every step, per-class losses and non-zero counts as the run keeps them), expected counts with the default random ranking (the targets c_ik/N as one f32 table of 4·d² bytes). η: SGD ${LR.sgd}, Adam ${LR.adam}. Times: median of ${ROUNDS} alternated samples (fastest in parentheses), per step.\n`,
  );
  const times: Record<string, Map<string, Timing>> = {};
  const allChecks: Check[] = [];
  for (const opt of ["sgd", "adam"] as const) {
    const lr = LR[opt];
    // same loss first: every implementation from W = 0, CHECK_STEPS steps, L(W) in f64
    const { transforms, lazy } = chainOf(opt, lr, false);
    allChecks.push(...(await sameLoss({ core, pool, problem, files, peers, opt, lr, mode: "full" })));
    // rounds
    const contenders: Contender[] = [];
    for (const threaded of cores) {
      const threads = threaded ? threaded.threads : 1;
      contenders.push({
        key: `zipflab-${threads}`,
        label: `zipflab ${threads} thread${threads > 1 ? "s" : ""}`,
        async run(steps) {
          const target = threaded ?? core;
          const timed = timedLoop(target);
          await runProblemExperiment(
            { problem: "bigram-softmax", config: { d: D_FULL }, optimizers: [opt], lr, steps, record: RECORD },
            { core: { exports: target.exports, arena: target.arena, runSteps: timed.runSteps, threads } },
          );
          return timed.sample(steps);
        },
      });
    }
    contenders.push({
      key: "zipflab-bare",
      label: "zipflab bare step",
      async run(steps) {
        const timed = timedLoop(core);
        runWasm(core, problem, transforms, {
          steps,
          seed: 0,
          recordSteps: [],
          recordWeights: false,
          recordExactLoss: false,
          views: true,
          lazy,
          runSteps: timed.runSteps,
        });
        return timed.sample(steps);
      },
    });
    contenders.push(...floorContenders(core, D_FULL, D_FULL * D_FULL, opt === "adam" ? 3 : 1, 4 * D_FULL * D_FULL));
    for (const p of peers) {
      contenders.push(pythonContender(pool, p, { mode: "full", opt, lr, record: record.map((t) => t + 1) }));
    }
    times[opt] = await rounds(contenders, () => STEPS, ROUNDS);
  }
  const columns: [string, string][] = [
    ["zipflab-1", "zipflab 1 thread"],
    ...(THREADS > 1 ? [[`zipflab-${THREADS}`, `zipflab ${THREADS} threads`] as [string, string]] : []),
    ...FULL_PEERS.map((p) => [p.key, p.label] as [string, string]),
  ];
  print(
    table(
      ["optimizer", ...columns.map(([, l]) => l)],
      ["sgd", "adam"].map((opt) => [opt, ...columns.map(([k]) => cell(times[opt].get(k)))]),
      [false, ...columns.map(() => true)],
    ),
  );
  print();
  print(
    "Floors, timed in the same rounds: the f32x4 exp of assembly/math/expf.ts alone over the d² entries (rows in cache), and the step's memory traffic alone (W read and written, Adam's m and v too, the 4·d²-byte targets read):\n",
  );
  print(
    table(
      [
        "optimizer",
        "exp floor",
        "traffic floor",
        "zipflab bare step",
        "bare ÷ exp floor",
        "bare ÷ traffic floor",
        "as run (1 thread) ÷ exp floor",
      ],
      ["sgd", "adam"].map((opt) => {
        const t = times[opt];
        const bare = median(t.get("zipflab-bare")!.samples),
          exp = median(t.get("floor-exp")!.samples),
          traffic = median(t.get("floor-traffic")!.samples);
        return [
          opt,
          formatTime(exp),
          formatTime(traffic),
          formatTime(bare),
          formatRatio(bare / exp),
          formatRatio(bare / traffic),
          formatRatio(median(t.get("zipflab-1")!.samples) / exp),
        ];
      }),
      [false, true, true, true, true, true, true],
    ),
  );
  print();
  const goals: Goal[] = [];
  for (const opt of ["sgd", "adam"]) {
    const z = times[opt].get("zipflab-1");
    goals.push(...stepGoals("full", opt, times[opt], z));
    if (THREADS > 1)
      goals.push({
        what: `${opt}: zipflab 1 thread ÷ ${THREADS} threads`,
        peer: z,
        zipflab: times[opt].get(`zipflab-${THREADS}`),
        goal: 1.7,
      });
  }
  print(goalsTable(goals));
  print();
  print(
    `Same loss first (${CHECK_STEPS} steps from W = 0, η as above; L in f64 of each implementation's weights; tolerance 1e-8 relative for f32 implementations, 1e-7 against f64 ones: bench/softmax-peers.ts, CHECK_TOLERANCE, says why):\n`,
  );
  print(checksTable(allChecks));
  print();
  print(
    "Page faults during the timed steps (zipflab: process.resourceUsage around the run loop; the peers: getrusage around their steps):\n",
  );
  print(
    faultsTable(
      ["sgd", "adam"].flatMap((opt) =>
        [
          ["zipflab-1", "zipflab 1 thread"],
          [`zipflab-${THREADS}`, `zipflab ${THREADS} threads`],
          ...FULL_PEERS.map((p) => [p.key, p.label]),
        ].map(([key, label]) => [`${label} ${opt}`, times[opt].get(key)] as [string, Timing | undefined]),
      ),
    ),
  );
  print();
  return out;
}

async function miniBatch(pool: PeerPool, core: Core, dir: string): Promise<void> {
  const problem = bigramSoftmaxProblem({ d: D_MINI, batch: BATCH, permutation: "identity" });
  const files = exportProblem(core, problem, dir);
  const pairsPath = `${dir}/pairs.i32`;
  const { distinctRows } = exportBatches(core, problem, Math.max(STEPS, CHECK_STEPS), pairsPath);
  const peers = MINI_PEERS.filter((p) => pool.available(p));
  await pool.broadcast(files.load, peers);
  await pool.broadcast({ cmd: "batches", batch: BATCH, pairs: pairsPath }, peers);
  console.log(`## Mini-batch, d = ${D_MINI}, batch ${BATCH}\n`);
  console.log(
    `Expected counts, identity ranking (i ~ π, k ~ π); every implementation replays zipflab's own ${Math.max(STEPS, CHECK_STEPS)} batches (${distinctRows.toFixed(1)} distinct rows a step on average), ${STEPS} steps from W = 0 per sample. η: SGD ${LR_MINI.sgd}, sign ${LR_MINI.sign}, lazy Adam ${LR_MINI.adam}. Median of ${ROUNDS} alternated samples (fastest in parentheses), per step.\n`,
  );
  const times: Record<string, Map<string, Timing>> = {};
  const allChecks: Check[] = [];
  const entries = Math.round(distinctRows * D_MINI);
  for (const opt of ["sgd", "sign", "adam"] as const) {
    const lr = LR_MINI[opt];
    const lazy = opt === "adam";
    allChecks.push(...(await sameLoss({ core, pool, problem, files, peers, opt, lr, mode: "mini" })));
    const timedChain = chainOf(opt, lr, lazy);
    const contenders: Contender[] = [
      {
        key: "zipflab",
        label: "zipflab",
        async run(steps) {
          const timed = timedLoop(core);
          runWasm(core, problem, timedChain.transforms, {
            steps,
            seed: 0,
            recordSteps: [],
            recordWeights: false,
            recordExactLoss: false,
            countNonzero: true,
            views: true,
            lazy: timedChain.lazy,
            runSteps: timed.runSteps,
          });
          return timed.sample(steps);
        },
      },
      ...floorContenders(core, D_MINI, entries, opt === "adam" ? 3 : 1, 0),
    ];
    for (const p of peers) {
      if (p.impl === "torch-autograd" && opt === "sign") continue;
      contenders.push(pythonContender(pool, p, { mode: "mini", opt, lr }));
    }
    times[opt] = await rounds(contenders, () => STEPS, ROUNDS);
  }
  const label = { sgd: "sgd", sign: "sign", adam: "adam (lazy: SparseAdam)" } as Record<string, string>;
  const opts = ["sgd", "sign", "adam"];
  console.log(
    table(
      ["optimizer", "zipflab", ...MINI_PEERS.map((p) => p.label)],
      opts.map((o) => [label[o], cell(times[o].get("zipflab")), ...MINI_PEERS.map((p) => cell(times[o].get(p.key)))]),
      [false, true, ...MINI_PEERS.map(() => true)],
    ),
  );
  console.log();
  console.log(
    `Floors (same rounds), over the touched rows (${distinctRows.toFixed(1)} × d entries a step): exp alone, and W's rows read and written once (Adam: m and v too):\n`,
  );
  console.log(floorsTable(opts.map((o) => ({ label: label[o], times: times[o], step: "zipflab", stepLabel: "zipflab" }))));
  console.log();
  const goals = opts.flatMap((o) => stepGoals("mini", label[o], times[o], times[o].get("zipflab")));
  console.log(goalsTable(goals));
  console.log();
  console.log(
    `Same loss first (${CHECK_STEPS} steps from W = 0 on the same batches; the lazy-Adam check at ε = ${CHECK_EPS_LAZY}, where torch's SparseAdam, which adds ε before its bias correction, computes Adam's step):\n`,
  );
  console.log(checksTable(allChecks));
  console.log();
  console.log("Page faults during the timed steps:\n");
  console.log(
    faultsTable(
      opts.flatMap((o) =>
        [["zipflab", "zipflab"], ...MINI_PEERS.map((p) => [p.key, p.label])].map(
          ([key, l]) => [`${l} ${label[o]}`, times[o].get(key)] as [string, Timing | undefined],
        ),
      ),
    ),
  );
  console.log();
}

async function main(): Promise<void> {
  const { found: python, tried } = findPython();
  console.log("# Bigram softmax core: zipflab against NumPy and PyTorch, one thread each\n");
  const argv = process.argv.slice(2).join(" ");
  console.log(`- command: \`npm run bench:softmax${argv ? ` -- ${argv}` : ""}\`; date ${new Date().toISOString()}`);
  console.log(
    `- machine: ${formatMachine(describeMachine())}; load average (1, 5, 15 min) at the start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(", ")}`,
  );
  for (const line of await describePython(python, tried)) console.log(line);
  console.log();
  const pool = new PeerPool(python);
  const scratch = scratchDir();
  try {
    const core = await instantiateCore();
    if (SECTIONS.has("full")) {
      const threaded = THREADS > 1 ? await threadedCore(THREADS) : undefined;
      try {
        await fullBatch(pool, core, [undefined, ...(threaded ? [threaded] : [])], scratch.dir);
      } finally {
        await threaded?.close();
      }
      await pool.close();
    }
    if (SECTIONS.has("mini")) await miniBatch(pool, core, scratch.dir);
    console.log(
      `(load average at the end: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(", ")})`,
    );
  } finally {
    await pool.close();
    scratch.done();
  }
}

await main();
