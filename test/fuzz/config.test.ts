// Fuzzing every public config entry point in-process: whatever the input, the answer is a
// config or a ConfigError naming a field — never another exception, never a hang.
import fc from "fast-check";
import { stringify as toYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { resolveTokensConfig } from "../../src/experiments/tokens/config.js";
import { resolveProblemRunConfig } from "../../src/experiments/run/config.js";
import { parseRecording } from "../../src/loop/record-steps.js";
import { resolveLrSchedule } from "../../src/optimizers/lr-schedule.js";
import { parseOptimizerSpec, resolveOptimizer } from "../../src/optimizers/registry.js";
import { PROBLEM_NAMES, PROBLEMS } from "../../src/problems/registry.js";
import { CORPUS_OPTIONS } from "../../src/problems/shared/options.js";
import { resolveScalingConfig } from "../../src/experiments/scaling/config.js";
import { expandSweep } from "../../src/sweep/expand.js";
import { SWEEP_RUNNERS } from "../../src/experiments/sweep-runners.js";
import { parseShard } from "../../src/sweep/shard.js";
import { parseSpec } from "../../src/sweep/spec.js";
import { expandValues } from "../../src/sweep/values.js";
import { configObject, configValue, edgeString, onlyConfigErrors, WORDS } from "./arbitraries.js";
import { specInput } from "./spec-input.js";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "../../src/config/error.js";
import { resolveQuadraticConfig } from "../../src/problems/quadratic/declaration.js";
import { resolveBigramSquareConfig } from "../../src/problems/bigram-square/declaration.js";
import { resolveLinearModelConfig } from "../../src/problems/linear-model/declaration.js";
import { resolveBigramSoftmaxConfig } from "../../src/problems/bigram-softmax/declaration.js";
import { resolveTokensProblemConfig } from "../../src/problems/tokens/declaration.js";

// 14 properties × RUNS (one is the cell runners) + the spec properties below ≈ 13,700 cases; cli.test.ts adds ~700.
const RUNS = 800;
// A fixed seed keeps CI reproducible; FUZZ_SEED=<n> explores further (a failure prints its seed and path).
const params = { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261201) };

const TOKENS_FIELDS = ["tokens", "noise", "batch", "steps", "lr", "seed", "optimizers", "record"];
// Every registered problem's options, from the registry (corpus options aside: they read files).
const CORPUS_FIELDS = new Set<string>(CORPUS_OPTIONS.map((o) => o.field));
const PROBLEM_FIELDS: Record<string, string[]> = Object.fromEntries(
  PROBLEM_NAMES.map((name) => [name, PROBLEMS[name].options.map((o) => o.field).filter((f) => !CORPUS_FIELDS.has(f))]),
);
const RUN_FIELDS = ["optimizer", "lr", "steps", "seed", "groups", "schedule", "updates", "dataSeed"];

/** Tokens inputs: mostly small token lists, so that resolving stays cheap. */
const tokensInput = fc.oneof(
  configObject(TOKENS_FIELDS),
  fc.record(
    {
      tokens: fc.array(configObject(["name", "frequency", "trueWeight"], 3), { maxLength: 4 }),
      optimizers: fc.array(
        fc.oneof(fc.constantFrom(...WORDS), configObject(["name", "lr", "b1", "b2", "eps", "momentum", "nesterov", "lazy"])),
        { maxLength: 3 },
      ),
    },
    { requiredKeys: [] },
  ),
);

const optimizerInput = fc.oneof(
  fc.constantFrom(...WORDS),
  fc
    .record({ name: fc.constantFrom(...WORDS) })
    .chain((o) =>
      configObject(["lr", "b1", "b2", "eps", "lazy", "momentum", "nesterov", "beta", "weightDecay", "initialAccumulator", "alpha"], 3).map(
        (h) => ({ ...h, ...o }),
      ),
    ),
  configValue,
);

function holds(name: string, arbitrary: fc.Arbitrary<unknown>, f: (x: never) => unknown, runs = RUNS) {
  it(name, () => {
    fc.assert(
      fc.property(arbitrary, (x) => void onlyConfigErrors(() => f(x as never))),
      { ...params, numRuns: runs },
    );
  });
}

describe("found by fuzzing", () => {
  it("a name every object inherits (toString, constructor) is an unknown optimizer, schedule, problem or field, not a TypeError", () => {
    for (const name of ["toString", "constructor", "__proto__"]) {
      expect(() => resolveLrSchedule(name)).toThrow(/^schedule\.kind: must be one of/);
      expect(() => resolveOptimizer(name, 0.1)).toThrow(/^optimizer\.name: unknown optimizer/);
      expect(() => expandSweep(parseSpec({ problem: name, grid: { seed: [1] } }), SWEEP_RUNNERS)).toThrow(/^problem: unknown problem/);
      expect(() => SWEEP_RUNNERS.runners.quadratic.validate({ optimizer: "sgd", [name]: 1 })).toThrow(ConfigError);
      expect(() => SWEEP_RUNNERS.runners.tokens.validate({ optimizer: "sgd", [name]: 1 })).toThrow(ConfigError);
    }
  });

  it("a spec that is not an object (empty file, a list, a number) is a ConfigError naming spec", () => {
    for (const data of [null, "", 3, [1, 2]]) expect(() => parseSpec(data)).toThrow(/^spec: must be an object/);
  });
});

