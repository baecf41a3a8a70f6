// `zipflab report RESULTS`: the tuned step size and losses per group of cells, as a table on
// stdout and as CSV files (one row per group; one row per cell).
import { Command } from "commander";
import { mergeResults } from "../sweep/merge.js";
import { sweepReport } from "../sweep/report.js";
import { inShard, parseShard } from "../sweep/shard.js";
import { planOutputs } from "../io/outputs.js";
import { checkInput } from "../io/inputs.js";
import { outputOption } from "./output-options.js";
import { ConfigError } from "../config/error.js";

interface ReportOptions {
  csv: string | false;
  cellsCsv?: string;
  force?: boolean;
}

function stem(path: string): string {
  return path.replace(/\.jsonl$/i, "");
}

export function reportCommand(): Command {
  return new Command("report")
    .description(
      "Groups the cells by every field that varies except lr and seed. In each\n" +
        "group each step size is scored by its worst seed's final loss (a run that\n" +
        "diverged, NaN/Inf or final loss > 1.5× initial, scores its initial loss);\n" +
        "the lowest wins, and a choice at the edge of its grid is flagged.",
    )
    .argument("<results>", "results file of zipflab sweep or zipflab merge")
    .addOption(outputOption("--csv <file>", "per-group CSV (default: <results>.csv)", { shape: "file", kind: "csv" }))
    .addOption(outputOption("--cells-csv <file>", "per-cell CSV (default: <results>.cells.csv)", { shape: "file", kind: "csv" }))
    .option("--no-csv", "write no CSV files")
    .option("--force", "replace CSV files even if zipflab did not write them")
    .action(async (path: string, o: ReportOptions) => {
      const source = checkInput(path, "results");
      const given = (csv: string | boolean | undefined): csv is string => typeof csv === "string";
      if (source === "pipe" && o.csv !== false && (!given(o.csv) || o.cellsCsv === undefined)) {
        throw new ConfigError(
          given(o.csv) ? "--cells-csv" : "--csv",
          `results from a pipe (${path}) have no name to put the CSV files beside: give --csv and --cells-csv, or --no-csv`,
        );
      }
      const groups = o.csv === false ? null : given(o.csv) ? o.csv : `${stem(path)}.csv`;
      const cells = o.csv === false ? null : (o.cellsCsv ?? `${stem(path)}.cells.csv`);
      if (o.csv === false && o.cellsCsv !== undefined) throw new ConfigError("--cells-csv", "does not go with --no-csv");
      const outputs = planOutputs(
        [
          groups !== null && { option: "--csv", path: groups, kind: "csv" },
          cells !== null && { option: "--cells-csv", path: cells, kind: "csv" },
        ],
        { force: o.force, forceFlag: "--force", inputs: [{ option: "results", path }] },
      );
      const merged = await mergeResults([path], ["results"]);
      if (merged.lines.length === 0) {
        throw new ConfigError(
          "results",
          `${path} holds no finished cell yet (0 of ${merged.header.cells}); nothing to report — ` +
            "run (or resume) the sweep first: zipflab sweep SPEC -o " +
            path,
        );
      }
      const shardText = merged.shards[0];
      const shard = shardText ? parseShard(shardText) : null;
      const expected = merged.lines.length + merged.missing.filter((c) => inShard(c.index, shard)).length;
      const report = sweepReport({
        fingerprint: merged.header.fingerprint,
        problem: merged.header.problem,
        shard: shardText,
        expected,
        results: merged.lines,
      });
      console.log(report.text);
      for (const w of report.warnings) console.log(`! ${w}`);
      if (merged.duplicates.length + merged.conflicts.length > 0) {
        console.log(`! ${merged.duplicates.length + merged.conflicts.length} cells appear twice in ${path}; the first copy was used`);
      }
      if (groups !== null && cells !== null) {
        await outputs.write("--csv", groups, report.groupsCsv);
        await outputs.write("--cells-csv", cells, report.cellsCsv);
        console.log(`\nwrote ${groups} and ${cells}`);
      }
    });
}
