// `zipflab sweep SPEC`: runs every cell of a sweep spec on all cores, appending one JSON line
// per finished cell; resumable, and shardable into the array jobs of a scheduler.
import { availableParallelism } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { Command } from "commander";
import { expandSweep } from "../sweep/expand.js";
import { SWEEP_RUNNERS } from "../experiments/sweep-runners.js";
import { parseShard, shardCells, type Shard } from "../sweep/shard.js";
import { readSpecFile } from "../sweep/spec.js";
import { runSweep } from "../sweep/sweep.js";
import { varyingFields } from "../tuning/step-size-rule.js";
import { parseThreads } from "./threads.js";
import { sweepProgress } from "./sweep-progress.js";
import { QUIET_OPTION } from "./progress.js";
import { makeFolders } from "../io/output-path.js";
import { planOutputs } from "../io/outputs.js";
import { checkInput } from "../io/inputs.js";
import { ConfigError } from "../config/error.js";
import { outputOption } from "./output-options.js";

interface SweepOptions {
  out?: string;
  threads: string;
  shard?: string;
  dryRun?: boolean;
  quiet?: boolean;
}

/** sweeps/d.yaml → sweeps/d.results.jsonl, or sweeps/d.shard-2-of-8.results.jsonl. */
export function defaultResultsPath(specPath: string, shard: Shard | null): string {
  const stem = join(dirname(specPath), basename(specPath, extname(specPath)));
  return shard ? `${stem}.shard-${shard.index}-of-${shard.count}.results.jsonl` : `${stem}.results.jsonl`;
}

/** The command that resumes this sweep exactly (same spec, shard and results file). */
function resumeCommand(specPath: string, shard: Shard | null, out: string, defaultOut: string): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);
  // Started through npx (npm exec), the bare name may not be on PATH: say it the same way.
  const zipflab = process.env.npm_command === "exec" ? "npx zipflab" : "zipflab";
  return [
    `${zipflab} sweep`,
    quote(specPath),
    ...(shard ? [`--shard ${shard.index}/${shard.count}`] : []),
    ...(out === defaultOut ? [] : ["-o", quote(out)]),
  ].join(" ");
}

export function sweepCommand(): Command {
  return new Command("sweep")
    .description(
      "Runs every cell of SPEC on worker threads and appends one JSON line per\n" +
        "finished cell to the results file. SPEC (.json or .yaml) names a problem,\n" +
        "fields fixed for every cell, value lists whose Cartesian product gives the\n" +
        "cells, and optional explicit cells (README, Sweeps). Run it again after a\n" +
        "crash or kill and it skips the cells already written.\n" +
        `Problems: ${Object.keys(SWEEP_RUNNERS.runners).join(", ")}.`,
    )
    .argument("<spec>", "sweep spec file (.json, .yaml or .yml)")
    .addOption(
      outputOption(
        "-o, --out <file>",
        "results file (JSON lines), created or resumed (default: <spec>.results.jsonl, or <spec>.shard-<i>-of-<n>.results.jsonl)",
        { shape: "file", kind: "sweep" },
      ),
    )
    .option(
      "-t, --threads <n>",
      "threads in all, the main thread included; at most one per core (more is lowered, with a warning)",
      String(availableParallelism()),
    )
    .option("--shard <i/n>", "run only the i-th of n deterministic slices (array jobs); combine with zipflab merge")
    .option("--dry-run", "validate the spec and count the cells; run nothing, write nothing")
    .option(...QUIET_OPTION)
    .action(async (specPath: string, o: SweepOptions) => {
      const shard = o.shard === undefined ? null : parseShard(o.shard);
      const threads = parseThreads(o.threads, "--threads");
      if (o.out === undefined && !o.dryRun && checkInput(specPath, "spec") === "pipe") {
        throw new ConfigError("--out", `a spec from a pipe (${specPath}) has no name to put the results beside: give -o`);
      }
      const sweep = expandSweep(await readSpecFile(specPath), SWEEP_RUNNERS);
      const out = o.out ?? defaultResultsPath(specPath, shard);
      const say = (text: string) => (o.quiet ? undefined : console.log(text));
      const mine = shardCells(sweep.cells, shard).length;
      const varying = varyingFields(sweep.cells.map((c) => c.config));
      (o.dryRun ? console.log : say)(
        `sweep ${sweep.fingerprint} (${sweep.problem}): ${sweep.cells.length} cells` +
          (shard ? `, ${mine} in shard ${shard.index}/${shard.count}` : "") +
          (varying.length ? ` over ${varying.join(", ")}` : ""),
      );
      // A results file of any sweep may be resumed (a different sweep's is refused by runSweep); anything else is the user's.
      if (o.dryRun && o.out === undefined && checkInput(specPath, "spec") === "pipe") return;
      planOutputs([{ option: "--out", path: out, kind: "sweep" }], { forceFlag: null, inputs: [{ option: "spec", path: specPath }] });
      if (o.dryRun) return;
      makeFolders(dirname(out), "--out");

      const progress = sweepProgress({ quiet: o.quiet });
      // Ctrl-C or SIGTERM (a scheduler's time limit, `kill`): every line written so far is kept
      // (whole lines only); say what happened, how many are saved and how to go on.
      let saved = 0;
      let ofTotal = shardCells(sweep.cells, shard).length;
      const onSignal = (signal: "SIGINT" | "SIGTERM") => () => {
        progress.stop();
        process.stderr.write(
          `\nzipflab: ${signal === "SIGINT" ? "interrupted" : "stopped by SIGTERM"}; ${saved} of ${ofTotal} cells are saved in ${out}. ` +
            `Resume with:\n  ${resumeCommand(specPath, shard, out, defaultResultsPath(specPath, shard))}\n`,
        );
        process.exit(signal === "SIGINT" ? 130 : 143);
      };
      const onInterrupt = onSignal("SIGINT");
      const onTerminate = onSignal("SIGTERM");
      process.once("SIGINT", onInterrupt);
      process.once("SIGTERM", onTerminate);
      const outcome = await runSweep(sweep, {
        out,
        threads,
        shard,
        onStart(info) {
          saved = info.skipped;
          ofTotal = info.total;
          if (info.repairedBytes > 0)
            console.log(`repaired ${out}: cut a line torn by a crash (${info.repairedBytes} bytes); its cell will rerun`);
          if (info.duplicates > 0)
            console.log(`note: ${out} holds ${info.duplicates} cells twice (two sweeps wrote to it at once?); zipflab merge keeps one`);
          say(`${info.skipped} already in ${out}; running ${info.toRun} on ${info.threads} thread${info.threads === 1 ? "" : "s"}`);
        },
        onProgress: (p) => {
          saved = p.done;
          progress.update(p);
        },
      }).finally(() => {
        process.off("SIGINT", onInterrupt);
        process.off("SIGTERM", onTerminate);
        progress.stop();
      });
      const rate = outcome.seconds > 0 ? outcome.ran / outcome.seconds : 0;
      say(
        `done: ${outcome.ran} cells in ${outcome.seconds.toFixed(1)} s (${rate.toPrecision(3)} cells/s); ` +
          `${out} holds all ${outcome.total} cells${shard ? ` of shard ${shard.index}/${shard.count}` : ""}`,
      );
      say(
        shard
          ? `when every shard is done: zipflab merge -o <merged.jsonl> <the ${shard.count} shard files>`
          : `next: zipflab report ${out}`,
      );
    });
}
