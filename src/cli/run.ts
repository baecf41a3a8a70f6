// `zipflab run <problem>`: one heavy-tailed problem, several optimizers, per-group losses.
import { Command, Option } from "commander";
import { getHeapStatistics } from "node:v8";
import { availableParallelism } from "node:os";
import { threadedCore } from "../loop/threads.js";
import { poolCore } from "../loop/pool.js";
import { ConfigError } from "../config/error.js";
import { formatRunReport } from "../experiments/run/report.js";
import { runResolvedProblem } from "../experiments/run/run.js";
import { RUN_DEFAULTS, resolveProblemRunConfig, type ProblemRunInput } from "../experiments/run/config.js";
import type { Backend } from "../results/backend.js";
import { LR_SCHEDULE_KINDS } from "../optimizers/lr-schedule.js";
import { OPTIMIZER_NAMES, parseOptimizers } from "../optimizers/registry.js";
import { PROBLEMS, PROBLEM_NAMES, problemEntry, runFlagHelp, runFlags } from "../problems/registry.js";
import { checkOptionsOf, flagOf, type ProblemDeclaration } from "../problems/declaration.js";
import { toJson } from "./output.js";
import { parseNumber } from "../config/parse-text.js";
import { progressBar, QUIET_OPTION, stdoutUnlessQuiet } from "./progress.js";
import { checkOutputFolder, planOutputs } from "../io/outputs.js";
import { setCorpusCache } from "../corpus/node/load.js";
import { outputOption } from "./output-options.js";
// `init: FILE` (a transformer checkpoint) read from disk
import "../problems/transformer/checkpoint-file.js";

/** The problems whose declaration says what --save writes. */
const SAVERS = PROBLEM_NAMES.filter((n) => PROBLEMS[n].save);

