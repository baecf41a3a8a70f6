// Sweep throughput: one CPU-bound sweep run on 1 thread and on more (worker threads, the main
// thread included), in cells per second and as a speed-up over 1 thread. Each run writes a
// fresh results file, and worker start-up counts: this is what `zipflab sweep` costs.
//   npm run build && node dist/bench/sweep.js [--threads 1,2] [--cells 96] [--steps 20000] [--repeats 5]
// For a 2-core figure on a bigger machine pin the process: taskset -c 0,1 node dist/bench/sweep.js
// On a shared machine other processes' CPU use (read from /proc/stat during each run) spoils a
// run; only runs where it stayed under 5% of the cores count, and runs repeat until `repeats`
// clean ones per thread count are in (or --max-seconds pass).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { expandSweep } from "../src/sweep/expand.js";
import { parseSpec } from "../src/sweep/spec.js";
import { runSweep } from "../src/sweep/sweep.js";
import { SWEEP_RUNNERS } from "../src/experiments/sweep-runners.js";

const { values } = parseArgs({
  options: {
    threads: { type: "string", default: "1,2" },
    cells: { type: "string", default: "96" },
    steps: { type: "string", default: "20000" },
    repeats: { type: "string", default: "5" },
    "max-seconds": { type: "string", default: "600" },
  },
});
const threadCounts = values.threads.split(",").map(Number);
const repeats = Number(values.repeats);
const cores = availableParallelism();
const CLEAN = 0.05;

// Six-token cells (batch 32) over 4 optimizers × seeds: every cell costs about the same.
const optimizers = ["sgd", "adam", "sign", "signum"];
const sweep = expandSweep(
  parseSpec({
    problem: "tokens",
    fixed: { steps: Number(values.steps), batch: 32, lr: 0.01 },
    grid: { optimizer: optimizers, seed: Array.from({ length: Math.ceil(Number(values.cells) / optimizers.length) }, (_, i) => i) },
  }),
  SWEEP_RUNNERS,
);

/** CPU-seconds all processes have spent busy (Linux; null elsewhere). USER_HZ is 100 on Linux. */
function systemBusySeconds(): number | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + fields[4];
    return (fields.reduce((a, b) => a + b, 0) - idle) / 100;
  } catch {
    return null;
  }
}

interface Run {
  rate: number;
  others: number;
}

async function timedRun(threads: number, out: string): Promise<Run> {
  const busy0 = systemBusySeconds();
  const own0 = process.cpuUsage();
  const outcome = await runSweep(sweep, { out, threads });
  const own = process.cpuUsage(own0);
  const busy1 = systemBusySeconds();
  rmSync(out);
  // Share of the machine's cores that other processes used while this run went on.
  const others =
    busy0 === null || busy1 === null
      ? 0
      : Math.max(0, busy1 - busy0 - (own.user + own.system) / 1e6) / (outcome.seconds * Math.min(cores, cpus().length));
  return { rate: outcome.ran / outcome.seconds, others };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(join(tmpdir(), "zipflab-bench-sweep-"));
console.log(
  `sweep benchmark: ${sweep.cells.length} six-token cells × ${values.steps} steps; ` +
    `${cores} cores available (${cpus()[0]?.model ?? "?"}), Node ${process.version}`,
);

// Rounds interleave the thread counts, so that slow drifts hit all alike.
const runs = new Map<number, Run[]>(threadCounts.map((t) => [t, []]));
const clean = (t: number) => runs.get(t)!.filter((r) => r.others < CLEAN);
const deadline = performance.now() + Number(values["max-seconds"]) * 1000;
for (let round = 0; threadCounts.some((t) => clean(t).length < repeats) && performance.now() < deadline; round++) {
  for (const threads of threadCounts) runs.get(threads)!.push(await timedRun(threads, join(dir, `t${threads}-r${round}.jsonl`)));
}
rmSync(dir, { recursive: true, force: true });

const rows = threadCounts.map((threads) => {
  const ok = clean(threads).map((r) => r.rate);
  return { threads, median: ok.length ? median(ok) : NaN, best: ok.length ? Math.max(...ok) : NaN, ok: ok.length, all: runs.get(threads)! };
});
const one = rows.find((r) => r.threads === 1) ?? rows[0];
console.log(`\nclean runs: other processes used < ${CLEAN * 100}% of the cores meanwhile\n`);
console.log("| threads | cells/s (median of clean) | best | speed-up (median) | speed-up (best) | clean / all runs |");
console.log("|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(
    `| ${r.threads} | ${r.median.toFixed(1)} | ${r.best.toFixed(1)} | ${(r.median / one.median).toFixed(2)}× | ` +
      `${(r.best / one.best).toFixed(2)}× | ${r.ok} / ${r.all.length} |`,
  );
}
console.log("\nall runs (cells/s @ others' share of the cores):");
for (const r of rows)
  console.log(`  ${r.threads} thread(s): ${r.all.map((x) => `${x.rate.toFixed(1)}@${(x.others * 100).toFixed(0)}%`).join(", ")}`);
