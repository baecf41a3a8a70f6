// Every `npx zipflab …` command in the README and docs/*.md runs. The commands of one document
// run in order (later ones read what earlier ones wrote) in a fresh folder holding a copy of
// examples/, in-process. Rules that keep it to seconds, stated in docs/cli.md ("The docs are
// tested"): reproductions run at --scale test; tokens and run take at most 50 steps; `merge`
// may exit 1 (missing shards are its documented outcome) and gets --force (the full sweep
// already wrote its output); commands in LONG only have their options checked against --help;
// /tmp/ paths move into the folder; scheduler variables take the first array index.
import { cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";

const ROOT = resolve(import.meta.dirname, "../..");
const DOCS = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Deliberately long commands (minutes at full size): their options are checked, not run. */
const LONG: RegExp[] = [/^scaling$/, /^repro all$/, /^serve\b/, /^sweep examples\/sweeps\/tokens-noise\.yaml$/];

/** `tokens` and `run` go through every option they are given, with at most this many steps. */
const MAX_STEPS = 50;

/** Commands with -q (no progress bars in the test log). */
const QUIET = ["tokens", "run", "sweep", "scaling", "repro"];

const VARIABLES: Record<string, string> = {
  "${SLURM_ARRAY_TASK_ID}": "1",
  "${SLURM_CPUS_PER_TASK}": "2",
  "$((JOB_COMPLETION_INDEX + 1))": "1",
};

/** The `npx zipflab …` commands in a Markdown file's fenced code blocks, without comments. */
export function docCommands(markdown: string): string[] {
  const commands: string[] = [];
  let fenced = false;
  for (const raw of markdown.split("\n")) {
    if (raw.trimStart().startsWith("```")) {
      fenced = !fenced;
      continue;
    }
    if (!fenced) continue;
    const line = raw.trim().replace(/^\$ /, "");
    const quoted = /'(npx zipflab [^']*)'/.exec(line);
    const text = line.startsWith("npx zipflab ") ? line : quoted?.[1];
    if (text) commands.push(stripComment(text).slice("npx zipflab ".length).trim());
  }
  return commands;
}

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) quote = c === quote ? null : quote;
    else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && /\s/.test(line[i - 1] ?? " ")) return line.slice(0, i).trimEnd();
  }
  return line;
}

/** Shell words: whitespace-separated, quotes grouping and removed, variables substituted. */
function words(command: string): string[] {
  let text = command;
  for (const [name, value] of Object.entries(VARIABLES)) text = text.replaceAll(name, value);
  const out: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    const word = m[1] ?? m[2] ?? m[3];
    // Adjacent quoted and bare parts form one word: --shard "1/16" is --shard 1/16.
    if (m.index! > 0 && !/\s/.test(text[m.index! - 1])) out[out.length - 1] += word;
    else out.push(word);
  }
  return out;
}

/** A glob in the last path component, expanded against `cwd` as a shell would (sorted). */
function expand(word: string, cwd: string): string[] {
  if (!word.includes("*")) return [word];
  const pattern = new RegExp(
    `^${basename(word)
      .split("*")
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  const matches = readdirSync(join(cwd, dirname(word)))
    .filter((f) => pattern.test(f))
    .sort();
  return matches.length ? matches.map((f) => join(dirname(word), f)) : [word];
}

function prepare(args: string[], cwd: string): string[] {
  const out = args.flatMap((a) => expand(a.startsWith("/tmp/") ? join(cwd, a) : a, cwd));
  if (out[0] === "repro" && !out.includes("--scale") && !out.includes("--help")) out.push("--scale", "test");
  if (out[0] === "merge") out.push("--force");
  if ((out[0] === "tokens" || out[0] === "run") && !out.includes("--help")) {
    const at = out.indexOf("--steps");
    if (at < 0) out.push("--steps", String(MAX_STEPS));
    else out[at + 1] = String(Math.min(Number(out[at + 1]), MAX_STEPS));
  }
  return out;
}

/** The options a command line uses, each of which `zipflab <command> --help` must list. */
function optionsOf(args: string[]): string[] {
  return args.filter((a) => /^--?[a-z]/.test(a)).map((a) => a.split("=")[0]);
}

for (const doc of DOCS) {
  const commands = docCommands(readFileSync(join(ROOT, doc), "utf8"));
  describe(`${doc}: every npx zipflab command runs`, () => {
    const cwd = mkdtempSync(join(tmpdir(), "zipflab-docs-"));
    cpSync(join(ROOT, "examples"), join(cwd, "examples"), { recursive: true });

    it("has commands", () => {
      expect(doc === "README.md" ? commands.length : 1).toBeGreaterThan(0);
    });

    it.each(commands.map((c, i) => [i + 1, c]))(
      "%i: npx zipflab %s",
      async (_i, command) => {
        const args = prepare(words(command as string), cwd);
        if (LONG.some((r) => r.test(command as string))) {
          const help = await cli(args[0], "--help");
          expect(help.code).toBe(0);
          for (const option of optionsOf(args.slice(1))) expect(help.out, option).toContain(option);
          return;
        }
        const home = process.cwd();
        process.chdir(cwd);
        try {
          const quiet = QUIET.includes(args[0]) && !args.includes("--help") && !args.includes("-q") ? ["-q"] : [];
          const { out, err, code } = await cli(...args, ...quiet);
          if (args[0] === "merge" && code === 1) expect(out).toContain("missing:");
          else expect(code, `${args.join(" ")}\n${err}`).toBe(0);
        } finally {
          process.chdir(home);
        }
      },
      180_000,
    );
  });
}
