// Sweep throughput: one CPU-bound sweep run on 1 thread and on more (worker threads, the main
// thread included), in cells per second and as a speed-up over 1 thread. Each run writes a
// fresh results file, and worker start-up counts: this is what `zipflab sweep` costs.
//   npm run build && node dist/bench/sweep.js [--threads 1,2] [--cells 48] [--steps 20000] [--repeats 3]
// For the 2-core figure pin the process to two cores: taskset -c 0,1 node dist/bench/sweep.js
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { expandSweep } from "../src/sweep/expand.js";
import { parseSpec } from "../src/sweep/spec.js";
import { runSweep } from "../src/sweep/sweep.js";

const { values } = parseArgs({
  options: {
    threads: { type: "string", default: "1,2" },
    cells: { type: "string", default: "48" },
    steps: { type: "string", default: "20000" },
    repeats: { type: "string", default: "3" },
  },
});
const threadCounts = values.threads.split(",").map(Number);
const cells = Number(values.cells);
const repeats = Number(values.repeats);

// Six-token cells (batch 32) over 4 optimizers × seeds: every cell costs about the same.
const optimizers = ["sgd", "adam", "sign", "signum"];
const sweep = expandSweep(parseSpec({
  problem: "tokens",
  fixed: { steps: Number(values.steps), batch: 32, lr: 0.01 },
  grid: { optimizer: optimizers, seed: Array.from({ length: Math.ceil(cells / optimizers.length) }, (_, i) => i) },
}));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(join(tmpdir(), "zipflab-bench-sweep-"));

console.log(`sweep benchmark: ${sweep.cells.length} six-token cells × ${values.steps} steps; ` +
  `${availableParallelism()} cores available (${cpus()[0]?.model ?? "?"}), Node ${process.version}`);
// Repeats interleave the thread counts, so that a burst of load from elsewhere hits all alike.
const runs = new Map<number, number[]>(threadCounts.map((t) => [t, []]));
for (let r = 0; r < repeats; r++) {
  for (const threads of threadCounts) {
    const out = join(dir, `t${threads}-r${r}.jsonl`);
    const outcome = await runSweep(sweep, { out, threads });
    runs.get(threads)!.push(outcome.ran / outcome.seconds);
    rmSync(out);
  }
}
const rows = threadCounts.map((threads) => ({ threads, rate: median(runs.get(threads)!), runs: runs.get(threads)! }));
rmSync(dir, { recursive: true, force: true });

const base = rows.find((r) => r.threads === 1)?.rate ?? rows[0].rate;
console.log("\n| threads | cells/s (median) | runs | speed-up vs 1 thread |\n|---:|---:|---|---:|");
for (const r of rows) {
  console.log(`| ${r.threads} | ${r.rate.toFixed(2)} | ${r.runs.map((x) => x.toFixed(2)).join(", ")} | ${(r.rate / base).toFixed(2)}× |`);
}
