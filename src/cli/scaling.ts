// `zipflab scaling`: steps to ε against d on the bigram square loss, and the fitted exponents
// (phenomenon 3). Exact reduced models make the default sweep (to d = 10⁶) take seconds.
import { Command, Option } from "commander";
import { runScaling } from "../experiments/scaling/synthetic-law.js";
import { SCALING_DEFAULTS, type ScalingInput } from "../experiments/scaling/config.js";
import { formatScalingReport, scalingCsv } from "../experiments/scaling/report.js";
import { toJson } from "./output.js";
import { progressBar, QUIET_OPTION, stdoutUnlessQuiet } from "./progress.js";
import { checkOutputFolder, planOutputs, type OutputPlan } from "../io/outputs.js";
import { outputOption } from "./output-options.js";
import { CORPUS_SCALING_DEFAULTS, runCorpusScaling } from "../experiments/scaling/corpus.js";
import { formatCorpusScalingReport } from "../experiments/scaling/corpus-report.js";
import { loadCorpusSource } from "../corpus/node/load.js";
import { corpusSource } from "../corpus/node/sources.js";
import type { ScalingConfig } from "../results/scaling.js";
import { ConfigError } from "../config/error.js";
import { parseList, parseNumber, parseNumberList } from "../config/parse-text.js";

/** Config field → the option that sets it, so that errors name what the user typed. */
const OPTION_OF: Record<keyof ScalingConfig, string> = {
  dMin: "--d-min",
  dMax: "--d-max",
  points: "--points",
  adamDMax: "--adam-d-max",
  alphas: "--alpha",
  eps: "--eps",
  optimizers: "--optimizers",
  stepsMax: "--steps-max",
  lrMin: "--lr-min",
  lrMax: "--lr-max",
  perDecade: "--per-decade",
  patience: "--patience",
  adamB1: "--adam-b1",
  adamB2: "--adam-b2",
  adamEps: "--adam-eps",
  method: "--method",
  level: "--level",
};

type ScalingOptions = Record<string, string | boolean | undefined> & { json?: string; csv?: string; quiet?: boolean; force?: boolean };

const NUMBER_FIELDS = [
  "dMin",
  "dMax",
  "points",
  "adamDMax",
  "stepsMax",
  "lrMin",
  "lrMax",
  "perDecade",
  "patience",
  "adamB1",
  "adamB2",
  "adamEps",
  "level",
] as const;

/** The sweep input from the options actually typed (`given`); the rest keep their defaults. */
export function scalingInputFromOptions(o: ScalingOptions, given: (option: string) => boolean = () => true): ScalingInput {
  const input: Record<string, unknown> = {};
  for (const field of NUMBER_FIELDS) {
    const text = o[field];
    if (given(field) && typeof text === "string") input[field] = parseNumber(OPTION_OF[field], text);
  }
  if (given("alpha") && typeof o.alpha === "string") input.alphas = parseNumberList(OPTION_OF.alphas, o.alpha);
  if (given("eps") && typeof o.eps === "string") input.eps = parseNumberList(OPTION_OF.eps, o.eps);
  if (given("optimizers") && typeof o.optimizers === "string") input.optimizers = parseList(OPTION_OF.optimizers, o.optimizers);
  if (given("method") && typeof o.method === "string") input.method = o.method;
  return input as ScalingInput;
}

/** A ConfigError on a config field, renamed to its option ("dMax: …" → "--d-max: …"). */
function asOptionError(e: unknown): unknown {
  if (!(e instanceof ConfigError)) return e;
  const m = /^([A-Za-z0-9]+)(.*)$/.exec(e.field);
  const option = m ? OPTION_OF[m[1] as keyof ScalingConfig] : undefined;
  return option ? new ConfigError(option + m![2], e.detail) : e;
}

