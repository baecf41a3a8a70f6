// zipflab's public API (ESM, Node and browsers): nothing here imports a Node module.
// Node-only pieces (sweeps on worker threads, reproductions, file output) are "zipflab/node";
// figure rendering to SVG/PNG is "zipflab/render".
export { loadCore, instantiateCore, simdSupported, type Core, type WasmSource } from "./wasm/load.js";
export { Arena } from "./wasm/arena.js";
export { Xoshiro128 } from "./rng/xoshiro.js";
export { seedState } from "./rng/seed.js";
export {
  OPTIMIZERS,
  OPTIMIZER_NAMES,
  resolveOptimizer,
  buildChain,
  parseOptimizerSpec,
  type OptimizerConfig,
  type OptimizerName,
} from "./optimizers/registry.js";
export { chain, fuse, isSparseExact, layoutChain, twinChain, twinChainStep } from "./optimizers/chain.js";
export type { Transform, TwinKernel, TwinOp } from "./optimizers/transform.js";
export { tokensProblem, type TokensProblemData } from "./problems/tokens/problem.js";
export type { Problem } from "./problems/problem.js";
export { runWasm } from "./loop/wasm.js";
export { runTwin } from "./loop/twin.js";
export type { LoopOptions, LoopOutput } from "./loop/types.js";
export { effectiveLearningRate, effectiveLearningRateAt } from "./metrics/effective-lr.js";
export { parseRecording, recordSteps } from "./loop/record-steps.js";
export { resolveTokensConfig, DEFAULT_TOKENS, TOKENS_DEFAULTS, type TokensInput } from "./experiments/tokens/config.js";
export { runTokensExperiment } from "./experiments/tokens/run.js";
export { formatTokensReport } from "./experiments/tokens/report.js";
// Figures as Vega-Lite specs (pure: usable in a browser); Node rendering to SVG/PNG is the
// "zipflab/render" entry point (src/plot/render/render.ts).
export { tokensFigure } from "./plot/figures/tokens/figure.js";
// Heavy-tailed problems (phenomenon 2, 3), learning-rate schedules, relative loss.
export { type QuadraticProblem, type QuadraticConfig } from "./problems/quadratic/problem.js";
export { QUADRATIC, quadraticProblem, resolveQuadraticConfig, type QuadraticInput } from "./problems/quadratic/declaration.js";
export { type BigramSquareProblem, type BigramSquareConfig } from "./problems/bigram-square/problem.js";
export {
  BIGRAM_SQUARE,
  bigramSquareProblem,
  resolveBigramSquareConfig,
  bigramSquareBytes,
  type BigramSquareInput,
} from "./problems/bigram-square/declaration.js";
export { zipfFrequencies } from "./problems/shared/zipf.js";
export { buildAliasTable, sampleAlias, type AliasTable } from "./rng/alias.js";
export { TouchedRows } from "./sparse/touched-rows.js";
export { resolveLrSchedule, lrFactor, LR_SCHEDULE_KINDS, type LrSchedule, type LrScheduleKind } from "./optimizers/lr-schedule.js";
export { relativeLoss, relativeLossCurve, stepsToReach } from "./metrics/relative-loss.js";
export { usesLazyUpdates } from "./optimizers/registry.js";
export {
  linearModelSizes,
  type LinearModelProblem,
  type LinearModelClassStats,
  type LinearModelConfig,
} from "./problems/linear-model/problem.js";
export {
  LINEAR_MODEL,
  linearModelProblem,
  resolveLinearModelConfig,
  linearModelBytes,
  type LinearModelInput,
} from "./problems/linear-model/declaration.js";
export { bigramSoftmaxFromCounts, type BigramSoftmaxProblem, type BigramSoftmaxClassStats } from "./problems/bigram-softmax/problem.js";
export { bigramSoftmaxBytes, type BigramSoftmaxConfig } from "./problems/bigram-softmax/config.js";
export {
  BIGRAM_SOFTMAX,
  bigramSoftmaxProblem,
  resolveBigramSoftmaxConfig,
  type BigramSoftmaxInput,
} from "./problems/bigram-softmax/declaration.js";
export { countsFromPairs, checkCountMatrix, type CountMatrix } from "./sparse/count-matrix.js";
export { zipfExpectedCounts, zipfSampledCounts } from "./problems/bigram-softmax/zipf-counts.js";
export { randomRanking } from "./problems/shared/ranking.js";
export { expf } from "./math/expf.js";
export { scaledIndex } from "./rng/scaled-index.js";
// Problems, the run experiment, metrics and sweeps.
export { PROBLEMS, PROBLEM_NAMES, problemEntry } from "./problems/registry.js";
export { TOKENS, type TokensProblemConfig } from "./problems/tokens/declaration.js";
export type { OptionDeclaration, OptionKind, ProblemDeclaration } from "./problems/declaration.js";
export { runProblemExperiment } from "./experiments/run/run.js";
export { formatRunReport, rarityCorrelation } from "./experiments/run/report.js";
export { groupByFrequency, groupLoss, type FrequencyGroups } from "./metrics/groups.js";
export { spearman } from "./metrics/rank-correlation.js";
export { DIVERGENCE_FACTOR } from "./metrics/divergence.js";
// Scaling laws: steps-to-ε against d, exact reduced models of the full-batch bigram square loss.
export { runScaling } from "./experiments/scaling/synthetic-law.js";
export { reducedGd } from "./experiments/scaling/reduced-gd.js";
export { reducedSign } from "./experiments/scaling/reduced-sign.js";
export { runReducedAdam } from "./experiments/scaling/reduced-adam.js";
// The transformer: a small GPT on a corpus token stream, its checkpoints.
export { transformerProblem, type TransformerProblem } from "./problems/transformer/problem.js";
export {
  resolveTransformerConfig,
  TRANSFORMER_DEFAULTS,
  type TransformerConfig,
  type TransformerInput,
} from "./problems/transformer/config.js";
export { TRANSFORMER } from "./problems/transformer/declaration.js";
export {
  encodeCheckpoint,
  decodeCheckpoint,
  registerCheckpoint,
  type Checkpoint,
  type CheckpointHeader,
} from "./problems/transformer/checkpoint.js";
export { bigramLaw, zipfBigramLaw } from "./experiments/scaling/bigram-law.js";
export { fitPowerLaw } from "./experiments/scaling/fit.js";
export { classCoupling } from "./problems/linear-model/coupling.js";
// Figures: pure builders from result objects to Vega-Lite specs (render with zipflab/render).
export { groupLossFigure } from "./plot/figures/groups/figure.js";
export type { GroupResult } from "./plot/figures/groups/data.js";
export { quadraticFigure } from "./plot/figures/quadratic/figure.js";
export { classStatsFigure } from "./plot/figures/class-stats/figure.js";
export { stepSizeFigure, type StepSizeFigureInput } from "./plot/figures/step-sizes/figure.js";
export { scalingFigure } from "./plot/figures/scaling/figure.js";
export type { ScalingFigureInput, ScalingFitInput } from "./plot/figures/scaling/data.js";
export { figuresFor, FIGURE_NAMES, type FigureName, type NamedFigure } from "./plot/figures.js";
// Reproductions of the papers' figures (zipflab repro).
// Corpora (browser-safe): tokenizers, vocabulary, counts of a user's text; problems on them.
export { brownTokens, textTokens, type Punctuation, type TextTokenizerOptions } from "./corpus/tokenize.js";
export { buildVocabulary, countTypes, UNKNOWN_WORD, type Vocabulary } from "./corpus/vocabulary.js";
export { bigramCounts } from "./corpus/counts.js";
export {
  corpusFromSequences,
  corpusFromText,
  corpusFromBrownText,
  corpusStats,
  fitZipf,
  tokenizerName,
  type CorpusCounts,
  type CorpusStats,
} from "./corpus/corpus.js";
export { corpusCounts, registerCorpusText, setCorpusLoader, type CorpusLoader, type CorpusRequest } from "./corpus/registry.js";
export { CORPUS_OPTIONS, type CorpusOptions } from "./problems/shared/options.js";
export { rankFrequencyFigure, type RankFrequencyInput } from "./plot/figures/rank-frequency/figure.js";
export type { ProblemRun, ProblemRunResult, UpdateMode } from "./results/run.js";
export type { TokensConfig, TokensResult, TokensRun, TokensTrajectory } from "./results/tokens.js";
export type { Backend } from "./results/backend.js";
export type { StepSizeData, StepSizePoint, StepSizeSeries } from "./results/step-sizes.js";
export { ConfigError } from "./config/error.js";
export type { ClassCoupling } from "./problems/problem.js";
export { bigramSquareCountsBytes, bigramSquareFromCounts } from "./problems/bigram-square/counts.js";
export type { CountsBigramSquare } from "./problems/bigram-square/problem.js";