describe("fuzz: every config entry point answers with a config or a ConfigError naming a field", () => {
  holds("resolveTokensConfig", tokensInput, resolveTokensConfig);
  holds("resolveOptimizer", optimizerInput, (x) => resolveOptimizer(x, 0.1));
  holds(
    "parseOptimizerSpec → resolveOptimizer",
    fc.tuple(fc.constantFrom(...WORDS), edgeString, edgeString).map(([n, k, v]) => `${n}:${k}=${v}`),
    (s: string) => resolveOptimizer(parseOptimizerSpec(s), 0.1),
  );
  holds("parseRecording (--record)", edgeString, (s: string) => parseRecording(s));
  holds(
    "resolveLrSchedule (--schedule)",
    fc.oneof(edgeString, configObject(["kind", "warmup", "final", "every", "factor"])),
    resolveLrSchedule,
  );
  holds(
    "parseShard (--shard)",
    fc.oneof(
      edgeString,
      fc.tuple(fc.integer({ min: -2, max: 10 }), fc.integer({ min: -2, max: 10 })).map(([i, n]) => `${i}/${n}`),
    ),
    (s: string) => parseShard(s),
  );
  holds("resolveQuadraticConfig", configObject(PROBLEM_FIELDS.quadratic), resolveQuadraticConfig);
  holds("resolveBigramSquareConfig", configObject(PROBLEM_FIELDS["bigram-square"]), resolveBigramSquareConfig);
  holds("resolveBigramSoftmaxConfig", configObject(PROBLEM_FIELDS["bigram-softmax"]), resolveBigramSoftmaxConfig);
  holds("resolveLinearModelConfig", configObject(PROBLEM_FIELDS["linear-model"]), resolveLinearModelConfig);
  holds("resolveTokensProblemConfig", configObject(PROBLEM_FIELDS.tokens), resolveTokensProblemConfig);
  holds(
    "resolveProblemRunConfig",
    fc
      .record({
        problem: fc.constantFrom(...PROBLEM_NAMES),
        rest: configObject([...RUN_FIELDS, "optimizers", "record", "perClass", "coupling", "config"]),
      })
      .map(({ problem, rest }) => ({ ...rest, problem })),
    resolveProblemRunConfig,
  );
  holds(
    "resolveScalingConfig",
    configObject([
      "dMin",
      "dMax",
      "points",
      "adamDMax",
      "alphas",
      "eps",
      "optimizers",
      "stepsMax",
      "lrMin",
      "lrMax",
      "perDecade",
      "patience",
      "adamB1",
      "adamB2",
      "adamEps",
      "method",
      "level",
    ]),
    resolveScalingConfig,
  );
  holds("expandValues (a swept field's values)", configValue, (v) => expandValues("grid.lr", v));

  it("every sweep cell runner's validate (the checks a spec's cells go through)", () => {
    const cell = fc.constantFrom(...Object.keys(SWEEP_RUNNERS.runners)).chain((problem) =>
      configObject(problem === "tokens" ? [...TOKENS_FIELDS, "optimizer"] : [...RUN_FIELDS, ...PROBLEM_FIELDS[problem]]).map((c) => ({
        problem,
        c,
      })),
    );
    fc.assert(
      fc.property(cell, ({ problem, c }) => void onlyConfigErrors(() => SWEEP_RUNNERS.runners[problem].validate(c))),
      params,
    );
  });
});

/** A spec error names the spec itself, one of its fields, or (unknown field) the key given. */
const SPEC_FIELDS = ["spec", "problem", "description", "fixed", "grid", "cells"];
const topField = (field: string) => /^[^.[ ]+/.exec(field)?.[0] ?? field;

describe("fuzz: sweep specs (JSON and YAML) validate whole or fail with a ConfigError naming the spec path", () => {
  it("JSON specs", () => {
    fc.assert(
      fc.property(specInput, (spec) => {
        // Through JSON as a spec file would be: NaN/Inf become null, undefined keys vanish.
        const text = JSON.stringify(spec);
        if (text === undefined) return;
        const data = JSON.parse(text);
        const error = onlyConfigErrors(() => expandSweep(parseSpec(data), SWEEP_RUNNERS));
        if (error) expect(topField(error.field), error.message).toSatisfy((f: string) => SPEC_FIELDS.includes(f) || Object.hasOwn(data, f));
      }),
      { ...params, numRuns: 1500 },
    );
  });

  it("YAML specs (including YAML's own types: .nan, .inf, dates, anchors)", () => {
    const yamlText = fc.oneof(
      specInput.map((s) => toYaml(s)),
      fc.constantFrom(
        "problem: tokens\ngrid: {lr: [.nan, .inf]}\nfixed: {optimizer: adam}",
        "problem: tokens\ngrid: {seed: [2001-01-01]}\nfixed: {optimizer: adam}",
        "problem: tokens\ngrid: &a {lr: [0.1]}\ncells: [*a]",
        "- 1\n- 2",
        "problem: !!binary aGk=",
        "~",
        "problem: tokens\ngrid: {optimizer: [adam, adam]}",
      ),
    );
    fc.assert(
      fc.property(yamlText, (text) => {
        let data: unknown;
        try {
          data = parseYaml(text);
        } catch {
          return; // readSpecFile turns a YAML syntax error into ConfigError("spec", …): tested in spec.test.ts
        }
        const error = onlyConfigErrors(() => expandSweep(parseSpec(data), SWEEP_RUNNERS));
        if (error)
          expect(topField(error.field), error.message).toSatisfy(
            (f: string) => SPEC_FIELDS.includes(f) || Object.hasOwn(data as object, f),
          );
      }),
      { ...params, numRuns: 1000 },
    );
  });
});
