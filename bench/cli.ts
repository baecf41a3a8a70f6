// Start-up of the command line as a user meets it: the wall time of whole `zipflab …`
// processes (node bin/zipflab.js, the built package), each command run --runs times,
// interleaved round by round so that load from elsewhere hits every command alike; the fastest
// run (the least disturbed) and the median, against the targets. `node -e 0` is the floor: Node's
// own start. Then a sweep of --cells small cells through `zipflab sweep`: its cells/s, where
// start-up is paid once per worker thread, not per cell. With --baseline DIR (another built
// checkout, e.g. of main) every command also runs from DIR's bin/zipflab.js in the same rounds,
// and the table gives the ratio of the medians: a comparison that load from elsewhere spoils less.
// NODE_EXTRA_CA_CERTS makes Node parse a certificate bundle at every start, before any of our
// code runs (~40 ms with Debian's); the commands run without it, and `node -e 0` with it is
// shown beside them when this shell sets it.
//   npm run bench:cli [-- --runs 10 --cells 1000 --sweep-runs 3 --baseline ../main]
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { describeMachine, formatMachine } from "./machine.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10" },
    cells: { type: "string", default: "1000" },
    "sweep-runs": { type: "string", default: "3" },
    baseline: { type: "string" },
  },
});
const runs = Number(values.runs);
const cellCount = Number(values.cells);
const sweepRuns = Number(values["sweep-runs"]);

// dist/bench/cli.js → the repository root.
const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
const BIN = join(ROOT, "bin/zipflab.js");
const BASELINE = values.baseline === undefined ? null : join(resolve(values.baseline), "bin/zipflab.js");
const dir = mkdtempSync(join(tmpdir(), "zipflab-bench-cli-"));

interface Case {
  name: string;
  args: string[];
  /** Target wall time in seconds (none: shown for information). */
  target?: number;
  /** The same command from the baseline checkout. */
  baseline?: string[];
  /** Run with this shell's environment as it is (the other cases drop NODE_EXTRA_CA_CERTS). */
  shellEnv?: boolean;
}

const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;
const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
delete childEnv.NODE_EXTRA_CA_CERTS;

const CASES: Case[] = [
  { name: "node -e 0 (Node's own start)", args: ["-e", "0"] },
  ...(EXTRA_CA === undefined ? [] : [{ name: "node -e 0 with this shell's NODE_EXTRA_CA_CERTS", args: ["-e", "0"], shellEnv: true }]),
  { name: "zipflab --version", args: [BIN, "--version"], target: 0.15 },
  { name: "zipflab --help", args: [BIN, "--help"], target: 0.15 },
  { name: "zipflab tokens --help", args: [BIN, "tokens", "--help"] },
  { name: "zipflab tokens (table only)", args: [BIN, "tokens"], target: 0.3 },
  { name: "zipflab tokens --figure F (SVG + PNG)", args: [BIN, "tokens", "--figure", join(dir, "tokens")], target: 1 },
  { name: "zipflab run bigram-softmax --d 500 --steps 1", args: [BIN, "run", "bigram-softmax", "--d", "500", "--steps", "1"] },
];

/** CPU-seconds all processes have spent busy since boot (Linux; null elsewhere). USER_HZ is 100. */
function systemBusySeconds(): number | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return (fields.reduce((a, b) => a + b, 0) - fields[3] - fields[4]) / 100;
  } catch {
    return null;
  }
}

/**
 * CPU-seconds (user + system) of this process's finished children, from /proc/self/stat
 * (cutime, cstime; USER_HZ = 100 on Linux), or null elsewhere. A child's CPU time excludes the
 * time it waited for a core, so on a loaded machine it shows its own cost better than wall time.
 */
function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

const cpuTimes = new Map<string, number[]>();

