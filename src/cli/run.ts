// `zipflab run <problem>`: one heavy-tailed problem, several optimizers, per-group losses.
import { Command, Option } from "commander";
import { getHeapStatistics } from "node:v8";
import { availableParallelism } from "node:os";
import { threadedCore } from "../run/threads.js";
import { ConfigError } from "../config/fields.js";
import { formatRunReport } from "../experiments/run/report.js";
import { runProblemExperiment } from "../experiments/run/run.js";
import { RUN_DEFAULTS, type ProblemRunInput } from "../experiments/run/config.js";
import type { Backend } from "../experiments/tokens/run.js";
import { LR_SCHEDULE_KINDS } from "../optimizers/lr-schedule.js";
import { OPTIMIZER_NAMES } from "../optimizers/registry.js";
import { PROBLEMS, PROBLEM_NAMES, problemEntry } from "../problems/registry.js";
import { toJson, writeFileAtomic } from "./output.js";
import { parseNumber, parseOptimizers } from "./parse.js";
import { progressBar } from "./progress.js";
import { checkOutputFile } from "../io/output-path.js";

/** Problem options: flag → config field, and how to read the value. */
const PROBLEM_OPTIONS: { flag: string; field: string; help: string; kind: "number" | "string" | "batch" }[] = [
  { flag: "--d <d>", field: "d", help: "vocabulary size (bigram), coordinates (quadratic) or input dimension (linear model)", kind: "number" },
  { flag: "--alpha <α>", field: "alpha", help: "Zipf exponent, π_k ∝ k^(−α)", kind: "number" },
  { flag: "--batch <B>", field: "batch", help: 'samples per step, or "full" for the full batch (exact expectation)', kind: "batch" },
  { flag: "--levels <m>", field: "levels", help: "linear model: m levels of 2^i classes × 2^(m−i) samples", kind: "number" },
  { flag: "--inputs <kind>", field: "inputs", help: "linear model: uniform | gaussian", kind: "string" },
  { flag: "--init <kind>", field: "init", help: "linear model: pytorch | zero", kind: "string" },
  { flag: "--reweight <kind>", field: "reweight", help: "linear model, bigram softmax: loss weight none | inverse (1/π_k) | inverse-sqrt (1/√π_k)", kind: "string" },
  { flag: "--l2 <λ>", field: "l2", help: "linear model, bigram softmax (full batch): L2 regularization λ/2‖W‖²", kind: "number" },
  { flag: "--permutation <kind>", field: "permutation", help: "bigram: random | identity ranking of each row's outputs", kind: "string" },
  { flag: "--counts <kind>", field: "counts", help: "bigram softmax: expected | sampled pair counts", kind: "string" },
  { flag: "--pairs <N>", field: "pairs", help: "bigram softmax: number of pairs N", kind: "number" },
  { flag: "--target <w*>", field: "target", help: "quadratic: the optimum w* (every coordinate)", kind: "number" },
  { flag: "--corpus <name|FILE>", field: "corpus", help: "bigram: real counts instead of the Zipf generator: brown, a UTF-8 text file, or a .jsonl file of token arrays (docs/corpus.md)", kind: "string" },
  { flag: "--vocab <V>", field: "vocab", help: "with --corpus: the V − 1 most frequent words plus one unknown class (default 2000)", kind: "number" },
  { flag: "--punctuation <mode>", field: "punctuation", help: "with --corpus FILE: keep | drop punctuation tokens (default keep)", kind: "string" },
  { flag: "--data-seed <s>", field: "seed", help: "seed of the problem's data (rankings, inputs); default: --seed", kind: "number" },
];

