// <zipflab-demo> attributes → the experiment input the CLI builds from the same flags
// (src/cli/tokens.ts, src/cli/run.ts), so the same attributes give the same numbers.
// Parsing errors are the CLI's ConfigErrors, naming the field.
import type { TokensInput } from "../../src/experiments/tokens/config.js";
import type { ProblemRunInput } from "../../src/experiments/run/config.js";
import { RUN_DEFAULTS, resolveProblemRunConfig } from "../../src/experiments/run/config.js";
import { resolveTokensConfig } from "../../src/experiments/tokens/config.js";
import { PROBLEM_NAMES, problemEntry } from "../../src/problems/registry.js";
import { pageOptions, problemAttributes } from "../../src/problems/registry.js";
import { attributeOf, flagOf } from "../../src/problems/declaration.js";
import { ConfigError } from "../../src/config/error.js";
import { parseNumber } from "../../src/config/parse-text.js";
import { parseOptimizers } from "../../src/optimizers/registry.js";

export type Attributes = Record<string, string | null>;

export type ExperimentRequest = { kind: "tokens"; input: TokensInput } | { kind: "run"; input: ProblemRunInput };

/** The CLI's default --opt of each experiment (`zipflab tokens`, `zipflab run`). */
export const DEFAULT_OPT = { tokens: "sgd adam", run: RUN_DEFAULTS.optimizers.join(" ") };

/** "tokens" is the six-token experiment (its registered problem is the same model). */
export const EXPERIMENTS = ["tokens", ...PROBLEM_NAMES.filter((name) => name !== "tokens")];

/** Attributes every experiment reads (besides the problem options). */
export const COMMON_ATTRIBUTES = [
  "experiment",
  "opt",
  "lr",
  "steps",
  "seed",
  "batch",
  "record",
  "noise",
  "groups",
  "schedule",
  "per-class",
];

/** Space-separated optimizer specs, each exactly as `--opt` takes it. */
export function optimizerArgs(text: string): string[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((s) => s !== "");
}

function number(a: Attributes, name: string, field = name): number | undefined {
  const text = a[name];
  return text === null || text === undefined ? undefined : parseNumber(field, text);
}

export function experimentOf(a: Attributes): string {
  const experiment = (a.experiment ?? "tokens").trim();
  if (!EXPERIMENTS.includes(experiment)) {
    throw new ConfigError("experiment", `unknown experiment ${JSON.stringify(experiment)} (one of: ${EXPERIMENTS.join(", ")})`);
  }
  return experiment;
}

export function requestFromAttributes(a: Attributes): ExperimentRequest {
  const experiment = experimentOf(a);
  const opt = a.opt ?? (experiment === "tokens" ? DEFAULT_OPT.tokens : DEFAULT_OPT.run);
  if (optimizerArgs(opt).length === 0) throw new ConfigError("opt", "must name at least one optimizer");
  const optimizers = parseOptimizers(optimizerArgs(opt));
  if (experiment === "tokens") {
    for (const name of [
      "groups",
      "schedule",
      "per-class",
      ...[...problemAttributes().keys()].filter((n) => !COMMON_ATTRIBUTES.includes(n)),
    ]) {
      if (a[name] !== null && a[name] !== undefined) throw new ConfigError(name, "is not an option of the tokens experiment");
    }
    const input: TokensInput = { optimizers };
    const put = <K extends keyof TokensInput>(key: K, value: TokensInput[K] | undefined) => {
      if (value !== undefined) input[key] = value;
    };
    put("lr", number(a, "lr"));
    put("steps", number(a, "steps"));
    put("batch", number(a, "batch"));
    put("noise", number(a, "noise"));
    put("seed", number(a, "seed"));
    if (a.record !== null && a.record !== undefined) input.record = a.record;
    return { kind: "tokens", input };
  }
  if (a.noise !== null && a.noise !== undefined) throw new ConfigError("noise", `is not an option of ${experiment}`);
  const entry = problemEntry(experiment);
  const options = pageOptions(entry);
  const config: Record<string, unknown> = {};
  for (const [name, field] of problemAttributes()) {
    if (a[name] !== null && a[name] !== undefined && !options.some((o) => attributeOf(o) === name)) {
      throw new ConfigError(
        `problem.${field}`,
        `is not an option of ${experiment} (its options: ${entry.options.map((o) => o.field).join(", ")})`,
      );
    }
  }
  for (const o of options) {
    const text = a[attributeOf(o)!];
    if (text === null || text === undefined) continue;
    const field = `problem.${o.field}`;
    config[o.field] =
      o.kind === "choice" || o.kind === "text" || o.kind === "list"
        ? text.trim()
        : o.kind === "batch" && text.trim() === "full"
          ? "full"
          : parseNumber(field, text);
  }
  const input: ProblemRunInput = {
    problem: experiment,
    config,
    optimizers,
    lr: number(a, "lr") ?? RUN_DEFAULTS.lr,
    steps: number(a, "steps") ?? RUN_DEFAULTS.steps,
    seed: number(a, "seed") ?? RUN_DEFAULTS.seed,
    record: a.record ?? RUN_DEFAULTS.record,
    schedule: a.schedule ?? "constant",
    updates: "auto",
    perClass: a["per-class"] !== null && a["per-class"] !== undefined,
    coupling: false,
  };
  const groups = number(a, "groups");
  if (groups !== undefined) input.groups = groups;
  return { kind: "run", input };
}

/**
 * A shell word that stands for exactly `s`: bare when it is made of safe characters and cannot
 * read as an option (no leading "-"), else in single quotes ("'" as '\\'').
 */
function shellWord(s: string): string {
  return /^[\w.:=,+/][\w.:=,+\-/]*$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/**
 * The `npx zipflab …` command that reproduces the request (same numbers, `--json result.json`).
 * The attributes are validated first (a ConfigError names the bad one), and every value is one
 * shell word that the CLI reads as that option's value and nothing else: an attribute cannot
 * smuggle an option in (`opt="sgd --figure=/x --force"`).
 */
export function cliCommand(a: Attributes): string {
  const experiment = experimentOf(a);
  const request = requestFromAttributes(a);
  if (request.kind === "tokens") resolveTokensConfig(request.input);
  else resolveProblemRunConfig(request.input);
  // A value that starts with "-" is given as --name=value: the CLI would read it as an option.
  const option = (flag: string, value: string) => (value.startsWith("-") ? [shellWord(`${flag}=${value}`)] : [flag, shellWord(value)]);
  const parts = ["npx", "zipflab", ...(experiment === "tokens" ? ["tokens"] : ["run", experiment])];
  if (a.opt) {
    const specs = optimizerArgs(a.opt);
    const flagLike = specs.find((spec) => spec.startsWith("-"));
    if (flagLike !== undefined) throw new ConfigError("opt", `${JSON.stringify(flagLike)} is not an optimizer (it reads as an option)`);
    parts.push("--opt", ...specs.map(shellWord));
  }
  for (const name of ["lr", "steps", "seed", "batch", "record", "noise", "groups", "schedule"]) {
    if (a[name] !== null && a[name] !== undefined) parts.push(...option(`--${name}`, a[name]!));
  }
  if (experiment !== "tokens") {
    for (const o of pageOptions(problemEntry(experiment))) {
      const v = a[attributeOf(o)!];
      const flag = flagOf(o);
      if (o.field !== "batch" && flag !== null && v !== null && v !== undefined) parts.push(...option(flag, v));
    }
    if (a["per-class"] !== null && a["per-class"] !== undefined) parts.push("--per-class");
  }
  parts.push("--json", "result.json");
  return parts.join(" ");
}
