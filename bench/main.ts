// `npm run bench`: the WASM SIMD core against its plain-TS twin — optimizer kernels, the
// in-process bandwidth ceiling, the six-token experiment end to end and where its time goes —
// printed as markdown tables with a verdict on the issue's targets. `--help` for options.
import { writeFileSync } from "node:fs";
import { instantiateCore } from "../src/wasm/load.js";
import { benchCeiling, type CeilingRow } from "./ceiling.js";
import { formatSize } from "./format.js";
import { benchGradient, GRADIENT_SCALE } from "./gradient.js";
import { benchKernels, KERNEL_LR, type KernelRow } from "./kernels.js";
import { describeMachine, formatMachine, loadAverage } from "./machine.js";
import { parseOptions, USAGE, UsageError, type Options } from "./options.js";
import { profileTokens, type ProfileRow } from "./profile.js";
import { ceilingTable, chainTable, kernelTable, profileTable, tokensTable, verdicts, verdictTable } from "./report.js";
import { benchTokens, type TokensTiming } from "./tokens.js";

/** A one-line progress note on a terminal; nothing when stderr is a file or a pipe. */
function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
}

function options(): Options | null | undefined {
  try {
    return parseOptions(process.argv.slice(2), process.env);
  } catch (e) {
    if (!(e instanceof UsageError) && !(e instanceof TypeError)) throw e; // parseArgs throws TypeErrors
    console.error(`bench: ${(e as Error).message}\n(npm run bench -- --help for the options)`);
    process.exitCode = 2;
    return undefined;
  }
}

async function main(): Promise<void> {
  const opts = options();
  if (opts === undefined) return;
  if (opts === null) {
    console.log(USAGE);
    return;
  }
  const machine = describeMachine();
  const args = process.argv.slice(2).join(" ");
  console.log("# zipflab benchmarks\n");
  console.log(`- date: ${new Date().toISOString()}`);
  console.log(`- command: \`npm run bench${args ? ` -- ${args}` : ""}\`${opts.quick ? " (quick)" : ""}`);
  console.log(`- machine: ${formatMachine(machine)}`);
  console.log(`- load average (1 min) at start: ${loadAverage()} (other processes sharing the cores)`);
  console.log(`- timings: median of tinybench samples (± relative margin of error of the mean)\n`);

  const has = (s: string) => opts.sections.includes(s as never);
  let tokens: TokensTiming | null = null;
  let profile: ProfileRow[] = [];
  let kernels: KernelRow[] = [];
  let ceiling: CeilingRow[] = [];

  // The six-token run comes first: its "first call" figure is only cold in a fresh process.
  if (has("tokens")) {
    progress("tokens: six-token experiment, WASM and twin …");
    tokens = benchTokens(await instantiateCore(), { wasm: opts.budgets.tokensWasm, twin: opts.budgets.tokensTwin });
    progress("");
    console.log("## Six-token experiment, end to end\n");
    console.log(
      "Both optimizers of the default config, recording w and the loss every step and counting " +
        "non-zero gradients; WASM and twin timed in turn, 3 rounds each (median of the rounds' medians). " +
        '"First call" is the first run in this process, while V8 still runs the WASM in its baseline ' +
        "compiler (Liftoff).\n",
    );
    console.log(tokensTable(tokens) + "\n");
  }
  if (has("profile")) {
    progress("profile: six-token steps …");
    profile = profileTokens(await instantiateCore(), opts.budgets.profile);
    progress("");
    console.log("## Where a six-token step's WASM time goes\n");
    console.log(
      "Each part timed alone from JS (batched calls), three rounds in turn, fastest sample. " +
        "Parts need not add up: inside the run loop the CPU overlaps independent work.\n",
    );
    console.log(profileTable(profile, 3000) + "\n");
  }
  const gradient = has("kernels") || has("ceiling") ? benchGradient(Math.max(...opts.sizes)) : null;
  if (gradient && has("kernels")) {
    const core = await instantiateCore();
    const plan = { optimizers: opts.optimizers, sizes: opts.sizes, wasm: opts.budgets.kernelWasm, twin: opts.budgets.kernelTwin };
    kernels = benchKernels(core, plan, gradient, (r) => progress(`kernels: ${r.optimizer} n=${formatSize(r.n)} done`));
    progress("");
    console.log("## Optimizer kernels: WASM SIMD vs TS twin, one step\n");
    console.log(
      `One step per call, u restored from the gradient before each call (untimed); lr ${KERNEL_LR}, ` +
        `gradient N(0,1)·${GRADIENT_SCALE}. B/param: bytes the chain's passes read and write per parameter ` +
        "(table below). WASM speed-up: twin time ÷ WASM time.\n",
    );
    console.log(kernelTable(kernels) + "\n");
    console.log(chainTable(kernels) + "\n");
  }
  if (gradient && has("ceiling")) {
    progress("ceiling: bandwidth ceiling and fused Adam …");
    ceiling = benchCeiling(await instantiateCore(), opts.sizes, gradient, opts.budgets.ceiling, (r) =>
      progress(`ceiling: n=${formatSize(r.n)} done`),
    );
    progress("");
    console.log("## Bandwidth ceiling (Adam's access pattern, 28 B/param) vs fused Adam\n");
    console.log(
      'Timed in alternation, 3 rounds each. "fastest": from the fastest sample, the one least ' +
        "disturbed by other processes sharing the memory bus; medians of DRAM-sized runs swing with their load.\n",
    );
    console.log(ceilingTable(ceiling) + "\n");
  }

  console.log(`(load average at the end: ${loadAverage()})\n`);
  console.log("## Targets\n");
  console.log(verdictTable(verdicts(kernels, ceiling, tokens)));
  if (opts.json) {
    writeFileSync(
      opts.json,
      JSON.stringify({ date: new Date().toISOString(), args, machine, options: opts, tokens, profile, kernels, ceiling }, null, 2),
    );
    console.log(`\n(figures written to ${opts.json})`);
  }
}

await main();
