// The optimizers by name: each entry is its hyperparameters (validated, with defaults) and
// the chain of transforms it stands for. Adding an optimizer from existing transforms = one
// entry here (a new transform: docs/architecture.md, Recipes).
import { argObject, argString } from "../config/args.js";
import { z } from "zod";
import { parseList } from "../config/parse-text.js";
import { beta, nonNegative, positive } from "../config/number-fields.js";
import { scaleByAdagrad } from "./adagrad.js";
import { scaleByAdam } from "./adam.js";
import { lazyAdam } from "./lazy-adam.js";
import { chain } from "./chain.js";
import { ema, trace } from "./momentum.js";
import { normalize } from "./normalize.js";
import { rescaledSign } from "./rescaled-sign.js";
import { scaleByRms } from "./rmsprop.js";
import { apply, scale } from "./scale.js";
import { sign } from "./sign.js";
import type { Transform } from "./transform.js";
import { addDecayedWeights } from "./weight-decay.js";
import { ConfigError, parseConfig } from "../config/error.js";
import { parseDecimal } from "../config/parse-text.js";

/** A resolved optimizer: its name, step size and every hyperparameter. */
export interface OptimizerConfig {
  name: string;
  lr: number;
  [hyper: string]: number | boolean | string;
}

interface Entry<S extends z.ZodRawShape> {
  summary: string;
  /** The name figures and reports print ("Adam", "sign descent"); default: the registry name. */
  display?: string;
  hyper: S;
  build(h: z.output<z.ZodObject<S>>, lr: number): Transform[];
}

function entry<S extends z.ZodRawShape>(e: Entry<S>): Entry<S> {
  return e;
}

/** Momentum applied after the direction: b ← βb + dir(g) (Nesterov: dir + βb). */
function withMomentum(direction: Transform[], h: { momentum: number; nesterov: boolean }): Transform[] {
  return h.momentum > 0 ? [...direction, trace(h.momentum, h.nesterov)] : direction;
}

const momentumHyper = { momentum: beta().default(0), nesterov: z.boolean().default(false) };
const adamBase = { b1: beta().default(0.9), b2: beta().default(0.999), eps: positive().default(1e-8) };
/** lazy: true = SparseAdam (untouched rows' moments frozen); "exact" = caught up to dense Adam. */
const adamHyper = { ...adamBase, lazy: z.union([z.boolean(), z.literal("exact")]).default(false) };

export const OPTIMIZERS = {
  sgd: entry({
    display: "SGD",
    summary: "(stochastic) gradient descent: w ← w − ηg; momentum β > 0 gives heavy ball",
    hyper: momentumHyper,
    build: (h, lr) => chain(...withMomentum([], h), scale(-lr), apply()),
  }),
  momentum: entry({
    display: "momentum",
    summary: "heavy-ball momentum: b ← βb + g, w ← w − ηb",
    hyper: { momentum: beta().default(0.9), nesterov: z.boolean().default(false) },
    build: (h, lr) => chain(...withMomentum([], h), scale(-lr), apply()),
  }),
  nesterov: entry({
    display: "Nesterov",
    summary: "Nesterov momentum: b ← βb + g, w ← w − η(g + βb)",
    hyper: { momentum: beta().default(0.9), nesterov: z.boolean().default(true) },
    build: (h, lr) => chain(...withMomentum([], h), scale(-lr), apply()),
  }),
  // Adam (Kingma & Ba), bias-corrected, t = 1, 2, …:
  //   m ← β1·m + (1−β1)·g,   v ← β2·v + (1−β2)·g²,   m̂ = m/(1−β1^t),   v̂ = v/(1−β2^t),
  //   w ← w − η·m̂/(√v̂ + ε)                      (scale_by_adam, then scale(−η), apply)
  adam: entry({
    display: "Adam",
    summary:
      "Adam, bias-corrected: w ← w − η m̂/(√v̂ + ε); on sparse problems lazy=true is SparseAdam, lazy=exact catches skipped rows up (dense Adam for ε = 0)",
    hyper: adamHyper,
    build: (h, lr) => (h.lazy === "exact" ? chain(lazyAdam(h, -lr)) : chain(scaleByAdam(h), scale(-lr), apply())),
  }),
  adamw: entry({
    display: "AdamW",
    summary: "AdamW: Adam plus decoupled weight decay, w ← w − η(m̂/(√v̂ + ε) + λw)",
    hyper: { ...adamBase, lazy: z.boolean().default(false), weightDecay: nonNegative().default(0.01) },
    build: (h, lr) => chain(scaleByAdam(h), addDecayedWeights(h.weightDecay), scale(-lr), apply()),
  }),
  sign: entry({
    display: "sign descent",
    summary: "sign descent: w ← w − η sign(g); momentum applied after the sign",
    hyper: momentumHyper,
    build: (h, lr) => chain(...withMomentum([sign()], h), scale(-lr), apply()),
  }),
  signum: entry({
    display: "Signum",
    summary: "Signum: sign of an EMA of gradients, m ← βm + (1−β)g, w ← w − η sign(m)",
    hyper: { beta: beta().default(0.9) },
    build: (h, lr) => chain(ema(h.beta), sign(), scale(-lr), apply()),
  }),
  normalized: entry({
    display: "normalized GD",
    summary: "normalized GD: w ← w − η g/‖g‖₂ (norm over all parameters); momentum after",
    hyper: momentumHyper,
    build: (h, lr) => chain(...withMomentum([normalize()], h), scale(-lr), apply()),
  }),
  "rescaled-sign": entry({
    summary: "rescaled sign: w ← w − η sign(g)·‖g‖₁; momentum after",
    hyper: momentumHyper,
    build: (h, lr) => chain(...withMomentum([rescaledSign()], h), scale(-lr), apply()),
  }),
  adagrad: entry({
    display: "Adagrad",
    summary: "Adagrad: s ← s + g², w ← w − η g/(√s + ε)",
    hyper: { eps: positive().default(1e-10), initialAccumulator: nonNegative().default(0) },
    build: (h, lr) => chain(scaleByAdagrad(h.eps, h.initialAccumulator), scale(-lr), apply()),
  }),
  rmsprop: entry({
    display: "RMSprop",
    summary: "RMSprop: v ← αv + (1−α)g², w ← w − η g/(√v + ε); momentum after",
    hyper: { alpha: beta().default(0.99), eps: positive().default(1e-8), ...momentumHyper },
    build: (h, lr) => chain(...withMomentum([scaleByRms(h.alpha, h.eps)], h), scale(-lr), apply()),
  }),
} as const;