export function scalingCommand(): Command {
  const d = SCALING_DEFAULTS;
  return new Command("scaling")
    .description(
      "For each Zipf exponent α and each vocabulary size d on a log grid, counts the steps each optimizer\n" +
        "needs to bring the relative loss (L − L*)/(L(0) − L*) of the full-batch bigram square loss to ε:\n" +
        "SGD at the full batch (gradient descent) with η = 1/π₁ and tuned, sign descent tuned (even and\n" +
        "odd iterates apart: it zig-zags), Adam (ε = 0) tuned. Tuned = per horizon on a step-size lattice (half-decades). Then fits\n" +
        "ln t = a + b·ln d per (optimizer, α, ε, iterates) with a confidence interval for b.\n" +
        "SGD, sign descent and Adam with ε = 0 run on exact reduced models (O(d), not O(d²)); other\n" +
        "settings (--adam-eps > 0, --method brute) run the d×d model itself.",
    )
    .option("--d-min <d>", "smallest vocabulary size", String(d.dMin))
    .option("--d-max <d>", "largest vocabulary size", String(d.dMax))
    .option("--points <n>", "vocabulary sizes, log-spaced from --d-min to --d-max", String(d.points))
    .option("--adam-d-max <d>", "largest d for Adam (it costs O(d) per step)", String(d.adamDMax))
    .option("--alpha <list>", "Zipf exponents α, comma-separated", d.alphas.join(","))
    .option("--eps <list>", "relative-loss targets ε in (0, 1), comma-separated", d.eps.join(","))
    .option(
      "--optimizers <list>",
      "sgd, sign, adam (comma-separated; full batch: sgd is gradient descent, also read as gd)",
      d.optimizers.join(","),
    )
    .option("--steps-max <T>", "most steps counted; beyond it a target is 'not reached'", String(d.stepsMax))
    .option("--lr-min <η>", "smallest step size of the tuning lattice", String(d.lrMin))
    .option("--lr-max <η>", "largest step size of the tuning lattice", String(d.lrMax))
    .option("--per-decade <k>", "lattice points per decade (2 = half-decades)", String(d.perDecade))
    .option("--patience <k>", "lattice points without improvement before the tuning walk turns back", String(d.patience))
    .option("--adam-b1 <β1>", "Adam's β1", String(d.adamB1))
    .option("--adam-b2 <β2>", "Adam's β2", String(d.adamB2))
    .option("--adam-eps <ε>", "Adam's ε; > 0 breaks the reduction (brute force, d×d)", String(d.adamEps))
    .addOption(
      new Option("--method <m>", "reduced models where they hold (auto), only them, or brute force throughout")
        .choices(["auto", "reduced", "brute"])
        .default(d.method),
    )
    .option("--level <p>", "confidence level of the exponent's interval", String(d.level))
    .option(
      "--corpus <name|FILE>",
      "real counts: steps to ε against V on a corpus (brown or a file), beside the synthetic Zipf law; the d options give way to --vocabs",
    )
    .option("--vocabs <list>", "with --corpus: vocabulary sizes V", CORPUS_SCALING_DEFAULTS.vocabs.join(","))
    .addOption(
      outputOption("--cache-dir <dir>", "with --corpus: cache folder for the count matrices", { shape: "cache-folder", kind: "folder" }),
    )
    .option("--no-cache", "with --corpus: neither read nor write the count cache")
    .addOption(
      outputOption("--figure <path>", "with --corpus: write the figure (PATH.svg and PATH.png)", { shape: "figure", kind: "figure" }),
    )
    .addOption(
      outputOption("--json <file>", "write the result (config, every point, every fit) as JSON", { shape: "file", kind: "result" }),
    )
    .addOption(
      outputOption("--csv <file>", "write every point (optimizer, rule, iterates, α, d, ε, steps, tuned η) as CSV", {
        shape: "file",
        kind: "csv",
      }),
    )
    .option(...QUIET_OPTION)
    .option("--force", "replace --json/--csv/--figure files even if zipflab did not write them")
    .action(async (o: ScalingOptions, command: Command) => {
      if (typeof o.figure === "string" && typeof o.corpus !== "string")
        throw new ConfigError("--figure", "needs --corpus (the synthetic sweep draws no figure here: zipflab plot draws it from --json)");
      if (typeof o.corpus === "string" && o.csv !== undefined)
        throw new ConfigError("--csv", "does not apply with --corpus (its points are in --json)");
      if (typeof o.corpus !== "string" && (typeof o.cacheDir === "string" || o.cache === false)) {
        throw new ConfigError(typeof o.cacheDir === "string" ? "--cache-dir" : "--no-cache", "applies with --corpus only");
      }
      if (typeof o.cacheDir === "string") checkOutputFolder("--cache-dir", o.cacheDir);
      const outputs = planOutputs(
        [
          o.json !== undefined && { option: "--json", path: o.json, kind: "result" },
          o.csv !== undefined && { option: "--csv", path: o.csv, kind: "csv" },
          typeof o.figure === "string" && { option: "--figure", path: o.figure, kind: "figure" },
        ],
        {
          force: o.force,
          forceFlag: "--force",
          inputs: typeof o.corpus === "string" && o.corpus !== "brown" ? [{ option: "--corpus", path: o.corpus }] : [],
        },
      );
      if (typeof o.corpus === "string") return corpusScaling(o, command, outputs);
      let input: ScalingInput;
      try {
        input = scalingInputFromOptions(o, (name) => command.getOptionValueSource(name) !== "default");
      } catch (e) {
        throw asOptionError(e);
      }
      const progress = progressBar("scaling", { quiet: o.quiet });
      const result = await runScaling(input, { onProgress: (done, total) => progress.update(done, total) })
        .catch((e: unknown) => Promise.reject(asOptionError(e)))
        .finally(() => progress.stop());
      const say = stdoutUnlessQuiet(o.quiet);
      say(formatScalingReport(result));
      if (o.json !== undefined) {
        // "experiment" first: marks the file as zipflab's (io/ownership.ts).
        await outputs.write("--json", o.json, toJson({ experiment: "scaling", ...result }));
        say(`\nwrote ${o.json}`);
      }
      if (o.csv !== undefined) {
        await outputs.write("--csv", o.csv, scalingCsv(result));
        say(`${o.json !== undefined ? "" : "\n"}wrote ${o.csv}`);
      }
    });
}

