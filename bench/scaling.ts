// The default scaling sweep (`zipflab scaling` with no options: GD and sign descent to
// d = 10⁶, Adam to 10⁵, α ∈ {0.5, 1, 1.5}, ε ∈ {0.5, 0.3, 0.1}) timed end to end, per
// optimizer, over a few repeats in one process (the first one cold: WASM and JS not yet tiered).
//   npm run build && node dist/bench/scaling.js [--repeats 3]
// For the 2-core figure pin the process to two cores: taskset -c 0,1 node dist/bench/scaling.js
import { parseArgs } from "node:util";
import { runScaling } from "../src/experiments/scaling/synthetic-law.js";
import { instantiateCore } from "../src/wasm/load.js";
import { describeMachine, formatMachine, loadAverage } from "./machine.js";

const { values } = parseArgs({ options: { repeats: { type: "string", default: "3" } } });
const repeats = Number(values.repeats);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats must be an integer ≥ 1 (got ${values.repeats})`);

console.log("# scaling sweep benchmark\n");
console.log(`- machine: ${formatMachine(describeMachine())}`);
console.log(`- load average (1 min) at start: ${loadAverage()}`);
console.log("- sweep: the defaults of `zipflab scaling` (reduced models; one thread)\n");
console.log("| run | total s | sgd s | sign s | adam s | points |");
console.log("|---|---:|---:|---:|---:|---:|");
const core = await instantiateCore();
const totals: number[] = [];
for (let r = 0; r < repeats; r++) {
  const result = await runScaling({}, { core });
  totals.push(result.seconds);
  const s = result.secondsByOptimizer;
  console.log(
    `| ${r === 0 ? "1 (cold)" : String(r + 1)} | ${result.seconds.toFixed(2)} | ${s.sgd?.toFixed(2)} | ${s.sign?.toFixed(2)} | ` +
      `${s.adam?.toFixed(2)} | ${result.points.length} |`,
  );
}
const sorted = [...totals].sort((a, b) => a - b);
console.log(
  `\nmedian ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} s, best ${sorted[0].toFixed(2)} s, ` +
    `load average (1 min) at the end: ${loadAverage()}`,
);