export type OptimizerName = keyof typeof OPTIMIZERS;
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as OptimizerName[];

function lookup(name: unknown, field: string): Entry<z.ZodRawShape> {
  if (typeof name !== "string" || !Object.hasOwn(OPTIMIZERS, name)) {
    throw new ConfigError(field, `unknown optimizer ${JSON.stringify(name)} (one of: ${OPTIMIZER_NAMES.join(", ")})`);
  }
  return OPTIMIZERS[name as OptimizerName] as unknown as Entry<z.ZodRawShape>;
}

/**
 * Each optimizer's config schema, built on first use: zod compiles a schema on its first parse
 * (~0.2 ms), which a fresh schema per call paid every time.
 */
const schemas = new Map<string, z.ZodType>();

function optimizerSchema(name: string, e: Entry<z.ZodRawShape>): z.ZodType {
  let schema = schemas.get(name);
  if (schema === undefined) {
    schema = z.object({ name: z.string(), lr: positive(), ...e.hyper }).strict();
    schemas.set(name, schema);
  }
  return schema;
}

/** Validates an optimizer config, filling defaults (lr from `defaultLr` if absent). */
export function resolveOptimizer(input: unknown, defaultLr: number | undefined, field = "optimizer"): OptimizerConfig {
  const raw = typeof input === "string" ? { name: input } : (input as Record<string, unknown>);
  if (raw === null || typeof raw !== "object") throw new ConfigError(field, "must be a name or an object with a name");
  const e = lookup(raw.name, `${field}.name`);
  const schema = optimizerSchema(raw.name as string, e);
  const withLr = raw.lr === undefined && defaultLr !== undefined ? { ...raw, lr: defaultLr } : raw;
  return parseConfig(schema, withLr, field) as OptimizerConfig;
}

/** The transforms of a resolved optimizer (unfused; see fuse()). */
export function buildChain(config: OptimizerConfig): Transform[] {
  argObject("config", config, "an optimizer config (resolveOptimizer)");
  const e = lookup(config.name, "optimizer.name");
  const { name: _n, lr, ...hyper } = config;
  return e.build(hyper as never, lr);
}

/**
 * "adam:b1=0,b2=0.99,lr=1e-3" → { name, ...fields }: decimal numbers and true/false parsed,
 * anything else kept as text for the schema to refuse ("0x1" is not read as 1). Empty names,
 * keys and values are errors, never 0.
 */
export function parseOptimizerSpec(spec: string): Record<string, unknown> {
  argString("spec", spec);
  const colon = spec.indexOf(":");
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const field = `optimizer ${JSON.stringify(spec)}`;
  if (name === "") throw new ConfigError(field, 'needs an optimizer name before the ":"');
  const out: Record<string, unknown> = { name };
  if (colon < 0) return out;
  for (const part of spec.slice(colon + 1).split(",")) {
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? "" : part.slice(eq + 1).trim();
    if (key === "" || eq < 0) throw new ConfigError(field, `expected key=value, got ${JSON.stringify(part)}`);
    if (value === "") throw new ConfigError(`${field}.${key}`, "has no value (write key=value)");
    if (key in out) throw new ConfigError(`${field}.${key}`, "is given twice");
    out[key] = value === "true" ? true : value === "false" ? false : (parseDecimal(value) ?? value);
  }
  return out;
}

/** The optimizer's display name ("Adam"); an unknown name is printed as given. */
export function optimizerDisplayName(name: string): string {
  const e = Object.hasOwn(OPTIMIZERS, name) ? (OPTIMIZERS[name as OptimizerName] as { display?: string }) : undefined;
  return e?.display ?? name;
}

/**
 * Optimizer arguments: each lists one or more optimizers separated by commas, each a name or a
 * spec "adam:b1=0.9,eps=1e-6". A comma-separated item with "=" but no ":" continues the spec
 * before it, so "sgd,adam:b1=0,b2=0.99,sign" is sgd | adam:b1=0,b2=0.99 | sign.
 */
export function parseOptimizers(args: readonly string[]): Record<string, unknown>[] {
  return args.flatMap((arg) => {
    const specs: string[] = [];
    for (const item of parseList("--opt", arg)) {
      if (item.includes("=") && !item.includes(":")) {
        if (specs.length === 0 || !specs[specs.length - 1].includes(":")) {
          throw new ConfigError(
            "--opt",
            `${JSON.stringify(item)} needs an optimizer before it, as in adam:${item} (got ${JSON.stringify(arg)})`,
          );
        }
        specs[specs.length - 1] += `,${item}`;
      } else {
        specs.push(item);
      }
    }
    return specs.map((s) => parseOptimizerSpec(s));
  });
}

export function usesLazyUpdates(config: OptimizerConfig): boolean {
  argObject("config", config, "an optimizer config (resolveOptimizer)");
  return config.lazy === true || config.lazy === "exact";
}
