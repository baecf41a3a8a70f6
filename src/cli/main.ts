// The `zipflab` command line: one file per command under src/cli/.
import { Command, CommanderError } from "commander";
import { OutputError } from "../io/atomic.js";
import { tokensCommand } from "./tokens.js";
import { runCommand } from "./run.js";
import { sweepCommand } from "./sweep.js";
import { mergeCommand } from "./merge.js";
import { reportCommand } from "./report.js";
import { scalingCommand } from "./scaling.js";
import { reproCommand } from "./repro.js";
import { plotCommand } from "./plot.js";
import { serveCommand } from "./serve.js";
import { examplesText } from "./examples.js";
import { corpusCommand } from "./corpus.js";
// Installs the corpus loader (brown, files, cache) that problems with a corpus use.
import "../corpus/node/load.js";
import { ConfigError } from "../config/error.js";

export function program(): Command {
  const cli = new Command("zipflab")
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
    .addCommand(serveCommand())
    .addCommand(corpusCommand());
  for (const command of cli.commands) {
    const examples = examplesText(command.name());
    if (examples) command.addHelpText("after", examples);
  }
  return cli;
}

export async function main(argv: readonly string[]): Promise<void> {
  const cli = program();
  // Usage errors read like every other bad input: "zipflab: error: unknown option '--x'".
  const output = { outputError: (text: string, write: (s: string) => void) => write(`zipflab: ${text}`) };
  // Every command at any depth (a command may have subcommands of its own).
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const command of all(cli)) {
    command.exitOverride().configureOutput(output).description(reflow(command.description()));
  }
  if (!process.stdout.listeners("error").includes(endOnClosedPipe)) process.stdout.on("error", endOnClosedPipe);
  try {
    await cli.parseAsync(argv as string[]);
  } catch (e) {
    process.exitCode = exitCodeOf(e);
  }
}

/** `zipflab … | head`: a closed pipe ends the command quietly, as it does for other tools. */
function endOnClosedPipe(e: NodeJS.ErrnoException): void {
  if (e.code !== "EPIPE") throw e;
  process.exit(0);
}

/**
 * Descriptions are written as source lines of ≤ 100 characters; Commander wraps each line to
 * the terminal's width, so the source breaks inside a paragraph are joined first (a line that
 * starts with a space, a blank line and a list keep their breaks).
 */
export function reflow(text: string): string {
  return text.replace(/([^\n])\n(?=[^\s-])/g, "$1 ");
}

/**
 * Bad input of any kind — a config field, a usage error, a path that cannot be read or
 * written — is `zipflab: error: …` and exit code 2; anything else is a bug and keeps its stack.
 * A RangeError is a bug too (a stack overflow, an array too long): bad input that could cause
 * one is refused where it is read, naming its field.
 */
function exitCodeOf(e: unknown): number {
  // Commander's usage errors (unknown option, bad choice, missing argument) are bad input too;
  // --help and --version exit 0.
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  if (e instanceof ConfigError || e instanceof OutputError) {
    console.error(`zipflab: error: ${e.message}`);
    return 2;
  }
  const io = e as NodeJS.ErrnoException;
  if (io instanceof Error && typeof io.code === "string" && typeof io.path === "string" && /^E[A-Z]+$/.test(io.code)) {
    console.error(`zipflab: error: ${io.path}: ${io.code === "ENOENT" ? "no such file or folder" : io.code}`);
    return 2;
  }
  throw e;
}
