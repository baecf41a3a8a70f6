// The problems by name, each one declaration (src/problems/<name>/declaration.ts, found by the
// build: src/layout/generate.mjs): `zipflab run`, sweeps, the page and the library find them
// here, and everything they present of a problem (flags, --help, controls, sweep fields) is
// generated from its declaration.
import { ConfigError } from "../config/error.js";
import { attributeOf, defaultsOf, flagOf, type OptionDeclaration, type OptionKind, type ProblemDeclaration } from "./declaration.js";
import { DECLARATIONS } from "./generated.js";

/** Every problem by name, in the order of their codes (src/problems/generated.ts, written by the build). */
export const PROBLEMS: Readonly<Record<string, ProblemDeclaration>> = Object.fromEntries(
  DECLARATIONS.map((d) => [d.name, d as ProblemDeclaration]),
);

export const PROBLEM_NAMES = Object.keys(PROBLEMS);

/** The declaration of a problem; ConfigError naming `field` if there is none. */
export function problemEntry(name: unknown, field = "problem"): ProblemDeclaration {
  const entry = typeof name === "string" && Object.hasOwn(PROBLEMS, name) ? PROBLEMS[name] : undefined;
  if (!entry) throw new ConfigError(field, `unknown problem ${JSON.stringify(name)} (one of: ${PROBLEM_NAMES.join(", ")})`);
  return entry;
}

/** A problem's defaults by option field ({} for a name no problem has: a result from elsewhere). */
export function problemDefaults(name: string): Record<string, unknown> {
  return Object.hasOwn(PROBLEMS, name) ? defaultsOf(PROBLEMS[name].options) : {};
}

/** How `zipflab run` reads a flag's text: kinds read alike may share a flag (a choice here, a file name there). */
const readAs = (kind: OptionKind) =>
  kind === "text" || kind === "choice" || kind === "list" ? "text" : kind === "batch" ? "batch" : "number";

/** One option of `zipflab run` and the problems that declare it. */
export interface RunFlag {
  readonly flag: string;
  /** The declarations of this field, one per problem that has it (same field, same kind). */
  readonly declarations: readonly { problem: string; option: OptionDeclaration }[];
}

/**
 * The problem options of `zipflab run`: one flag per field over every problem, in the order
 * the problems declare them (a field declared by several problems comes where it first does;
 * the data seed last). Two problems declaring a field must agree on its flag and on how its
 * text is read (readAs).
 */
export function runFlags(): RunFlag[] {
  const byField = new Map<string, { flag: string; declarations: { problem: string; option: OptionDeclaration }[] }>();
  const order: string[] = [];
  for (const d of Object.values(PROBLEMS)) {
    let previous = -1;
    for (const option of d.options) {
      const flag = flagOf(option);
      if (flag === null) continue;
      const seen = byField.get(option.field);
      if (seen) {
        if (seen.flag !== flag || readAs(seen.declarations[0].option.kind) !== readAs(option.kind)) {
          throw new Error(
            `${d.name}.${option.field}: declared as ${option.kind} ${flag}, but as ${seen.declarations[0].option.kind} ${seen.flag} by ${seen.declarations[0].problem}`,
          );
        }
        seen.declarations.push({ problem: d.name, option });
        previous = order.indexOf(option.field);
        continue;
      }
      byField.set(option.field, { flag, declarations: [{ problem: d.name, option }] });
      // a new field goes right after the last field of this problem already placed
      order.splice(previous + 1, 0, option.field);
      previous += 1;
    }
  }
  const seedLast = (f: string) => (f === "seed" ? 1 : 0);
  return order.sort((a, b) => seedLast(a) - seedLast(b)).map((field) => byField.get(field)!);
}

/** A flag's help line: one help, or each problem's where they differ ("quadratic: coordinates; bigram-square: …"). */
export function runFlagHelp(f: RunFlag): string {
  const helps = new Map<string, string[]>();
  for (const { problem, option } of f.declarations) {
    const text = option.choices ? `${option.help}: ${option.choices.join(" | ")}` : option.help;
    helps.set(text, [...(helps.get(text) ?? []), problem]);
  }
  if (helps.size === 1) {
    const [[text, problems]] = [...helps];
    return problems.length === PROBLEM_NAMES.length ? text : `${problems.join(", ")}: ${text}`;
  }
  return [...helps].map(([text, problems]) => `${problems.join(", ")}: ${text}`).join("; ");
}

/** Every <zipflab-demo> attribute of a problem option (over all problems) → its config field, in --help order. */
export function problemAttributes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of runFlags()) {
    for (const { option } of f.declarations) {
      const attribute = attributeOf(option);
      if (attribute !== null && !out.has(attribute)) out.set(attribute, option.field);
    }
  }
  return out;
}

/** The options of a problem the page presents (those with an attribute), in its declared order. */
export function pageOptions(entry: ProblemDeclaration): OptionDeclaration[] {
  return entry.options.filter((o) => attributeOf(o) !== null);
}
