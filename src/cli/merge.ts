// `zipflab merge -o OUT FILES…`: combines the results files of one sweep (its shards) into one,
// one line per cell in cell order, and reports missing and duplicate cells.
import { Command } from "commander";
import { canonicalJson } from "../io/canonical-json.js";
import { planOutputs } from "../io/outputs.js";
import { mergeResults, type CellCopies } from "../sweep/merge.js";
import { jsonLine } from "../sweep/results.js";
import { outputOption } from "./output-options.js";

const LIST = 10;

function listCopies(copies: readonly CellCopies[]): string {
  const shown = copies.slice(0, LIST).map((c) => `  cell ${c.index} (${c.key}) in ${c.files.join(", ")}`);
  return [...shown, ...(copies.length > LIST ? [`  … and ${copies.length - LIST} more`] : [])].join("\n");
}

export function mergeCommand(): Command {
  return new Command("merge")
    .description(
      "Reads results files of one sweep (all must carry the same spec fingerprint)\n" +
        "and writes one file with one line per cell, in cell order. A cell found twice\n" +
        "with the same numbers is kept once; with different numbers nothing is written.\n" +
        "Exit code 1 if cells are missing; the merged file is still written, and\n" +
        "`zipflab sweep SPEC -o MERGED` then runs just the missing cells.",
    )
    .argument("<files...>", "results files (e.g. the shard files)")
    .addOption(
      outputOption("-o, --out <file>", "merged results file (written whole or not at all; never one of the inputs)", {
        shape: "file",
        kind: "sweep",
      }).makeOptionMandatory(),
    )
    .option("--force", "replace --out if it exists (it may hold cells the inputs lack)")
    .action(async (files: string[], o: { out: string; force?: boolean }) => {
      // An existing results file may hold cells the inputs lack: replaced only with --force.
      const outputs = planOutputs([{ option: "--out", path: o.out, kind: "sweep", replace: "new" }], {
        force: o.force,
        forceFlag: "--force",
        inputs: files.map((path, i) => ({ option: `files[${i}]`, path })),
      });
      const merged = await mergeResults(
        files,
        files.map((_, i) => `files[${i}]`),
      );
      const { header, lines, missing, duplicates, conflicts, torn } = merged;
      for (const file of torn) console.log(`note: ${file} ends in a line torn by a crash; ignored (that cell counts as missing)`);
      if (conflicts.length > 0) {
        console.error(
          `zipflab: error: ${conflicts.length} cells appear more than once with different numbers; nothing written:\n${listCopies(conflicts)}`,
        );
        process.exitCode = 1;
        return;
      }
      await outputs.write("--out", o.out, [header, ...lines].map(jsonLine).join(""));
      console.log(
        `merged ${files.length} file${files.length === 1 ? "" : "s"} of sweep ${header.fingerprint} (${header.problem}) into ${o.out}: ` +
          `${lines.length} of ${header.cells} cells`,
      );
      if (duplicates.length > 0)
        console.log(
          `duplicates: ${duplicates.length} cells found more than once with the same numbers (kept once):\n${listCopies(duplicates)}`,
        );
      if (missing.length > 0) {
        const shown = missing.slice(0, LIST).map((c) => `  cell ${c.index} (${c.key}) ${canonicalJson(c.config)}`);
        console.log(
          `missing: ${missing.length} cells have no result:\n${shown.join("\n")}${missing.length > LIST ? `\n  … and ${missing.length - LIST} more` : ""}`,
        );
        console.log(`run them with: zipflab sweep <spec> -o ${o.out}`);
        process.exitCode = 1;
      }
    });
}
