// One declaration per problem (src/problems/<name>/declaration.ts): each option declared once —
// its type, range, default, help, page control and sweep field — and the list generates the
// zod schema, the defaults, `zipflab run`'s flags and --help, the page's controls and
// <zipflab-demo> attributes, and the fields a sweep cell may set. The declaration also says what
// the problem is (summary, page text, preset) and answers what the run, the command line and
// the figures ask of a problem, so that none of them switches on a problem's name.
import { z } from "zod";
import { argObject } from "../config/args.js";
import { ConfigError, parseConfig } from "../config/error.js";
import { int, num } from "../config/number-fields.js";
import type { OwnedKind } from "../io/ownership.js";
import type { ClassCoupling, Problem } from "./problem.js";

export type OptionKind = "int" | "number" | "choice" | "batch" | "text" | "list";

export interface OptionDeclaration<F extends string = string, T = unknown> {
  /** The config field (and JSON key). */
  readonly field: F;
  readonly kind: OptionKind;
  readonly default: T;
  readonly help: string;
  /** The zod schema of a value; its error names the allowed range. */
  readonly schema: () => z.ZodType;
  /** The allowed values of a choice. */
  readonly choices?: readonly string[];
  /** The value's name in --help ("α", "B"); default: the field. */
  readonly placeholder?: string;
  /** The `zipflab run` flag; default --<field>; null: library and sweeps only. */
  readonly flag?: string | null;
  /** The <zipflab-demo> attribute; default: the field; null: not on the page. */
  readonly attribute?: string | null;
  /** The page's control: a sensible range for its slider or number box (validation is the schema's); log: a log-scale slider. */
  readonly control?: { readonly min?: number; readonly max?: number; readonly log?: boolean; readonly slider?: boolean };
  /** Its name in a sweep cell; default: the field; null: not sweepable. */
  readonly cell?: string | null;
  /** Whether a value names a file the run reads (`zipflab run` then makes sure no output of the run replaces it). */
  readonly readsFile?: (value: string) => boolean;
}

type Presentation = Pick<OptionDeclaration, "placeholder" | "flag" | "attribute" | "control" | "cell" | "readsFile">;

const quoted = (values: readonly string[]) =>
  values.length === 1
    ? `"${values[0]}"`
    : `${values
        .slice(0, -1)
        .map((v) => `"${v}"`)
        .join(", ")} or "${values.at(-1)}"`;

/** Builders of option declarations, one per kind. */
export const option = {
  /** An integer in [min, max]. */
  int<F extends string>(
    field: F,
    def: number,
    [min, max]: [number, number?],
    help: string,
    more: Presentation = {},
  ): OptionDeclaration<F, number> {
    return { field, kind: "int", default: def, help, schema: () => int(min, max), ...more };
  },
  /** A finite number in a range. */
  number<F extends string>(
    field: F,
    def: number,
    bound: Parameters<typeof num>[0],
    help: string,
    more: Presentation = {},
  ): OptionDeclaration<F, number> {
    return { field, kind: "number", default: def, help, schema: () => num(bound), ...more };
  },
  /** One of a list of names. */
  choice<F extends string, const C extends readonly string[]>(
    field: F,
    choices: C,
    def: C[number],
    help: string,
    more: Presentation = {},
  ): OptionDeclaration<F, C[number]> {
    return {
      field,
      kind: "choice",
      default: def,
      help,
      choices,
      schema: () => z.enum(choices as unknown as [string, ...string[]], { error: `must be ${quoted(choices)}` }),
      ...more,
    };
  },
  /** Samples per step, or "full" for the exact loss; at most `max` when given. */
  batch<F extends string>(
    field: F,
    def: number | "full",
    max: number | undefined,
    help: string,
    more: Presentation = {},
  ): OptionDeclaration<F, number | "full"> {
    const within = (b: unknown) =>
      b === "full" || (Number.isInteger(b) && (b as number) >= 1 && (max === undefined || (b as number) <= max));
    const message = max === undefined ? 'must be "full" or a positive integer' : `must be "full" or an integer in [1, ${max}]`;
    return { field, kind: "batch", default: def, help, schema: () => z.unknown().refine(within, { message }), ...more };
  },
  /** Text (a name or a path); "" = unset. */
  text<F extends string>(field: F, def: string, help: string, more: Presentation = {}): OptionDeclaration<F, string> {
    return { field, kind: "text", default: def, help, schema: () => z.string(), ...more };
  },
  /** Any other value, with its own schema (a list, a number or a list). */
  custom<F extends string, T>(
    field: F,
    kind: OptionKind,
    def: T,
    schema: () => z.ZodType,
    help: string,
    more: Presentation = {},
  ): OptionDeclaration<F, T> {
    return { field, kind, default: def, help, schema, ...more };
  },
};

/**
 * The declarations of a config type C (the type the problem's twin is written against): one per
 * field, of its value type, none missing and none extra; their order is the options' order.
 */
export type OptionsOf<C> = { readonly [K in keyof C & string]: OptionDeclaration<K, C[K]> };

/** The options of an OptionsOf, in order. */
export const listOptions = <C>(options: OptionsOf<C>): readonly OptionDeclaration[] => Object.values(options) as OptionDeclaration[];

/** The `zipflab run` flag of an option, or null. */
export const flagOf = (o: OptionDeclaration): string | null => (o.flag === undefined ? `--${o.field}` : o.flag);
/** The <zipflab-demo> attribute of an option, or null. */
export const attributeOf = (o: OptionDeclaration): string | null => (o.attribute === undefined ? o.field : o.attribute);
/** The sweep-cell field of an option, or null. */
export const cellOf = (o: OptionDeclaration): string | null => (o.cell === undefined ? o.field : o.cell);

