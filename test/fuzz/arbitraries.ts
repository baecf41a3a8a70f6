// Generators for the fuzz tests: config values that sit near the edges validators care about
// (0, −0, negative, huge, non-integer, NaN/Inf, numeric-looking strings, wrong types) and
// objects whose keys are mostly real field names, so that generated inputs get past the first
// check and exercise the deep ones.
import fc from "fast-check";
import { OPTIMIZER_NAMES } from "../../src/optimizers/registry.js";
import { PROBLEM_NAMES } from "../../src/problems/registry.js";
import { ConfigError } from "../../src/config/error.js";

export const FIELD_NAMES = [
  // sweep spec and cells
  "problem",
  "description",
  "fixed",
  "grid",
  "cells",
  "optimizer",
  "from",
  "to",
  "perDecade",
  // tokens
  "tokens",
  "name",
  "frequency",
  "trueWeight",
  "noise",
  "batch",
  "steps",
  "lr",
  "seed",
  "optimizers",
  "record",
  // run and problems
  "config",
  "groups",
  "schedule",
  "updates",
  "perClass",
  "coupling",
  "dataSeed",
  "d",
  "alpha",
  "target",
  "weights",
  "pairs",
  "counts",
  "permutation",
  "reweight",
  "l2",
  "levels",
  "inputs",
  "init",
  "frequencies",
  // optimizer hyperparameters, schedules
  "b1",
  "b2",
  "eps",
  "lazy",
  "momentum",
  "nesterov",
  "beta",
  "weightDecay",
  "initialAccumulator",
  "kind",
  "warmup",
  "final",
  "__proto__",
  "constructor",
  "toString",
] as const;

export const WORDS = [
  // every registered optimizer and problem, so that a new one is fuzzed too
  ...OPTIMIZER_NAMES,
  ...PROBLEM_NAMES,
  "full",
  "expected",
  "sampled",
  "random",
  "identity",
  "none",
  "inverse",
  "sqrt-inverse",
  "zipf",
  "uniform",
  "pytorch",
  "zero",
  "auto",
  "dense",
  "rows",
  "constant",
  "cosine",
  "linear",
  "step",
  "every:1",
  "every:0",
  "log:2",
  "log:0",
  "log:1e9",
  "adam:b1=0.5",
  "adam:b1=",
  "adam:b1=0x1",
  "sgd:momentum=0.9",
  "sign:momentum=1",
  "cosine:warmup=10,final=0.1",
  "linear:final=2",
  // names that every object has through its prototype: a lookup must not find them
  "toString",
  "constructor",
  "__proto__",
  "hasOwnProperty",
  "valueOf",
];

/** Numbers at the edges: the validators' bounds and the values that break naive checks. */
export const edgeNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    0.5,
    1 - 2 ** -53,
    2,
    3,
    7,
    10,
    1e-300,
    5e-324,
    1e9,
    1e9 + 1,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    2 ** 53 + 2,
    1e30,
    1e308,
    -1e308,
    NaN,
    Infinity,
    -Infinity,
    Number.MAX_VALUE,
  ),
  fc.integer({ min: -5, max: 5000 }),
  fc.double({ noDefaultInfinity: false }),
);

/** Strings that look like numbers, lists, specs — or nothing at all. */
export const edgeString = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "0",
    "1",
    "-1",
    "1e3",
    "1e30",
    "0x10",
    "0b1",
    "0o7",
    "1_000",
    "NaN",
    "Infinity",
    "null",
    "true",
    "1,2",
    ",",
    "a=b",
    "::",
    "\u0000",
    "é",
    "../x",
  ),
  fc.constantFrom(...WORDS),
  fc.string({ maxLength: 12 }),
);

const leaf = fc.oneof(
  { weight: 4, arbitrary: edgeNumber },
  { weight: 3, arbitrary: edgeString },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, undefined) },
);

/** Any config-like value, up to a few levels deep. */
export const configValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(fc.constantFrom(...FIELD_NAMES), tie("value"), { maxKeys: 5 }),
})).value;

/** An object whose keys are drawn from `fields` (plus the occasional stranger). */
export function configObject(fields: readonly string[], maxKeys = 5): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(
    fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: fc.constantFrom(...FIELD_NAMES) }),
    configValue,
    { maxKeys },
  );
}

/** Longest a single (synchronous) config check may take before we call it a hang. */
export const HANG_MS = 5000;

/**
 * Calls `f`; passes if it returns or throws a ConfigError with a field and a detail, fails
 * on any other exception (a crash) or a call over HANG_MS (a hang).
 */
export function onlyConfigErrors(f: () => unknown): ConfigError | null {
  const start = performance.now();
  let error: unknown = null;
  try {
    f();
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - start;
  if (ms > HANG_MS) throw new Error(`took ${ms.toFixed(0)} ms`);
  if (error === null) return null;
  if (!(error instanceof ConfigError)) throw new Error(`not a ConfigError: ${(error as Error)?.stack ?? String(error)}`, { cause: error });
  if (!error.field || !error.detail || error.message !== `${error.field}: ${error.detail}`) {
    throw new Error(`ConfigError without a field: ${error.message}`, { cause: error });
  }
  return error;
}
