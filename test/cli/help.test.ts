// Every command's --help ends with examples, and `run --help` shows each problem's defaults.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { Help } from "commander";
import { COMMAND_NAMES, COMMANDS, program, reflow } from "../../src/cli/main.js";
import { QUIET_OPTION } from "../../src/cli/progress.js";
import { PROBLEM_NAMES } from "../../src/problems/registry.js";
import { cli } from "../helpers/cli.js";

// Every command loaded (main() loads only the one it runs).
const everything = await program();

describe("--help of every command", () => {
  it.each(everything.commands.map((c) => c.name()))("%s --help shows at least one example", async (name) => {
    const { out, code } = await cli(name, "--help");
    expect(code).toBe(0);
    expect(out).toMatch(/Examples?:/i);
    expect(out).toMatch(new RegExp(`zipflab ${name}\\b`));
  });

  it("-q means the same in every command that has it", () => {
    const quiet = everything.commands.flatMap((c) => c.options.filter((o) => o.short === "-q").map((o) => [c.name(), o.description]));
    expect(quiet.map(([name]) => name).sort()).toEqual(["repro", "run", "scaling", "sweep", "tokens"]);
    for (const [name, description] of quiet) expect(description, name).toBe(QUIET_OPTION[1]);
  });

  it("run --help lists the defaults of every registered problem", async () => {
    const { out } = await cli("run", "--help");
    for (const name of PROBLEM_NAMES) expect(out).toMatch(new RegExp(`^  ${name} +\\S+=`, "m"));
    expect(out).toMatch(/^ {2}bigram-softmax +d=1000 alpha=1/m);
  });
});

describe("the overview (`zipflab --help`) without loading the commands", () => {
  it("lists every command as its loaded form does: name, [options], arguments", () => {
    expect(everything.commands.map((c) => c.name())).toEqual(COMMAND_NAMES);
    for (const command of everything.commands) {
      expect(`${command.name()} [options]${COMMANDS[command.name()].arguments ? ` ${COMMANDS[command.name()].arguments}` : ""}`).toBe(
        new Help().subcommandTerm(command),
      );
    }
  });

  it("shows each command's summary, with no internal references", async () => {
    const { out, code } = await cli("--help");
    expect(code).toBe(0);
    for (const name of COMMAND_NAMES) expect(out).toMatch(new RegExp(`^  ${name} \\[options\\]`, "m"));
    expect(out).toContain("the six-token experiment: rare tokens under SGD vs");
    expect(out).not.toMatch(/SPEC/);
  });

  it("`zipflab help run` shows run's own help; a misspelt command gets a suggestion", async () => {
    expect((await cli("help", "run")).out).toMatch(/^Usage: zipflab run \[options\] <problem>/);
    const typo = await cli("tokenz");
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/unknown command 'tokenz'[\s\S]*Did you mean tokens\?/);
  });
});

describe("help text as a terminal shows it", () => {
  it("descriptions are paragraphs: source line breaks inside one are joined, lists and blank lines kept", () => {
    expect(reflow("Runs a problem and reports\nthe loss.\n\nProblems:\n  a  one\n  b  two\n- item\nnext")).toBe(
      "Runs a problem and reports the loss.\n\nProblems:\n  a  one\n  b  two\n- item next",
    );
    for (const command of everything.commands) {
      expect(reflow(command.description()), command.name()).not.toMatch(/[a-z,]\n[a-z(]/);
    }
  });

  it.each(COMMAND_NAMES)("%s --help: a list's long item continues indented, never back at column 0", async (name) => {
    const { out } = await cli(name, "--help");
    for (const paragraph of out.split(/\n\s*\n/)) {
      const lines = paragraph.split("\n");
      const first = lines.findIndex((l) => /^\s/.test(l));
      if (first >= 0)
        expect(
          lines.slice(first).filter((l) => l !== "" && !/^\s/.test(l)),
          `${name}: ${paragraph}`,
        ).toEqual([]);
    }
    if (name === "run") expect(out).toMatch(/^ {2}tokens {10}six-token linear model: .*\n {18}\S/m);
  });

  it("`zipflab run --help | true` ends quietly: exit 0, no stack trace on the closed pipe", () => {
    // `true` exits before node has started, so node's write meets a closed pipe (EPIPE)
    const r = spawnSync("bash", ["-c", "node bin/zipflab.js run --help | true; exit ${PIPESTATUS[0]}"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