/** `zipflab scaling --corpus brown`: the same measurement on a corpus's counts (src/experiments/scaling/corpus.ts). */
async function corpusScaling(o: ScalingOptions, command: Command, outputs: OutputPlan): Promise<void> {
  const given = (name: string) => command.getOptionValueSource(name) !== "default";
  for (const name of ["dMin", "dMax", "points", "adamDMax", "alpha", "optimizers", "adamB1", "adamB2", "adamEps", "method"]) {
    if (given(name))
      throw new ConfigError(
        OPTION_OF[(name === "alpha" ? "alphas" : name) as keyof ScalingConfig],
        "does not apply with --corpus (sizes: --vocabs; optimizers: sgd and sign descent)",
      );
  }
  const vocabs = parseNumberList("--vocabs", String(o.vocabs));
  vocabs.forEach((V, j) => {
    if (!Number.isInteger(V) || V < 2) throw new ConfigError(`--vocabs[${j}]`, `must be an integer ≥ 2 (got ${V})`);
  });
  const num = (field: keyof typeof CORPUS_SCALING_DEFAULTS, option: string) =>
    (given(field) ? parseNumber(option, String(o[field])) : CORPUS_SCALING_DEFAULTS[field]) as number;
  const eps = given("eps") ? parseNumberList("--eps", String(o.eps)) : CORPUS_SCALING_DEFAULTS.eps;
  eps.forEach((e, j) => {
    if (!(e > 0 && e < 1)) throw new ConfigError(`--eps[${j}]`, `must be in (0, 1) (got ${e})`);
  });
  const corpus = String(o.corpus);
  // Read once (a pipe cannot be read twice), counted at each V from the same bytes. Fail on a
  // bad corpus or V before any work: the largest V is the one that can exceed the types.
  const source = corpusSource(corpus);
  const cache = { cache: o.cache !== false, cacheDir: typeof o.cacheDir === "string" ? o.cacheDir : undefined };
  const countsFor = (V: number) => loadCorpusSource(source, corpus, { vocab: V, ...cache }).counts;
  countsFor(Math.max(...vocabs));
  const progress = progressBar("scaling", { quiet: o.quiet });
  const result = await runCorpusScaling(
    {
      corpus,
      vocabs,
      eps,
      stepsMax: num("stepsMax", "--steps-max"),
      lrMin: num("lrMin", "--lr-min"),
      lrMax: num("lrMax", "--lr-max"),
      perDecade: num("perDecade", "--per-decade"),
      patience: num("patience", "--patience"),
      level: num("level", "--level"),
    },
    countsFor,
    (done, total) => progress.update(done, total),
  ).finally(() => progress.stop());
  const say = stdoutUnlessQuiet(o.quiet);
  say(formatCorpusScalingReport(result));
  if (typeof o.figure === "string") {
    // Loaded on demand: Vega and the PNG rasterizer are large and only needed here.
    const { corpusScalingFigure } = await import("../plot/figures/corpus-scaling/figure.js");
    const { renderFigure } = await (await import("../plot/render/load.js")).loadRenderer();
    const written = await outputs.writeFigure("--figure", o.figure, await renderFigure(corpusScalingFigure(result)));
    say(`\nwrote ${written.svg} and ${written.png}`);
  }
  if (o.json !== undefined) {
    await outputs.write("--json", o.json, toJson(result));
    say(`wrote ${o.json}`);
  }
}
