// Corpus costs: building the Brown count matrix (read, tokenize, vocabulary, counts in CSR),
// loading it from the cache (read + sha256 of the source and of the cache file), and one
// full-batch bigram softmax step at V = 2000 on Brown's counts against synthetic counts of
// the same size (d = 2000, the same number of pairs N sampled from the Zipf law), timed in
// alternation in one run so that the machine's load hits both alike.
// `npm run bench:corpus` (builds first).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCorpus } from "../src/corpus/node/load.js";
import { fuse } from "../src/optimizers/chain.js";
import { buildChain, resolveOptimizer } from "../src/optimizers/registry.js";
import { bigramSoftmaxFromCounts } from "../src/problems/bigram-softmax/problem.js";
import type { BigramSoftmaxProblem } from "../src/problems/bigram-softmax/data-modes.js";
import { runWasm } from "../src/loop/wasm.js";
import { instantiateCore, type Core } from "../src/wasm/load.js";
import { formatRatio, formatTime, table } from "./format.js";
import { describeMachine, formatMachine, loadAverage } from "./machine.js";
import { bigramSoftmaxProblem } from "../src/problems/bigram-softmax/declaration.js";

const V = 2000;

function timed(f: () => void): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** ms per full-batch GD step: (T(long) − T(short)) / (long − short), which cancels the d²-sized setup. */
function stepMs(core: Core, problem: BigramSoftmaxProblem, short = 2, long = 8): number {
  const transforms = fuse(buildChain(resolveOptimizer("sgd", 10)));
  const run = (steps: number) =>
    timed(() => runWasm(core, problem, transforms, { steps, seed: 0, recordSteps: [], recordWeights: false, recordExactLoss: false }));
  return (run(long) - run(short)) / (long - short);
}

async function main(): Promise<void> {
  const cacheDir = mkdtempSync(join(tmpdir(), "zipflab-bench-corpus-"));
  console.log(`# Corpus: Brown count matrix and a full-batch step at V = ${V}\n`);
  console.log(`- date: ${new Date().toISOString()}; machine: ${formatMachine(describeMachine())}; load average ${loadAverage()}`);
  const builds: number[] = [];
  for (let r = 0; r < 3; r++) builds.push(timed(() => loadCorpus("brown", { vocab: V, cache: false })));
  let brown = loadCorpus("brown", { vocab: V, cacheDir });
  const loads: number[] = [];
  for (let r = 0; r < 5; r++)
    loads.push(
      timed(() => {
        brown = loadCorpus("brown", { vocab: V, cacheDir });
      }),
    );
  if (brown.origin !== "hit") throw new Error("the cache was not hit");
  rmSync(cacheDir, { recursive: true, force: true });
  console.log(
    "\n" +
      table(
        ["stage", "median", "fastest", "target"],
        [
          [
            "build (read 500 files, tokenize, vocabulary, CSR counts)",
            formatTime(median(builds)),
            formatTime(Math.min(...builds)),
            "< 2 s",
          ],
          [
            "load from cache (read, sha256 of source and file, decode)",
            formatTime(median(loads)),
            formatTime(Math.min(...loads)),
            "< 0.2 s",
          ],
        ],
        [false, true, true, false],
      ),
  );

  const core = await instantiateCore();
  const onBrown = bigramSoftmaxFromCounts(brown.counts);
  const pairs = onBrown.pairs;
  const synthetic = bigramSoftmaxProblem({ d: V, alpha: 1, pairs, counts: "sampled", seed: 0 });
  const brownSteps: number[] = [];
  const syntheticSteps: number[] = [];
  stepMs(core, onBrown, 1, 2); // warm-up (tier-up of the kernels)
  for (let r = 0; r < 7; r++) {
    brownSteps.push(stepMs(core, onBrown));
    syntheticSteps.push(stepMs(core, synthetic));
  }
  const nnz = (p: BigramSoftmaxProblem) => String(p.counts.rowStart[V]);
  console.log(
    "\n" +
      table(
        ["full-batch GD step, V = 2000", "pairs N", "non-zeros", "median", "fastest"],
        [
          ["Brown counts", String(pairs), nnz(onBrown), formatTime(median(brownSteps)), formatTime(Math.min(...brownSteps))],
          [
            "synthetic Zipf α = 1, N sampled pairs",
            String(synthetic.pairs),
            nnz(synthetic),
            formatTime(median(syntheticSteps)),
            formatTime(Math.min(...syntheticSteps)),
          ],
          [
            "Brown ÷ synthetic",
            "",
            "",
            formatRatio(median(brownSteps) / median(syntheticSteps)),
            formatRatio(Math.min(...brownSteps) / Math.min(...syntheticSteps)),
          ],
        ],
        [false, true, true, true, true],
      ),
  );
}

await main();
