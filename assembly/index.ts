// The WASM ABI: exports only. Memory layout is owned by the TS side (src/wasm/arena.ts);
// everything past heapBase() is free for it.
export { chainStep, chainFlush, chainPrepare, chainRow } from "./optimizers/chain";
export { runSteps } from "./loop";
export { scatterAddRows, clearRows } from "./sparse/scatter";
export { tokensGradient } from "./problems/tokens/problem";
export { ceilingAdamPattern, floorExp, floorTraffic } from "./bandwidth";
export { ln } from "./math/ln";
export { sumSquares, sumAbs } from "./math/reduce";
export { fillU32, fillUniform, fillNormal, fillLanesU32, fillNormalsF32 } from "./rng-fill";
export { drawTokenSamples } from "./problems/tokens/sampling";
export { problemGradient, problemLoss, problemStep, problemClassLoss, problemRows } from "./problems/dispatch";
export { quadraticGradient, quadraticLoss } from "./problems/quadratic/problem";
export { bigramSquareGradient, bigramSquareLoss, bigramSquareClassLoss } from "./problems/bigram-square/problem";
export { lrFactor, cosPi } from "./optimizers/lr-schedule";
export { linearModelGradient, linearModelLoss } from "./problems/linear-model/problem";
export { linearModelClassStats } from "./problems/linear-model/stats";
export { bigramSoftmaxGradient, bigramSoftmaxLoss, bigramSoftmaxClassLoss, bigramSoftmaxRows, bigramSoftmaxStep, addClassPartial } from "./problems/bigram-softmax/problem";
export { softmaxRow } from "./math/softmax";
export { rankingRows } from "./problems/shared/ranking";
export { expectedTargetRows } from "./problems/bigram-softmax/targets";
export { expf } from "./math/expf";
export { gemm, gemmNT, transpose, gemmTileCeiling } from "./nn/gemm";
export { layerNormForward, layerNormBackward } from "./nn/layernorm";
export { geluForward, geluBackward } from "./nn/gelu";
export { attentionForward, attentionBackward } from "./nn/attention";
export { embeddingForward, embeddingBackward } from "./nn/embedding";
export { crossEntropyRows } from "./nn/cross-entropy";
export { addVectors, addColumnSums } from "./nn/vector";
export { transformerGradient, transformerLoss, transformerClassLoss, transformerValidationLoss, transformerFeatures } from "./problems/transformer/problem";
export { poolAttach, poolThreads, poolWorker } from "./parallel";

/** First free byte after static data. */
export function heapBase(): usize {
  return __heap_base;
}
