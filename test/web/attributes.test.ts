// <zipflab-demo>'s attributes read like the CLI's flags: the same experiment input, the same
// named errors, and a CLI command that reproduces the element's run.
import type { Command } from "commander";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cliCommand, EXPERIMENTS, requestFromAttributes } from "../../web/element/attributes.js";
import { resolveTokensConfig } from "../../src/experiments/tokens/config.js";
import { resolveProblemRunConfig } from "../../src/experiments/run/config.js";
import { tokensCommand, tokensInputFromOptions } from "../../src/cli/tokens.js";
import { PROBLEMS, PROBLEM_NAMES, problemEntry } from "../../src/problems/registry.js";
import { runCommand, runInputFromOptions } from "../../src/cli/run.js";
import { pageOptions, problemAttributes, runFlags } from "../../src/problems/registry.js";
import { attributeOf, flagOf } from "../../src/problems/declaration.js";
import { ConfigError } from "../../src/config/error.js";

describe("element attributes", () => {
  it("a tokens element asks for what `zipflab tokens` builds from the same flags", () => {
    const request = requestFromAttributes({ experiment: "tokens", opt: "sgd adam:b1=0", lr: "0.1", seed: "3" });
    expect(request).toEqual({ kind: "tokens", input: { optimizers: [{ name: "sgd" }, { name: "adam", b1: 0 }], lr: 0.1, seed: 3 } });
  });

  it("problem options go into the problem's config by their registry field names; batch may be full", () => {
    const request = requestFromAttributes({ experiment: "bigram-softmax", d: "300", alpha: "1.5", batch: "full", "data-seed": "7" });
    expect(request.kind).toBe("run");
    expect(request.input).toMatchObject({
      problem: "bigram-softmax",
      config: { d: 300, alpha: 1.5, batch: "full", seed: 7 },
      steps: 300,
      lr: 0.01,
    });
  });

  it("bad attributes are the CLI's named errors", () => {
    expect(() => requestFromAttributes({ lr: "abc" })).toThrow('lr: must be a decimal number (got "abc")');
    expect(() => requestFromAttributes({ experiment: "bigram-softmax", levels: "3" })).toThrow(
      /^problem\.levels: is not an option of bigram-softmax/,
    );
    expect(() => requestFromAttributes({ experiment: "nope" })).toThrow(/^experiment: unknown experiment "nope"/);
    expect(() => requestFromAttributes({ d: "10" })).toThrow("d: is not an option of the tokens experiment");
    expect(() => requestFromAttributes({ opt: "  " })).toThrow("opt: must name at least one optimizer");
  });

  it("the CLI command names the same settings", () => {
    expect(cliCommand({ experiment: "bigram-softmax", d: "300", opt: "sgd adam:lr=1e-3", "data-seed": "2" })).toBe(
      "npx zipflab run bigram-softmax --opt sgd adam:lr=1e-3 --d 300 --data-seed 2 --json result.json",
    );
  });
});

describe("problem options, from each problem's declaration", () => {
  it("the page presents a problem's options with an attribute, and every attribute names one field", () => {
    for (const name of PROBLEM_NAMES) {
      for (const o of pageOptions(PROBLEMS[name])) expect(problemAttributes().get(attributeOf(o)!)).toBe(o.field);
    }
    expect(pageOptions(PROBLEMS["bigram-softmax"]).map((o) => o.field)).toContain("d");
    expect(pageOptions(PROBLEMS["bigram-softmax"]).map((o) => o.field)).not.toContain("corpus");
  });

  it("every option with a flag is a `zipflab run` flag, one per field", () => {
    const flags = runCommand().options.map((o) => o.long);
    for (const name of PROBLEM_NAMES) {
      for (const o of PROBLEMS[name].options) if (flagOf(o) !== null) expect(flags).toContain(flagOf(o));
    }
    expect(new Set(runFlags().map((f) => f.flag)).size).toBe(runFlags().length);
  });
});

