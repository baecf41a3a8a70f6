// zipflab's public API (ESM, Node and browsers): nothing here imports a Node module.
// Node-only pieces (sweeps on worker threads, reproductions, file output) are "zipflab/node";
// figure rendering to SVG/PNG is "zipflab/render".
export { loadCore, instantiateCore, simdSupported, type Core, type WasmSource } from "./wasm/load.js";
export { Arena } from "./wasm/arena.js";
export { ConfigError } from "./config/fields.js";
export { Xoshiro128 } from "./rng/xoshiro.js";
export { seedState } from "./rng/seed.js";
export {
  OPTIMIZERS, OPTIMIZER_NAMES, resolveOptimizer, buildChain, parseOptimizerSpec,
  type OptimizerConfig, type OptimizerName,
} from "./optimizers/registry.js";
export { chain, fuse, isSparseExact, layoutChain, twinChain, twinChainStep } from "./optimizers/chain.js";
export type { Transform, TwinKernel, TwinOp } from "./optimizers/transform.js";
export { tokensProblem, type TokensProblemSpec } from "./problems/tokens/problem.js";
export type { Problem } from "./problems/problem.js";
export { runWasm } from "./run/wasm.js";
export { runTwin } from "./run/twin.js";
export type { RunOptions, RunOutput } from "./run/types.js";
export { effectiveLearningRate, effectiveLearningRateAt } from "./metrics/effective-lr.js";
export { parseSchedule, recordSteps } from "./metrics/record-steps.js";
export { resolveTokensConfig, DEFAULT_TOKENS, TOKENS_DEFAULTS, type TokensConfig, type TokensInput } from "./experiments/tokens/config.js";
export { runTokensExperiment, type TokensResult, type TokensRun, type TokensTrajectory, type Backend } from "./experiments/tokens/run.js";
export { formatTokensReport } from "./experiments/tokens/report.js";
// Figures as Vega-Lite specs (pure: usable in a browser); Node rendering to SVG/PNG is the
// "zipflab/render" entry point (src/plot/render/render.ts).
export { tokensFigure } from "./plot/figures/tokens/figure.js";
// Heavy-tailed problems (SPEC 2, 3), learning-rate schedules, relative loss.
export { quadraticProblem, resolveQuadraticConfig, QUADRATIC_DEFAULTS, type QuadraticProblem, type QuadraticConfig, type QuadraticInput } from "./problems/quadratic/problem.js";
export { bigramSquareProblem, type BigramSquareProblem } from "./problems/bigram-square/problem.js";
export { resolveBigramSquareConfig, bigramSquareBytes, BIGRAM_SQUARE_DEFAULTS, type BigramSquareConfig, type BigramSquareInput } from "./problems/bigram-square/config.js";
export { zipfFrequencies } from "./problems/shared/zipf.js";
export { buildAliasTable, sampleAlias, type AliasTable } from "./rng/alias.js";
export { TouchedRows } from "./sparse/touched-rows.js";
export { resolveLrSchedule, lrFactor, LR_SCHEDULE_KINDS, type LrSchedule, type LrScheduleKind } from "./optimizers/lr-schedule.js";
export type { UpdateMode } from "./run/types.js";
export { useRowUpdates } from "./run/rows.js";
export { relativeLoss, relativeLossCurve, stepsToReach } from "./metrics/relative-loss.js";
export { usesLazyUpdates } from "./optimizers/registry.js";
export { linearSoftmaxProblem, type LinearSoftmaxProblem, type LinearSoftmaxClassStats } from "./problems/linear-model/problem.js";
export { resolveLinearSoftmaxConfig, linearSoftmaxBytes, linearSoftmaxSizes, LINEAR_SOFTMAX_DEFAULTS, type LinearSoftmaxConfig, type LinearSoftmaxInput } from "./problems/linear-model/config.js";
export { bigramSoftmaxProblem, bigramSoftmaxFromCounts, type BigramSoftmaxProblem, type BigramSoftmaxClassStats } from "./problems/bigram-softmax/problem.js";
export { resolveBigramSoftmaxConfig, bigramSoftmaxBytes, BIGRAM_SOFTMAX_DEFAULTS, type BigramSoftmaxConfig, type BigramSoftmaxInput } from "./problems/bigram-softmax/config.js";
export { countsFromPairs, zipfExpectedCounts, zipfSampledCounts, checkCountMatrix, type CountMatrix } from "./problems/bigram-softmax/counts.js";
export { randomRanking } from "./problems/shared/ranking.js";
export { expf } from "./math/expf.js";
export { scaledIndex } from "./rng/scaled-index.js";
// Problems, the run experiment, metrics and sweeps.
export { PROBLEMS, PROBLEM_NAMES, problemEntry } from "./problems/registry.js";
export { PROBLEM_OPTION_META, problemOptions, type ProblemOptionMeta, type ProblemOptionKind } from "./problems/options.js";
export { runProblemExperiment, type ProblemRunResult, type ProblemRun } from "./experiments/run/run.js";
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
export { resolveTransformerConfig, TRANSFORMER_DEFAULTS, type TransformerConfig, type TransformerInput } from "./problems/transformer/config.js";
export { encodeCheckpoint, decodeCheckpoint, registerCheckpoint, type Checkpoint, type CheckpointHeader } from "./problems/transformer/checkpoint.js";
export { bigramLaw, zipfBigramLaw } from "./experiments/scaling/bigram-law.js";
export { fitPowerLaw } from "./experiments/scaling/fit.js";
export { classCoupling, type ClassCoupling } from "./metrics/class-coupling.js";
// Figures: pure builders from result objects to Vega-Lite specs (render with zipflab/render).
export { groupLossFigure } from "./plot/figures/groups/figure.js";
export type { GroupResult } from "./plot/figures/groups/data.js";
export { quadraticFigure } from "./plot/figures/quadratic/figure.js";
export { classStatsFigure } from "./plot/figures/class-stats/figure.js";
export { stepSizeFigure, type StepSizeFigureInput } from "./plot/figures/step-sizes/figure.js";
export type { StepSizeData, StepSizePoint, StepSizeSeries } from "./plot/figures/step-sizes/data.js";
export { scalingFigure } from "./plot/figures/scaling/figure.js";
export type { ScalingFigureInput, ScalingFitInput } from "./plot/figures/scaling/data.js";
export { figuresFor, FIGURE_NAMES, type FigureName, type NamedFigure } from "./plot/figures.js";
// Reproductions of the papers' figures (zipflab repro).
// Corpora (browser-safe): tokenizers, vocabulary, counts of a user's text; problems on them.
export { brownTokens, textTokens, type Punctuation, type TextTokenizerOptions } from "./corpus/tokenize.js";
export { buildVocabulary, countTypes, UNKNOWN_WORD, type Vocabulary } from "./corpus/vocabulary.js";
export { bigramCounts } from "./corpus/counts.js";
export { corpusFromSequences, corpusFromText, corpusFromBrownText, corpusStats, fitZipf, tokenizerName, type CorpusCounts, type CorpusStats } from "./corpus/corpus.js";
export { corpusCounts, registerCorpusText, setCorpusLoader, type CorpusLoader, type CorpusRequest } from "./corpus/registry.js";
export { bigramSquareFromCounts, bigramSquareCountsBytes, type BigramSquareCountsProblem } from "./problems/bigram-square/counts-problem.js";
export { corpusBigramSoftmax, corpusBigramSquare, CORPUS_DEFAULTS, type CorpusOptions } from "./problems/corpus/problems.js";
export { rankFrequencyFigure, type RankFrequencyInput } from "./plot/figures/rank-frequency/figure.js";