/** The option's line in --help: its help, and its choices where it has them. */
export function optionHelp(o: OptionDeclaration): string {
  return o.choices ? `${o.help}: ${o.choices.join(" | ")}` : o.help;
}

/** The defaults of an option list. */
export function defaultsOf(options: readonly OptionDeclaration[]): Record<string, unknown> {
  return Object.fromEntries(options.map((o) => [o.field, o.default]));
}

// zod compiles a schema on its first parse (~0.2 ms): one schema per option list, built once.
const schemas = new WeakMap<readonly OptionDeclaration[], z.ZodType>();

function schemaOf(options: readonly OptionDeclaration[]): z.ZodType {
  let schema = schemas.get(options);
  if (!schema) {
    schema = z.object(Object.fromEntries(options.map((o) => [o.field, o.schema()]))).strict();
    schemas.set(options, schema);
  }
  return schema;
}

/**
 * Validates `input` against an option list, unset fields (and fields set to undefined) taking
 * their defaults; throws ConfigError naming `<field>.<option>`.
 */
export function resolveOptions<C>(options: readonly OptionDeclaration[], input: object, field = "problem"): C {
  argObject(field || "config", input, "an object of options");
  const set = Object.entries(input).filter(([, v]) => v !== undefined);
  return parseConfig(schemaOf(options), { ...defaultsOf(options), ...Object.fromEntries(set) }, field) as C;
}

/** `field.name`, or `name` at the top level. */
export function fieldPath(field: string, name: string): string {
  return field ? `${field}.${name}` : name;
}

export interface ProblemDeclaration<P extends Problem = Problem> {
  readonly name: string;
  /** One line: what the problem is, its phenomenon (docs/phenomena.md). */
  readonly summary: string;
  /** The page's heading and what to look for. */
  readonly page: { readonly title: string; readonly text: string };
  /** <zipflab-demo> attributes a reader starts from when picking the problem on the page (the defaults are the CLI's). */
  readonly preset?: Readonly<Record<string, string>>;
  readonly options: readonly OptionDeclaration[];
  /**
   * Builds the problem from a config (unset options take their defaults); throws ConfigError
   * naming `<field>.<option>`. A config too large for WebAssembly memory fails here, before
   * any large allocation.
   */
  create(config: Record<string, unknown>, field?: string): P;
  /**
   * Validates a config without building the problem (a sweep validates every cell before any
   * runs: large cells in milliseconds); default: create it.
   */
  check?(config: Record<string, unknown>, field?: string): void;
  /** Frequency groups by default (10: language). */
  groups?(config: Record<string, unknown>): number;
  /** The option a refusal for memory names (default "d"). */
  readonly sizeOption?: string;
  /** What a refusal for memory says to change (default "lower --d (or the problem's size)"). */
  readonly sizeFix?: string;
  /** Whether a run of this config can split its steps across threads (src/loop/threads.ts). */
  threaded?(config: Record<string, unknown>): boolean;
  /**
   * The threads are a pool its kernels hand blocks of work to (src/loop/pool.ts: each kernel
   * sums its blocks in block order), not the threaded loop's split of a fused step's rows.
   */
  readonly threadPool?: boolean;
  /** A file `zipflab run` can write of the trained problem besides the result (a model to start from later). */
  readonly save?: SaveDeclaration<P>;
  /** The figures a run result of this problem draws besides the groups' (src/plot/figures.ts). */
  readonly figures?: readonly string[];
  /** --coupling: how classes interact at the end (one class per level), where the problem defines it. */
  coupling?(problem: P, w: ArrayLike<number>): ClassCoupling;
  /**
   * Small runs whose `--json` results test/golden keeps bit-identical (the behaviour lock), each
   * a case name (its golden file's) and the options of `zipflab run <name>`; the test adds the
   * optimizers (sgd, adam, sign with momentum 0.9), the recording and --json. CORPUS stands for
   * a small text the test supplies. Every mode the problem has (data, batch, backend) deserves one.
   */
  readonly golden?: readonly GoldenRun[];
}

/** A golden case of a problem: ProblemDeclaration.golden. */
export interface GoldenRun {
  readonly name: string;
  readonly args: readonly string[];
}

/** What `zipflab run <problem> --save FILE` writes: the problem at the final weights of its one optimizer. */
export interface SaveDeclaration<P extends Problem = Problem> {
  /** The flag's help line. */
  readonly help: string;
  /** What the file holds: the output rules replace only a file of this kind that zipflab wrote. */
  readonly kind: OwnedKind;
  /** The file's bytes; `note` says how the weights were trained (the command line). */
  encode(problem: P, weights: Float32Array, note: string): Uint8Array;
}

/** Declares a problem (a typed identity: the compiler checks the hooks against the problem type). */
export function declareProblem<P extends Problem>(d: ProblemDeclaration<P>): ProblemDeclaration<P> {
  return d;
}

/** A ConfigError unless every field of `config` is an option of the problem. */
export function checkOptionsOf(d: ProblemDeclaration, config: Record<string, unknown>, field = "problem"): void {
  for (const name of Object.keys(config)) {
    if (!d.options.some((o) => o.field === name)) {
      throw new ConfigError(
        fieldPath(field, name),
        `is not an option of ${d.name} (its options: ${d.options.map((o) => o.field).join(", ")})`,
      );
    }
  }
}
