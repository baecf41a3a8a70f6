// `zipflab tokens`: the six-token experiment (phenomenon 1).
import { Command, Option } from "commander";
import { TOKENS_DEFAULTS, type TokensInput } from "../experiments/tokens/config.js";
import { formatTokensReport } from "../experiments/tokens/report.js";
import { runTokensExperiment } from "../experiments/tokens/run.js";
import { OPTIMIZER_NAMES } from "../optimizers/registry.js";
import { toJson } from "./output.js";
import { progressBar, QUIET_OPTION, stdoutUnlessQuiet } from "./progress.js";
import { planOutputs } from "../io/outputs.js";
import { outputOption } from "./output-options.js";
import type { Backend } from "../results/backend.js";
import { ConfigError } from "../config/error.js";
import { parseList, parseNumber, parseNumberList } from "../config/parse-text.js";
import { parseOptimizers } from "../optimizers/registry.js";

interface TokensOptions {
  opt?: string[] | string;
  lr?: string;
  steps?: string;
  batch?: string;
  noise?: string;
  seed?: string;
  names?: string;
  freqs?: string;
  trueWeights?: string;
  record?: string;
  json?: string;
  figure?: string;
  backend: Backend;
  quiet?: boolean;
  force?: boolean;
}

/**
 * Builds the experiment input from the options given on the command line (`given` tells
 * which were typed, as opposed to defaults shown in --help); the token lists must agree in
 * length.
 */
export function tokensInputFromOptions(o: TokensOptions, given: (option: keyof TokensOptions) => boolean = () => true): TokensInput {
  const input: TokensInput = {};
  if (o.opt !== undefined) input.optimizers = parseOptimizers([o.opt].flat());
  if (o.lr !== undefined) input.lr = parseNumber("lr", o.lr);
  if (o.steps !== undefined) input.steps = parseNumber("steps", o.steps);
  if (o.batch !== undefined) input.batch = parseNumber("batch", o.batch);
  if (o.noise !== undefined) input.noise = parseNumber("noise", o.noise);
  if (o.seed !== undefined) input.seed = parseNumber("seed", o.seed);
  if (o.record !== undefined) input.record = o.record;
  // Given but empty ("") is an error (parseList), never "use the defaults".
  const names = given("names") ? o.names : undefined;
  const freqsText = given("freqs") ? o.freqs : undefined;
  const weightsText = given("trueWeights") ? o.trueWeights : undefined;
  if (names !== undefined || freqsText !== undefined || weightsText !== undefined) {
    const freqs = freqsText !== undefined ? parseNumberList("freqs", freqsText) : TOKENS_DEFAULTS.tokens.map((t) => t.frequency);
    const K = freqs.length;
    const tokenNames =
      names !== undefined
        ? parseList("names", names)
        : K === TOKENS_DEFAULTS.tokens.length
          ? TOKENS_DEFAULTS.tokens.map((t) => t.name)
          : freqs.map((_, k) => `token${k + 1}`);
    const weights = weightsText !== undefined ? parseNumberList("true-weights", weightsText) : freqs.map(() => 1);
    if (tokenNames.length !== K) throw new ConfigError("names", `lists ${tokenNames.length} tokens but freqs lists ${K}`);
    if (weights.length !== K) throw new ConfigError("true-weights", `lists ${weights.length} weights but freqs lists ${K} tokens`);
    input.tokens = freqs.map((frequency, k) => ({ name: tokenNames[k], frequency, trueWeight: weights[k] }));
  }
  return input;
}

export function tokensCommand(): Command {
  const d = TOKENS_DEFAULTS;
  return new Command("tokens")
    .description(
      "Trains a linear model on 0/1 token features (present with their frequencies; target = sum of the\n" +
        "present tokens' true weights + Gaussian noise; loss ½·mean squared error) with each optimizer on the\n" +
        "same sample stream, and reports final weights, |error|, how often each token had a non-zero\n" +
        "gradient, and the adaptive methods' effective learning rates.",
    )
    .option("-o, --opt <spec...>", `optimizers: names (${OPTIMIZER_NAMES.join(", ")}) or specs like adam:b1=0.9,eps=1e-6`, "sgd,adam")
    .option("--lr <η>", "step size (default for every optimizer without its own lr=)", String(d.lr))
    .option("--steps <T>", "optimizer steps", String(d.steps))
    .option("--batch <B>", "samples per step", String(d.batch))
    .option("--noise <σ>", "standard deviation of the target noise", String(d.noise))
    .option("--seed <s>", "random seed (integer ≥ 0); the same seed gives bit-identical results", String(d.seed))
    .option("--names <list>", "token names, comma-separated", d.tokens.map((t) => t.name).join(","))
    .option("--freqs <list>", "presence probability per token, comma-separated, each in [0, 1]", d.tokens.map((t) => t.frequency).join(","))
    .option("--true-weights <list>", "true weight per token, comma-separated", d.tokens.map((t) => t.trueWeight).join(","))
    .option("--record <schedule>", "which steps to keep in the trajectories: every:K or log:N", d.record)
    .addOption(
      outputOption("--json <file>", "write the full result (config, final weights, trajectories) as JSON", {
        shape: "file",
        kind: "result",
      }),
    )
    .addOption(
      outputOption("--figure <path>", "write the four-panel figure as <path>.svg and <path>.png (a .svg/.png ending is dropped)", {
        shape: "figure",
        kind: "figure",
      }),
    )
    .addOption(new Option("--backend <name>", "compute with the WASM core or its plain-TS twin").choices(["wasm", "twin"]).default("wasm"))
    .option(...QUIET_OPTION)
    .option("--force", "replace --json/--figure files even if zipflab did not write them")
    .action(async (o: TokensOptions, command: Command) => {
      const input = tokensInputFromOptions(o, (name) => command.getOptionValueSource(name) !== "default");
      const outputs = planOutputs(
        [
          o.json !== undefined && { option: "--json", path: o.json, kind: "result" },
          o.figure !== undefined && { option: "--figure", path: o.figure, kind: "figure" },
        ],
        { force: o.force, forceFlag: "--force" },
      );
      const say = stdoutUnlessQuiet(o.quiet);
      const progress = progressBar("tokens", { quiet: o.quiet });
      const result = await runTokensExperiment(input, { backend: o.backend, onProgress: (a, b) => progress.update(a, b) });
      progress.stop();
      say(formatTokensReport(result));
      if (o.json !== undefined) {
        await outputs.write("--json", o.json, toJson(result));
        say(`\nwrote ${o.json}`);
      }
      if (o.figure !== undefined) {
        // Loaded on demand: Vega and the PNG rasterizer are large and only needed here.
        const { tokensFigure } = await import("../plot/figures/tokens/figure.js");
        const { renderFigure } = await (await import("../plot/render/load.js")).loadRenderer();
        const written = await outputs.writeFigure("--figure", o.figure, await renderFigure(tokensFigure(result)));
        say(`\nwrote ${written.svg} and ${written.png}`);
      }
    });
}