function optionKey(flag: string): string {
  return flag
    .slice(2)
    .split(" ")[0]
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

type RunOptions = Record<string, string | string[] | boolean | undefined>;

/** The experiment input from `zipflab run <problem>`'s options (as Commander gives them). */
export function runInputFromOptions(entry: ProblemDeclaration, o: RunOptions): ProblemRunInput {
  const problem = entry.name;
  const config: Record<string, unknown> = {};
  // the problem's options in its declared order (the order its config is written in)
  for (const option of entry.options) {
    const flag = flagOf(option);
    const value = flag === null ? undefined : o[optionKey(flag)];
    if (value === undefined) continue;
    const field = `problem.${option.field}`;
    const text = String(value);
    config[option.field] =
      option.kind === "text" || option.kind === "choice" || option.kind === "list"
        ? text
        : option.kind === "batch" && text === "full"
          ? "full"
          : parseNumber(field, text);
  }
  for (const f of runFlags()) {
    const field = f.declarations[0].option.field;
    if (o[optionKey(f.flag)] !== undefined && !(field in config)) {
      throw new ConfigError(
        `problem.${field}`,
        `is not an option of ${problem} (its options: ${entry.options.map((x) => x.field).join(", ")})`,
      );
    }
  }
  if (o.fullBatch) {
    if (config.batch !== undefined && config.batch !== "full") throw new ConfigError("problem.batch", "--full-batch and --batch disagree");
    config.batch = "full";
  }
  checkOptionsOf(entry, config);
  const input: ProblemRunInput = {
    problem,
    config,
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
  return input;
}

export function runCommand(): Command {
  const command = new Command("run")
    .description(
      "Runs a heavy-tailed problem with each optimizer from the same start and seed, and reports the final\n" +
        "loss, the relative loss (L − L*)/(L₀ − L*) where L* is known, and the loss of each frequency group\n" +
        "(classes sorted by frequency, cut into groups of equal sample share; G1 = most frequent).\n\n" +
        "Problems:\n" +
        PROBLEM_NAMES.map((n) => `  ${n.padEnd(15)} ${PROBLEMS[n].summary}`).join("\n") +
        "\n\nUnset problem options take the problem's defaults, e.g. `zipflab run bigram-softmax --d 500 --alpha 1`.\n" +
        "On a real corpus: `zipflab run bigram-softmax --corpus brown --vocab 2000 --opt sgd:lr=30 adam:lr=0.01 sign:lr=0.001`\n" +
        "(counts cached in $ZIPFLAB_CACHE_DIR, $XDG_CACHE_HOME/zipflab or ~/.cache/zipflab).",
    )
    .argument("<problem>", `one of: ${PROBLEM_NAMES.join(", ")}`)
    .option(
      "-o, --opt <spec...>",
      `optimizers: names (${OPTIMIZER_NAMES.join(", ")}) or specs like adam:lr=1e-3,b2=0.99`,
      RUN_DEFAULTS.optimizers.join(","),
    )
    .option("--lr <η>", "step size for every optimizer without its own lr=", String(RUN_DEFAULTS.lr))
    .option("--steps <T>", "optimizer steps", String(RUN_DEFAULTS.steps))
    .option("--seed <s>", "random seed (batches; also the data unless --data-seed)", String(RUN_DEFAULTS.seed))
    .option("--full-batch", "same as --batch full");
  // The problem options come from the problems' declarations (src/problems/<name>/declaration.ts), as the page's controls do.
  for (const f of runFlags()) {
    // one value name per way the problems read it ("kind|FILE")
    const names = [...new Set(f.declarations.map(({ option: o }) => o.placeholder ?? o.field))];
    command.option(`${f.flag} <${names.join("|")}>`, runFlagHelp(f));
  }
  command.addHelpText(
    "after",
    () =>
      "\nDefaults per problem (unset options take these):\n" +
      PROBLEM_NAMES.map(
        (n) =>
          `  ${n.padEnd(15)} ${PROBLEMS[n].options
            .filter((o) => o.default !== "")
            .map((o) => `${o.field}=${o.default}`)
            .join(" ")}`,
      ).join("\n") +
      "\n\nExamples:\n" +
      "  npx zipflab run quadratic --d 1000 --opt sgd:lr=5 sign:lr=1e-3 adam:lr=1e-2 --record log:200\n" +
      "  npx zipflab run bigram-softmax --d 500 --opt sgd:lr=100 adam:lr=0.03 sign:lr=0.01 --json out/bs.json\n" +
      "  npx zipflab run linear-model --levels 6 --d 512 --opt sgd:lr=0.1 adam:lr=1e-3 sign:lr=3e-4\n" +
      "  npx zipflab run tokens --freqs 0.9,0.1,0.01 --noise 0.05 --steps 2000 --opt sgd:lr=0.05 adam:lr=0.05\n" +
      "  npx zipflab run transformer --opt sgd:lr=0.3 adam:lr=1e-3 --context 32 --width 64 --batch 8 --record log:30\n" +
      "  npx zipflab run transformer --layers 0 --opt adam:lr=3e-3 --save out/gpt.bin\n" +
      "  npx zipflab run transformer --layers 0 --train last --batch full --init out/gpt.bin --opt sgd:lr=3 adam:lr=0.03 sign:lr=3e-3\n",
  );
  return command
    .option("--groups <G>", "frequency groups (default 10; the linear model: one per level)")
    .option("--record <steps>", "steps to record: every:K or log:N", RUN_DEFAULTS.record)
    .option(
      "--schedule <spec>",
      `learning-rate schedule: ${LR_SCHEDULE_KINDS.join(" | ")}, with options, e.g. cosine:warmup=100,final=0.1`,
      "constant",
    )
    .addOption(
      new Option("--updates <mode>", "row-sparse problems: visit touched rows only (auto: when exact or lazy)")
        .choices(["auto", "dense", "rows"])
        .default("auto"),
    )
    .option("--per-class", "keep per-class curves in the JSON (classes × recorded steps)")
    .option("--coupling", "linear model: per-class gradient cosines and Hessian block norms at the end, one class per level")
    .addOption(outputOption("--json <file>", "write the full result as JSON", { shape: "file", kind: "result" }))
    .addOption(
      outputOption("--save <file>", SAVERS.map((n) => `${n}: ${PROBLEMS[n].save!.help}`).join("; "), { shape: "file", kind: "checkpoint" }),
    )
    .addOption(
      outputOption("--cache-dir <dir>", "with --corpus: cache folder for the count matrices", { shape: "cache-folder", kind: "folder" }),
    )
    .option("--no-cache", "with --corpus: neither read nor write the count cache")
    .addOption(new Option("--backend <name>", "WASM core or plain-TS twin").choices(["wasm", "twin"]).default("wasm"))
    .option(
      "--threads <n>",
      "threads for one run: a full-batch bigram softmax (rows split) or a transformer (blocks of windows split); bit-identical for any count",
      String(availableParallelism()),
    )
    .option(...QUIET_OPTION)
    .option("--force", "replace the --json or --save file even if zipflab did not write it")
    .action(async (problem: string, o: RunOptions) => {
      // the problem resolved once; the flags, the threads and the run all use this declaration
      const entry = problemEntry(problem);
      const setup = resolveProblemRunConfig(runInputFromOptions(entry, o), entry);
      const config = setup.config.config;
      if (config.corpus === undefined && (typeof o.cacheDir === "string" || o.cache === false)) {
        throw new ConfigError(typeof o.cacheDir === "string" ? "--cache-dir" : "--no-cache", "applies with --corpus only");
      }
      if (typeof o.cacheDir === "string") checkOutputFolder("--cache-dir", o.cacheDir);
      setCorpusCache({ cache: o.cache !== false, cacheDir: typeof o.cacheDir === "string" ? o.cacheDir : undefined });
      const save = typeof o.save === "string" ? o.save : null;
      const saver = entry.save;
      if (save !== null) {
        if (!saver) throw new ConfigError("--save", `keeps a trained model (${SAVERS.join(", ")}); ${problem} has none to save`);
        const count = setup.config.optimizers.length;
        if (count !== 1) throw new ConfigError("--save", `keeps one model: give one optimizer (got ${count} with --opt)`);
      }
      // the files the run reads (a corpus, a checkpoint): no output may replace them
      const inputs = entry.options.flatMap((option) => {
        const value = config[option.field];
        const flag = flagOf(option);
        return typeof value === "string" && flag !== null && option.readsFile?.(value) ? [{ option: flag, path: value }] : [];
      });
      const outputs = planOutputs(
        [
          typeof o.json === "string" && { option: "--json", path: o.json, kind: "result" },
          save !== null && { option: "--save", path: save, kind: saver!.kind },
        ],
        { force: o.force === true, forceFlag: "--force", inputs },
      );
      const progress = progressBar(problem, { quiet: o.quiet === true });
      // The recorded curves live in V8's heap: its limit is the one that counts.
      const jsHeapLimit = getHeapStatistics().heap_size_limit;
      const threads = parseNumber("threads", String(o.threads));
      if (!Number.isInteger(threads) || threads < 1 || threads > 16)
        throw new ConfigError("threads", `must be an integer in [1, 16] (got ${o.threads})`);
      // Threads pay off where the problem splits a step: the rows of a fused full-batch pass
      // (the threaded loop), or the blocks its kernels hand a pool.
      const threaded =
        threads > 1 && entry.threaded?.(config) === true && o.backend !== "twin"
          ? await (entry.threadPool ? poolCore(threads) : threadedCore(threads))
          : undefined;
      let result;
      let saved: Uint8Array | null = null;
      try {
        result = await runResolvedProblem(setup, {
          backend: o.backend as Backend,
          jsHeapLimit,
          core: threaded,
          onProgress: (a, b) => progress.update(a, b),
          onFinalWeights:
            save === null
              ? undefined
              : (p, _i, w) => {
                  const how = `zipflab run ${problem} --opt ${JSON.stringify(setup.config.optimizers[0])} --steps ${setup.config.steps} --seed ${setup.config.seed}`;
                  saved = saver!.encode(p, w, config.train === undefined ? how : `${how} --train ${String(config.train)}`);
                },
        });
      } finally {
        await threaded?.close();
      }
      progress.stop();
      const say = stdoutUnlessQuiet(o.quiet === true);
      say(formatRunReport(result));
      if (typeof o.json === "string") {
        await outputs.write("--json", o.json, toJson(result));
        say(`\nwrote ${o.json}`);
      }
      if (save !== null && saved !== null) {
        await outputs.write("--save", save, saved);
        say(`${typeof o.json === "string" ? "" : "\n"}wrote ${save} (a checkpoint: --init ${save})`);
      }
    });
}
