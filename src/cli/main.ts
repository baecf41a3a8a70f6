// The `zipflab` command line: one file per command under src/cli/.
import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/fields.js";
import { tokensCommand } from "./tokens.js";
import { runCommand } from "./run.js";
import { sweepCommand } from "./sweep.js";
import { mergeCommand } from "./merge.js";
import { reportCommand } from "./report.js";
import { scalingCommand } from "./scaling.js";
import { reproCommand } from "./repro.js";
import { plotCommand } from "./plot.js";
import { corpusCommand } from "./corpus.js";
// Installs the corpus loader (brown, files, cache) that problems with a corpus use.
import "../corpus/node/load.js";

export function program(): Command {
  return new Command("zipflab")
    .description("Optimizer dynamics under heavy-tailed (Zipf) class imbalance: why Adam and sign descent beat SGD on rare classes.")
    .version("0.1.0")
    .showHelpAfterError()
    .addCommand(tokensCommand())
    .addCommand(runCommand())
    .addCommand(sweepCommand())
    .addCommand(mergeCommand())
    .addCommand(reportCommand())
    .addCommand(scalingCommand())
    .addCommand(reproCommand())
    .addCommand(plotCommand())
    .addCommand(corpusCommand());
}

export async function main(argv: readonly string[]): Promise<void> {
  const cli = program().exitOverride();
  for (const command of cli.commands) command.exitOverride();
  try {
    await cli.parseAsync(argv as string[]);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    if (e instanceof ConfigError || e instanceof RangeError) {
      console.error(`zipflab: error: ${e.message}`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}
