// The `zipflab` command line: one file per command under src/cli/, each loaded only when that
// command runs (or shows its --help), so that `zipflab --version` or `zipflab --help` load
// Commander and this file alone, and a command loads what it uses (Vega and the PNG rasterizer
// only when it draws a figure).
import { Command, CommanderError, Help } from "commander";
import { ConfigError } from "../config/error.js";
import { OutputError } from "../io/output-error.js";
import { examplesText } from "./examples.js";

interface CommandEntry {
  /** One line for `zipflab --help`. */
  summary: string;
  /** Its arguments as --help shows them ("<problem>"), for the overview without loading the command. */
  arguments?: string;
  /** The command with its options and action. */
  load(): Promise<Command>;
}

/** Commands whose problems may read a corpus: they install the corpus loader (brown, files, cache). */
const withCorpus = async <T>(load: () => Promise<T>): Promise<T> => {
  await import("../corpus/node/load.js");
  return load();
};

export const COMMANDS: Record<string, CommandEntry> = {
  tokens: {
    summary: "the six-token experiment: rare tokens under SGD vs Adam",
    load: async () => (await import("./tokens.js")).tokensCommand(),
  },
  run: {
    summary: "run one problem with several optimizers; loss per frequency group",
    arguments: "<problem>",
    load: () => withCorpus(async () => (await import("./run.js")).runCommand()),
  },
  sweep: {
    summary: "run a sweep spec (a grid of cells) on all cores; resumable, shardable",
    arguments: "<spec>",
    load: () => withCorpus(async () => (await import("./sweep.js")).sweepCommand()),
  },
  merge: {
    summary: "combine the results files of a sweep's shards; report missing and duplicate cells",
    arguments: "<files...>",
    load: async () => (await import("./merge.js")).mergeCommand(),
  },
  report: {
    summary: "tuned step size and losses per group of a sweep's cells; table and CSV",
    arguments: "<results>",
    load: async () => (await import("./report.js")).reportCommand(),
  },
  scaling: {
    summary: "steps to relative loss ε against d on the bigram square loss, with fitted exponents",
    load: () => withCorpus(async () => (await import("./scaling.js")).scalingCommand()),
  },
  repro: {
    summary: "reproduce the papers' figures: run, plot, and write out/<name>/ with a README",
    arguments: "<name...>",
    load: () => withCorpus(async () => (await import("./repro.js")).reproCommand()),
  },
  plot: {
    summary: "draw the figures of a saved run, sweep or scaling result (SVG and PNG)",
    arguments: "<file>",
    load: async () => (await import("./plot.js")).plotCommand(),
  },
  serve: {
    summary: "serve the web page and the embeddable <zipflab-demo> element on localhost",
    load: async () => (await import("./serve.js")).serveCommand(),
  },
  corpus: {
    summary: "statistics and rank–frequency figure of a corpus (brown, or your own text) at vocabulary size V",
    arguments: "<corpus>",
    load: () => withCorpus(async () => (await import("./corpus.js")).corpusCommand()),
  },
};

export const COMMAND_NAMES = Object.keys(COMMANDS);

/**
 * The program with the commands named in `load` complete (options, action, examples) and the
 * others as their name and summary only, enough for `zipflab --help` and for Commander to
 * suggest a name for a misspelt one.
 */
export async function program(load: readonly string[] = COMMAND_NAMES): Promise<Command> {
  const cli = new Command("zipflab")
    .description("Optimizer dynamics under heavy-tailed (Zipf) class imbalance: why Adam and sign descent beat SGD on rare classes.")
    .version("0.1.0")
    .showHelpAfterError()
    // The overview shows each command as its loaded form would ("run [options] <problem>").
    .configureHelp({
      subcommandTerm: (c) => {
        const entry = Object.hasOwn(COMMANDS, c.name()) ? COMMANDS[c.name()] : undefined;
        return entry ? `${c.name()} [options]${entry.arguments ? ` ${entry.arguments}` : ""}` : new Help().subcommandTerm(c);
      },
    });
  const commands = await Promise.all(
    COMMAND_NAMES.map(async (name) => {
      const entry = COMMANDS[name];
      if (!load.includes(name)) return new Command(name).summary(entry.summary);
      const command = (await entry.load()).summary(entry.summary);
      const examples = examplesText(name);
      if (examples) command.addHelpText("after", examples);
      return command;
    }),
  );
  for (const command of commands) cli.addCommand(command);
  return cli;
}

/** The command that `argv` runs or asks help for (`zipflab run …`, `zipflab help run`), if any. */
export function commandOf(argv: readonly string[]): string | null {
  const [first, second] = argv.slice(2);
  const name = first === "help" ? second : first;
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? name : null;
}

export async function main(argv: readonly string[]): Promise<void> {
  const name = commandOf(argv);
  const cli = await program(name === null ? [] : [name]);
  // Usage errors read like every other bad input: "zipflab: error: unknown option '--x'".
  const output = { outputError: (text: string, write: (s: string) => void) => write(`zipflab: ${text}`) };
  // Every command at any depth (a command may have subcommands of its own).
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const command of all(cli)) {
    command
      .exitOverride()
      .configureOutput(output)
      .description(reflow(command.description()))
      .configureHelp({ ...command.configureHelp(), boxWrap: hangingBoxWrap });
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
 * Commander's wrapping to the terminal's width, with a hanging indent: a line of a list in a
 * description ("  tokens          six-token linear model: …", or an indented example) continues
 * under its text instead of at column 0.
 */
export function hangingBoxWrap(this: Help, text: string, width: number): string {
  return text
    .split("\n")
    .map((line) => {
      // Under the text after a list item's term (a term, then two or more spaces), else under
      // the indent; where that leaves too narrow a column, under the indent alone.
      const term = /^\s+\S+(?: \S+)*? {2,}(?=\S)/.exec(line)?.[0].length ?? 0;
      const indent = /^\s+/.exec(line)?.[0].length ?? 0;
      const hang = [term, indent].find((h) => h > 0 && width - h >= this.minWidthToWrap) ?? 0;
      if (hang === 0) return Help.prototype.boxWrap.call(this, line, width);
      const body = Help.prototype.boxWrap.call(this, line.slice(hang), width - hang).split("\n");
      return body.map((l, i) => (i === 0 ? line.slice(0, hang) : " ".repeat(hang)) + l).join("\n");
    })
    .join("\n");
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
