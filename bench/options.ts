// Command-line options of `npm run bench` and the time budgets they select.
import { parseArgs } from "node:util";
import { OPTIMIZER_NAMES, type OptimizerName } from "../src/optimizers/registry.js";
import type { Budget } from "./measure.js";

export const SECTIONS = ["kernels", "ceiling", "tokens", "profile"] as const;
export type Section = (typeof SECTIONS)[number];

export const USAGE = `Usage: npm run bench -- [options]      (after a build: node dist/bench/main.js [options])

Benchmarks zipflab's WASM SIMD core against its plain-TypeScript twin, in one process:
  kernels   each optimizer's step, WASM chainStep vs twinChainStep, at n = 1e3, 1e5, 1e6, 4e6
  ceiling   the in-process bandwidth ceiling (Adam's access pattern, trivial math) vs fused Adam
  tokens    the six-token experiment end to end: sgd + adam, 3000 steps each, WASM vs twin
  profile   where the six-token WASM time goes, per step
Figures are medians of tinybench samples, printed as markdown tables.

Options:
  --quick            n = 1e3 and 1e5 only, shorter time budgets (about 20 s in all)
  --only <names>     comma-separated optimizers and/or sections, e.g. --only adam
                     (optimizers: ${OPTIMIZER_NAMES.join(", ")};
                      sections: ${SECTIONS.join(", ")});
                     optimizer names alone run just their kernel rows
  --sizes <list>     parameter counts, e.g. --sizes 1e3,4e6
  --json <file>      also write every figure as JSON
  -h, --help         this text
Environment: ZIPFLAB_BENCH_QUICK=1 acts as --quick.
The full run takes about a minute or two on 2 cores.`;

export interface Budgets {
  kernelWasm: Budget;
  kernelTwin: Budget;
  ceiling: Budget;
  tokensWasm: Budget;
  tokensTwin: Budget;
  profile: Budget;
}

// The twin at n = 4e6 takes ~50–150 ms a step, so its budget is a few calls; WASM calls are
// cheap and get hundreds. Quick mode divides every time budget by 5.
const FULL: Budgets = {
  kernelWasm: { time: 200, iterations: 10, warmupTime: 50, warmupIterations: 5 },
  kernelTwin: { time: 300, iterations: 4, warmupTime: 50, warmupIterations: 2 },
  ceiling: { time: 400, iterations: 10, warmupTime: 100, warmupIterations: 5 },
  tokensWasm: { time: 1500, iterations: 20, warmupTime: 300, warmupIterations: 10 },
  tokensTwin: { time: 1500, iterations: 10, warmupTime: 300, warmupIterations: 3 },
  profile: { time: 300, iterations: 10, warmupTime: 100, warmupIterations: 3 },
};

function shorter(b: Budgets, by: number): Budgets {
  const entries = Object.entries(b).map(([k, v]: [string, Budget]) => [k, { ...v, time: v.time / by, warmupTime: v.warmupTime / by }]);
  return Object.fromEntries(entries) as unknown as Budgets;
}

export interface Options {
  quick: boolean;
  sections: Section[];
  optimizers: OptimizerName[];
  sizes: number[];
  json: string | null;
  budgets: Budgets;
}

export class UsageError extends Error {}

function list(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseSizes(text: string): number[] {
  return list(text).map((s) => {
    const n = Number(s);
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--sizes: ${JSON.stringify(s)} is not a positive integer`);
    return n;
  });
}

/** null when --help was asked for. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      sizes: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const quickEnv = env.ZIPFLAB_BENCH_QUICK;
  const quick = values.quick || (quickEnv !== undefined && quickEnv !== "" && quickEnv !== "0");
  let sections: Section[] = [...SECTIONS];
  let optimizers: OptimizerName[] = [...OPTIMIZER_NAMES];
  if (values.only !== undefined) {
    const names = list(values.only);
    const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n) && !(OPTIMIZER_NAMES as string[]).includes(n));
    if (unknown.length > 0 || names.length === 0) {
      throw new UsageError(
        `--only: unknown ${unknown.join(", ") || "(empty list)"}; ` + `choose from ${[...OPTIMIZER_NAMES, ...SECTIONS].join(", ")}`,
      );
    }
    const chosenOptimizers = names.filter((n): n is OptimizerName => (OPTIMIZER_NAMES as string[]).includes(n));
    const chosenSections = names.filter((n): n is Section => (SECTIONS as readonly string[]).includes(n));
    if (chosenOptimizers.length > 0) optimizers = chosenOptimizers;
    sections = chosenSections.length > 0 ? chosenSections : ["kernels"];
    if (chosenOptimizers.length > 0 && !sections.includes("kernels")) sections.unshift("kernels");
  }
  return {
    quick,
    sections,
    optimizers,
    sizes: values.sizes !== undefined ? parseSizes(values.sizes) : quick ? [1e3, 1e5] : [1e3, 1e5, 1e6, 4e6],
    json: values.json ?? null,
    budgets: quick ? shorter(FULL, 5) : FULL,
  };
}
