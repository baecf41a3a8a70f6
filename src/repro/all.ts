// The reproductions by name, and `repro all`: each in turn (they share the cores through the
// sweeps' thread pools), then out/index.html linking every figure.
import { join } from "node:path";
import { planOutputs } from "../io/outputs.js";
import { reproBigramSoftmax } from "./bigram-softmax.js";
import { reproBigramSquare } from "./bigram-square.js";
import { reproBrown } from "./brown.js";
import { indexHtml } from "./html.js";
import { reproLinearModel } from "./linear-model.js";
import { reproQuadratic } from "./quadratic.js";
import { reproScaling } from "./scaling.js";
import { reproTokens } from "./tokens.js";
import { reproTransformer } from "./transformer.js";
import type { ReproOptions, ReproOutcome } from "./types.js";

export const REPROS: Record<string, (options: ReproOptions) => Promise<ReproOutcome>> = {
  tokens: reproTokens,
  quadratic: reproQuadratic,
  "bigram-square": reproBigramSquare,
  "linear-model": reproLinearModel,
  "bigram-softmax": reproBigramSoftmax,
  scaling: reproScaling,
  brown: reproBrown,
  transformer: reproTransformer,
};

export const REPRO_NAMES = Object.keys(REPROS);

export interface ReproRunOutcome {
  outcomes: ReproOutcome[];
  seconds: number;
}

export interface ReproAllOutcome extends ReproRunOutcome {
  index: string;
}

/** Runs the named reproductions in order. */
export async function runRepros(options: ReproOptions, names: readonly string[]): Promise<ReproRunOutcome> {
  const start = performance.now();
  const outcomes: ReproOutcome[] = [];
  for (const name of names) outcomes.push(await REPROS[name](options));
  return { outcomes, seconds: (performance.now() - start) / 1000 };
}

/** Runs every reproduction and writes <out>/index.html linking every figure. */
export async function reproAll(options: ReproOptions): Promise<ReproAllOutcome> {
  const run = await runRepros(options, REPRO_NAMES);
  const index = join(options.out, "index.html");
  await planOutputs([{ option: "--out", path: index, kind: "html" }], { force: options.force, forceFlag: "--force" }).write(
    "--out",
    index,
    indexHtml(options.out, run.outcomes, run.seconds),
  );
  return { ...run, index };
}
