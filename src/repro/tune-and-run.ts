// Step sizes for a reproduction, the papers' way: a grid per optimizer run as a sweep (all
// cores, results appended to <dir>/sweep.jsonl), the sweep's own rule picks one step size per
// optimizer (worst seed; a diverged run scored at its initial loss), then each optimizer runs
// once more at its pick with full curves — full batch is deterministic, so that rerun ends
// where its sweep cell did.
import { join } from "node:path";
import { runProblemExperiment, type ProblemRunOptions } from "../experiments/run/run.js";
import { parseOptimizerSpec } from "../optimizers/registry.js";
import type { StepSizeData } from "../results/step-sizes.js";
import { expandSweep } from "../sweep/expand.js";
import { SWEEP_RUNNERS } from "../experiments/sweep-runners.js";
import { readResults } from "../sweep/results.js";
import { parseSpec } from "../sweep/spec.js";
import { runSweep } from "../sweep/sweep.js";
import { tuneStepSizes, type CellResult } from "../tuning/step-size-rule.js";
import type { ReproProgress } from "./types.js";
import { stepSizeData } from "../tuning/step-size-data.js";
import type { ProblemRunResult } from "../results/run.js";

export const SWEEP_FILE = "sweep.jsonl";

export interface StepSizeGrid {
  /** A registry name: sgd, adam, sign, … */
  optimizer: string;
  lrs: number[];
}

/** A reproduction's run settings: the problem config, horizon, seed, grids and recording. */
export interface ProblemSettings {
  /** The problem's own fields (d, alpha, levels, …, every one spelled out so the README and JSON show them), as sweep cell fields. */
  config: Record<string, unknown>;
  steps: number;
  seed: number;
  grids: StepSizeGrid[];
  /** Steps recorded in the rerun's curves. */
  record: string;
  perClass: boolean;
}

export interface TuneInput extends ProblemSettings {
  problem: string;
  dir: string;
  threads?: number;
  progress: ReproProgress;
  /** Names the stages in the progress output. */
  label: string;
  /** Seeds of the sweep (the rule takes each step size's worst); default: `seed` alone. The runs with curves use `seed`. */
  seeds?: number[];
  /** The sweep's file in dir (default sweep.jsonl). */
  sweepFile?: string;
  /** The core the runs with curves use (e.g. a thread pool); default: the shared single-threaded core. */
  core?: ProblemRunOptions["core"];
}

export interface ChosenStepSize {
  optimizer: string;
  lr: number;
  edge: "smallest" | "largest" | null;
}

export interface Tuned {
  results: CellResult[];
  data: StepSizeData;
  chosen: ChosenStepSize[];
  /** The runs at the chosen step sizes, with curves. */
  curves: ProblemRunResult;
  sweepSeconds: number;
}

/** Half-decades from 10^a to 10^b (exponents may be halves): the papers' grid, ends included. */
export function halfDecades(fromExponent: number, toExponent: number): number[] {
  const n = Math.round(2 * (toExponent - fromExponent));
  return Array.from({ length: n + 1 }, (_, i) => Number((10 ** (fromExponent + i / 2)).toPrecision(6)));
}

export async function tuneAndRun(input: TuneInput): Promise<Tuned> {
  const { problem, config, steps, seed, grids, dir, progress } = input;
  const seeds = input.seeds ?? [seed];
  const spec = parseSpec({
    problem,
    description: `zipflab repro ${input.label}: step sizes per optimizer`,
    fixed: seeds.length === 1 ? { ...config, steps, seed: seeds[0] } : { ...config, steps },
    grid: grids.map((g) => ({ optimizer: [g.optimizer], lr: g.lrs, ...(seeds.length === 1 ? {} : { seed: seeds }) })),
  });
  const sweep = expandSweep(spec, SWEEP_RUNNERS);
  const file = join(dir, input.sweepFile ?? SWEEP_FILE);
  progress.stage(`${input.label}: step-size sweep, ${sweep.cells.length} runs of ${steps} steps`);
  const start = performance.now();
  await runSweep(sweep, { out: file, threads: input.threads, onProgress: (p) => progress.update(p.done, p.total) });
  const sweepSeconds = (performance.now() - start) / 1000;
  const results = (await readResults(file, "sweep")).lines as CellResult[];
  const data = stepSizeData(problem, results);
  const tuning = tuneStepSizes(results);
  const chosen = grids.map((g) => {
    const group = tuning.groups.find((x) => x.fields.optimizer === g.optimizer) ?? tuning.groups[0];
    return { optimizer: g.optimizer, lr: group.chosen.lr as number, edge: group.edge };
  });
  progress.stage(`${input.label}: ${chosen.length} runs at the chosen step sizes, with curves`);
  const curves = await runProblemExperiment(
    {
      problem,
      config,
      steps,
      seed,
      record: input.record,
      perClass: input.perClass,
      optimizers: chosen.map((c) =>
        c.optimizer.includes(":") ? { ...parseOptimizerSpec(c.optimizer), lr: c.lr } : { name: c.optimizer, lr: c.lr },
      ),
    },
    { core: input.core, onProgress: (done, total) => progress.update(done, total) },
  );
  return { results, data, chosen, curves, sweepSeconds };
}