/** Runs `node args…` to completion; its wall time in seconds (its CPU time goes to cpuTimes). */
function timed(args: string[], shellEnv = false): number {
  const cpu0 = childrenCpuSeconds();
  const start = performance.now();
  const env = shellEnv ? { ...process.env, NO_COLOR: "1" } : childEnv;
  const r = spawnSync(process.execPath, args, { cwd: dir, encoding: "utf8", env });
  const seconds = (performance.now() - start) / 1000;
  const cpu1 = childrenCpuSeconds();
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const key = `${shellEnv ? "(shell env) " : ""}${args.join(" ")}`;
  if (cpu0 !== null && cpu1 !== null) cpuTimes.set(key, [...(cpuTimes.get(key) ?? []), cpu1 - cpu0]);
  return seconds;
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const cores = Math.min(availableParallelism(), cpus().length);

console.log(formatMachine(describeMachine()));
console.log(`load average (1 min) at the start: ${loadavg()[0].toFixed(2)}; ${runs} runs per command, interleaved`);
console.log(
  EXTRA_CA === undefined
    ? ""
    : `this shell sets NODE_EXTRA_CA_CERTS (${EXTRA_CA}), which Node parses at every start before any JavaScript runs: ` +
        "the commands run without it; its cost is the second row\n",
);

const busy0 = systemBusySeconds();
const start = performance.now();
if (BASELINE) for (const c of CASES) if (c.args[0] === BIN) c.baseline = [BASELINE, ...c.args.slice(1)];
const times = new Map<Case, number[]>(CASES.map((c) => [c, []]));
const baseTimes = new Map<Case, number[]>(CASES.map((c) => [c, []]));
// Warm the file cache first: every timed run then reads from memory.
for (const c of CASES) for (const args of [c.args, c.baseline]) if (args) timed(args, c.shellEnv);
for (let round = 0; round < runs; round++) {
  for (const c of CASES) {
    times.get(c)!.push(timed(c.args, c.shellEnv));
    if (c.baseline) baseTimes.get(c)!.push(timed(c.baseline));
  }
}
const busy1 = systemBusySeconds();
// Our own processes keep about one core busy: the share of the cores used elsewhere.
const othersShare =
  busy0 === null || busy1 === null
    ? null
    : Math.max(0, busy1 - busy0 - (performance.now() - start) / 1000) / (((performance.now() - start) / 1000) * cores);

const verdict = (seconds: number, target?: number) => (target === undefined ? "" : seconds <= target ? "met" : "MISSED");
const compared = BASELINE !== null;
// CPU time: the median over the timed runs (the warm-up run excluded), 10 ms resolution.
const cpu = (args: string[] | undefined, shellEnv = false) => {
  const t = args ? cpuTimes.get(`${shellEnv ? "(shell env) " : ""}${args.join(" ")}`)?.slice(1) : undefined;
  return t && t.length > 0 ? median(t).toFixed(2) : "";
};
console.log(
  `| command | min (s) | median (s) | CPU (s) | target (s) | min | median |` +
    `${compared ? " baseline min (s) | baseline median (s) | baseline CPU (s) | median ÷ baseline |" : ""}`,
);
console.log(`|---|---:|---:|---:|---:|---|---|${compared ? "---:|---:|---:|---:|" : ""}`);
for (const c of CASES) {
  const t = times.get(c)!;
  const b = baseTimes.get(c)!;
  const base = !compared
    ? ""
    : b.length === 0
      ? " | | | |"
      : ` ${Math.min(...b).toFixed(3)} | ${median(b).toFixed(3)} | ${cpu(c.baseline)} | ${(median(t) / median(b)).toFixed(2)} |`;
  console.log(
    `| \`${c.name}\` | ${Math.min(...t).toFixed(3)} | ${median(t).toFixed(3)} | ${cpu(c.args, c.shellEnv)} | ${c.target ?? ""} | ` +
      `${verdict(Math.min(...t), c.target)} | ${verdict(median(t), c.target)} |${base}`,
  );
}
if (compared) console.log(`\nbaseline: ${BASELINE}`);
console.log(
  `\nother processes used ${othersShare === null ? "?" : `${(othersShare * 100).toFixed(0)}%`} of the cores meanwhile ` +
    `(assuming this benchmark kept one busy); load average now ${loadavg()[0].toFixed(2)}`,
);

// A sweep of many small cells: six-token runs of 100 steps, 4 optimizers × seeds.
const optimizers = ["sgd", "adam", "sign", "signum"];
const spec = join(dir, "small.json");
writeFileSync(
  spec,
  JSON.stringify({
    problem: "tokens",
    fixed: { steps: 100, batch: 32, lr: 0.01 },
    grid: { optimizer: optimizers, seed: Array.from({ length: Math.ceil(cellCount / optimizers.length) }, (_, i) => i) },
  }),
);
const total = optimizers.length * Math.ceil(cellCount / optimizers.length);
const sweepTimes: number[] = [];
for (let i = 0; i < sweepRuns; i++) {
  const out = join(dir, `small-${i}.results.jsonl`);
  sweepTimes.push(timed([BIN, "sweep", spec, "-o", out, "-q"]));
  rmSync(out);
}
const rates = sweepTimes.map((s) => total / s);
console.log(
  `\n\`zipflab sweep\` of ${total} six-token cells of 100 steps on ${availableParallelism()} threads, whole process ` +
    `(start-up, workers, results file): ${sorted(sweepTimes)
      .map((s) => s.toFixed(2))
      .join(", ")} s → ` +
    `best ${Math.max(...rates).toFixed(0)} cells/s, median ${median(rates).toFixed(0)} cells/s ` +
    `(${((1000 * median(sweepTimes)) / total).toFixed(2)} ms per cell)`,
);

rmSync(dir, { recursive: true, force: true });