/**
 * A POSIX shell's words for a command line as cliCommand writes it: single quotes, the '\''
 * idiom, spaces between words. Anything a shell would treat specially outside quotes (a
 * variable, a command substitution, a redirection, a glob, a comment…) is refused, so a
 * command that splits here is one a user can paste safely.
 */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === " ") {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed quote in ${line}`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === "\\") {
      word = (word ?? "") + line[++i];
    } else if (/[$`"|&;<>(){}*?[\]#~!\n\t]/.test(c)) {
      throw new Error(`unquoted shell character ${JSON.stringify(c)} in ${line}`);
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** The experiment input the CLI builds from the words of a command (parsed, not run). */
function inputOfCommand(words: string[]): { kind: "tokens" | "run"; input: unknown } {
  expect(words.slice(0, 2)).toEqual(["npx", "zipflab"]);
  if (words[2] === "tokens") {
    let captured: unknown = null;
    const command = tokensCommand().exitOverride();
    command.action((o: Parameters<typeof tokensInputFromOptions>[0], c: Command) => {
      captured = tokensInputFromOptions(o, (name) => c.getOptionValueSource(name) !== "default");
    });
    command.parse(words.slice(3), { from: "user" });
    return { kind: "tokens", input: captured };
  }
  let captured: unknown = null;
  const command = runCommand().exitOverride();
  command.action((problem: string, o: Record<string, string | string[] | boolean | undefined>) => {
    captured = runInputFromOptions(problemEntry(problem), o);
  });
  command.parse(words.slice(3), { from: "user" });
  return { kind: "run", input: captured };
}

const resolved = (kind: "tokens" | "run", input: unknown) =>
  kind === "tokens" ? resolveTokensConfig(input as never) : resolveProblemRunConfig(input as never);

describe("the copied CLI command", () => {
  it("refuses an optimizer list that would smuggle options into the command", () => {
    expect(() => cliCommand({ opt: "sgd --figure=/home/me/notes --force" })).toThrow(ConfigError);
    expect(() => cliCommand({ experiment: "quadratic", opt: "sgd -o x" })).toThrow(ConfigError);
    expect(() => cliCommand({ opt: "sgd; rm -rf ~" })).toThrow(ConfigError);
  });

  it("quotes a value that starts with '-' or holds shell characters so it stays one value", () => {
    const line = cliCommand({ experiment: "quadratic", d: "5", target: "-2", opt: "sgd" });
    expect(line).toContain("--target=-2");
    expect(shellWords(line)).toContain("--target=-2");
  });

  it("parses back to exactly the page's state (fast-check over attributes, hostile ones included)", () => {
    const text = fc.oneof(
      fc.constantFrom(
        "1",
        "0.5",
        "-1",
        "-0.5",
        "1e-3",
        "20",
        "every:2",
        "log:5",
        "cosine:warmup=2",
        "full",
        "3",
        "-x",
        "--force",
        "a'b",
        "$(id)",
        "`id`",
        "x;y",
        '"q"',
        "a b",
        "*",
        "~",
      ),
      fc.string({ maxLength: 8 }),
    );
    const opt = fc.oneof(
      fc.constantFrom(
        "sgd adam",
        "sign:momentum=0.9",
        "adam:b1=0,b2=0.99 sgd",
        "sgd --figure=/x --force",
        "adam:lr=1e-3",
        "$(rm -rf ~)",
        "sgd'",
        "sgd -q",
      ),
      fc.string({ maxLength: 10 }),
    );
    const names = ["lr", "steps", "seed", "batch", "record", "noise", "groups", "schedule", ...problemAttributes().keys()];
    const attributes = fc
      .record({
        experiment: fc.constantFrom(...EXPERIMENTS),
        opt: fc.option(opt, { nil: undefined }),
        rest: fc.dictionary(fc.constantFrom(...names), text, { maxKeys: 3 }),
      })
      .map(({ experiment, opt: o, rest }) => ({ experiment, ...(o === undefined ? {} : { opt: o }), ...rest }));
    let checked = 0;
    fc.assert(
      fc.property(attributes, (a) => {
        let line: string;
        try {
          line = cliCommand(a);
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          return;
        }
        checked++;
        const request = requestFromAttributes(a);
        const { kind, input } = inputOfCommand(shellWords(line));
        expect(kind).toBe(request.kind);
        expect(resolved(kind, input)).toEqual(resolved(request.kind, request.input));
      }),
      { numRuns: 600, seed: Number(process.env.FUZZ_SEED ?? 20261201) },
    );
    expect(checked).toBeGreaterThan(50);
  });
});
