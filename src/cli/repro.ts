// `zipflab repro <name…>`: reproduce the papers' figures — run each experiment at its
// documented settings, write out/<name>/ (figures as SVG and PNG, results, README.md with the
// measured numbers); `all` runs every one and writes out/index.html.
import { Command, Option } from "commander";
import { REPRO_NAMES, reproAll, runRepros } from "../repro/all.js";
import { checkReproOutput } from "../repro/output.js";
import type { ReproProgress, ReproScale } from "../repro/types.js";
import { discardStages } from "../io/staged-folder.js";
import { parseThreads } from "./threads.js";
import { outputOption } from "./output-options.js";
import { progressBar, QUIET_OPTION, stdoutUnlessQuiet, type Progress } from "./progress.js";
import { ConfigError } from "../config/error.js";

/**
 * Stage lines on stderr, "[3/6] linear-model: step-size sweep, …" (always: a log shows where
 * the time went), and a progress bar per stage on a terminal once it runs over a second.
 */
function reproProgress(names: readonly string[], quiet: boolean): ReproProgress & { stop(): void } {
  let bar: Progress | null = null;
  return {
    stage(label) {
      bar?.stop();
      if (quiet) return;
      const name = label.split(":")[0];
      const at = names.indexOf(name);
      process.stderr.write(`${at >= 0 ? `[${at + 1}/${names.length}] ` : ""}${label}\n`);
      bar = progressBar(name, { quiet });
    },
    update(done, total) {
      bar?.update(done, total);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

export function reproCommand(): Command {
  return new Command("repro")
    .description(
      "Runs each named experiment at the settings documented in docs/reproductions.md,\n" +
        "and writes <out>/<name>/: the figures as SVG and PNG, the results (results.json, and sweep.jsonl where\n" +
        "step sizes are tuned), and README.md stating what the figures show and the numbers this run measured.\n" +
        "`all` runs every reproduction and writes <out>/index.html linking every figure.\n\n" +
        `Names: ${REPRO_NAMES.join(", ")}, all.`,
    )
    .argument("<name...>", `${REPRO_NAMES.join(" | ")} | all`)
    .addOption(
      outputOption("--out <dir>", "output folder: <dir>/<name>/ per reproduction, changed only when it has succeeded", {
        shape: "folder",
        kind: "folder",
      }).default("out"),
    )
    .option("--threads <n>", "threads for the step-size sweeps (default: one per core)")
    .addOption(
      new Option("--scale <scale>", "full: the documented settings; test: toy sizes (seconds), for smoke tests")
        .choices(["full", "test"])
        .default("full"),
    )
    .option(...QUIET_OPTION)
    .option(
      "--force",
      "write into <out>/<name>/ folders zipflab did not make (deleting nothing in them), and replace an index.html it did not write",
    )
    .action(async (names: string[], o: { out: string; threads?: string; scale: ReproScale; quiet?: boolean; force?: boolean }) => {
      const wanted = names.includes("all") ? REPRO_NAMES : names;
      if (names.includes("all") && names.length > 1) throw new ConfigError("name", "give `all` alone, or the names of reproductions");
      for (const [i, n] of wanted.entries()) {
        if (!REPRO_NAMES.includes(n))
          throw new ConfigError(`name[${i}]`, `unknown reproduction ${JSON.stringify(n)} (one of: ${REPRO_NAMES.join(", ")}, all)`);
      }
      const threads = o.threads === undefined ? undefined : parseThreads(o.threads, "--threads");
      const unique = [...new Set(wanted)];
      checkReproOutput(o.out, unique, { force: o.force, index: names.includes("all") });
      const progress = reproProgress(unique, o.quiet === true);
      const options = { out: o.out, scale: o.scale, threads, progress, force: o.force === true };
      // Ctrl-C or SIGTERM: the reproduction under way drops its staged files; its folder keeps
      // the previous run's files (finished reproductions are already in place).
      const onSignal = (signal: "SIGINT" | "SIGTERM") => () => {
        progress.stop();
        const kept = discardStages();
        process.stderr.write(
          `\nzipflab: ${signal === "SIGINT" ? "interrupted" : "stopped by SIGTERM"}` +
            (kept.length ? `; ${kept.join(", ")} left as ${kept.length === 1 ? "it was" : "they were"} (this run's files discarded)` : "") +
            "\n",
        );
        process.exit(signal === "SIGINT" ? 130 : 143);
      };
      const onInterrupt = onSignal("SIGINT");
      const onTerminate = onSignal("SIGTERM");
      process.once("SIGINT", onInterrupt);
      process.once("SIGTERM", onTerminate);
      let result;
      try {
        // Only `all` writes the index: a subset would replace it with links to fewer figures.
        result = names.includes("all") ? await reproAll(options) : { ...(await runRepros(options, unique)), index: null };
      } finally {
        process.off("SIGINT", onInterrupt);
        process.off("SIGTERM", onTerminate);
        progress.stop();
      }
      const say = stdoutUnlessQuiet(o.quiet);
      for (const r of result.outcomes) {
        say(`${r.name.padEnd(15)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.figures.map((f) => `${r.dir}/${f.svg}`).join("  ")}`);
      }
      say(`\n${result.outcomes.length} reproduction(s) in ${result.seconds.toFixed(1)} s${result.index ? `; index: ${result.index}` : ""}`);
    });
}