function optionKey(flag: string): string {
  return flag.slice(2).split(" ")[0].replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function runCommand(): Command {
  const command = new Command("run")
    .summary("run one problem with several optimizers; loss per frequency group")
    .description(
      "Runs a heavy-tailed problem with each optimizer from the same start and seed, and reports the final\n" +
      "loss, the relative loss (L − L*)/(L₀ − L*) where L* is known, and the loss of each frequency group\n" +
      "(classes sorted by frequency, cut into groups of equal sample share; G1 = most frequent).\n\n" +
      "Problems:\n" + PROBLEM_NAMES.map((n) => `  ${n.padEnd(15)} ${PROBLEMS[n].summary}`).join("\n") +
      "\n\nUnset problem options take the problem's defaults, e.g. `zipflab run bigram-softmax --d 500 --alpha 1`.\n" +
      "On a real corpus: `zipflab run bigram-softmax --corpus brown --vocab 2000 --opt sgd:lr=30 adam:lr=0.01 sign:lr=0.001`\n" +
      "(counts cached in $ZIPFLAB_CACHE_DIR, $XDG_CACHE_HOME/zipflab or ~/.cache/zipflab).",
    )
    .argument("<problem>", `one of: ${PROBLEM_NAMES.join(", ")}`)
    .option("-o, --opt <spec...>", `optimizers: names (${OPTIMIZER_NAMES.join(", ")}) or specs like adam:lr=1e-3,b2=0.99`, RUN_DEFAULTS.optimizers.join(","))
    .option("--lr <η>", "step size for every optimizer without its own lr=", String(RUN_DEFAULTS.lr))
    .option("--steps <T>", "optimizer steps", String(RUN_DEFAULTS.steps))
    .option("--seed <s>", "random seed (batches; also the data unless --data-seed)", String(RUN_DEFAULTS.seed))
    .option("--full-batch", "same as --batch full");
  for (const o of PROBLEM_OPTIONS) command.option(o.flag, o.help);
  return command
    .option("--groups <G>", "frequency groups (default 10; the linear model: one per level)")
    .option("--record <schedule>", "steps to record: every:K or log:N", RUN_DEFAULTS.record)
    .option("--schedule <spec>", `learning-rate schedule: ${LR_SCHEDULE_KINDS.join(" | ")}, with options, e.g. cosine:warmup=100,final=0.1`, "constant")
    .addOption(new Option("--updates <mode>", "row-sparse problems: visit touched rows only (auto: when exact or lazy)").choices(["auto", "dense", "rows"]).default("auto"))
    .option("--per-class", "keep per-class curves in the JSON (classes × recorded steps)")
    .option("--coupling", "linear model: per-class gradient cosines and Hessian block norms at the end, one class per level")
    .option("--json <file>", "write the full result as JSON")
    .addOption(new Option("--backend <name>", "WASM core or plain-TS twin").choices(["wasm", "twin"]).default("wasm"))
    .option("--threads <n>", "worker threads for one full-batch bigram softmax run (rows split; bit-identical for any count)", String(availableParallelism()))
    .option("-q, --quiet", "no progress bar")
    .option("--force", "replace the --json file even if zipflab did not write it")
    .action(async (problem: string, o: Record<string, string | string[] | boolean | undefined>) => {
      problemEntry(problem);
      const config: Record<string, unknown> = {};
      for (const p of PROBLEM_OPTIONS) {
        const value = o[optionKey(p.flag)];
        if (value === undefined) continue;
        const field = `problem.${p.field}`;
        const text = String(value);
        config[p.field] = p.kind === "string" ? text
          : p.kind === "batch" ? (text === "full" ? "full" : parseNumber(field, text)) : parseNumber(field, text);
      }
      if (o.fullBatch) {
        if (config.batch !== undefined && config.batch !== "full") throw new ConfigError("problem.batch", "--full-batch and --batch disagree");
        config.batch = "full";
      }
      for (const field of Object.keys(config)) {
        if (!(field in problemEntry(problem).defaults)) {
          throw new ConfigError(`problem.${field}`, `is not an option of ${problem} (its options: ${Object.keys(problemEntry(problem).defaults).join(", ")})`);
        }
      }
      const input: ProblemRunInput = {
        problem, config,
        optimizers: parseOptimizers([o.opt as string | string[]].flat()),
        lr: parseNumber("lr", String(o.lr)),
        steps: parseNumber("steps", String(o.steps)),
        seed: parseNumber("seed", String(o.seed)),
        record: String(o.record),
        schedule: String(o.schedule),
        updates: o.updates as ProblemRunInput["updates"],
        perClass: o.perClass === true,
        coupling: o.coupling === true,
      };
      if (o.groups !== undefined) input.groups = parseNumber("groups", String(o.groups));
      if (typeof o.json === "string") checkOutputFile(o.json, "--json", { force: o.force === true });
      const progress = progressBar(problem, { quiet: o.quiet === true });
      // The recorded curves live in V8's heap: its limit is the one that counts.
      const jsHeapLimit = getHeapStatistics().heap_size_limit;
      const threads = parseNumber("threads", String(o.threads));
      if (!Number.isInteger(threads) || threads < 1 || threads > 16) throw new ConfigError("threads", `must be an integer in [1, 16] (got ${o.threads})`);
      // Threads pay off only on a full-batch bigram softmax step (the fused row pass).
      const threaded = threads > 1 && problem === "bigram-softmax" && o.backend !== "twin" && (config.batch ?? "full") === "full"
        ? await threadedCore(threads) : undefined;
      let result;
      try {
        result = await runProblemExperiment(input, { backend: o.backend as Backend, jsHeapLimit, core: threaded, onProgress: (a, b) => progress.update(a, b) });
      } finally {
        await threaded?.close();
      }
      progress.stop();
      console.log(formatRunReport(result));
      if (typeof o.json === "string") {
        await writeFileAtomic(o.json, toJson(result));
        console.log(`\nwrote ${o.json}`);
      }
    });
}
