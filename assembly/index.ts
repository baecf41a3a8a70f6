// The WASM ABI: exports only. Memory layout is owned by the TS side (src/wasm/arena.ts);
// everything past heapBase() is free for it.
export { chainStep, chainFlush, chainPrepare, chainRow } from "./optimizers/chain";
export { runSteps } from "./loop";
export { scatterAddRows, clearRows } from "./sparse/scatter";
export { tokensGradient } from "./problems/tokens";
export { ceilingAdamPattern } from "./bandwidth";
export { ln } from "./ln";
export { sumSquares, sumAbs } from "./optimizers/reduce";
export { fillU32, fillUniform, fillNormal } from "./rng_fill";
export { problemGradient, problemLoss, problemStep, problemClassLoss } from "./problems/dispatch";
export { quadraticGradient, quadraticLoss } from "./problems/quadratic";
export { bigramSquareGradient, bigramSquareLoss } from "./problems/bigram_square";
export { lrFactor, cosPi } from "./optimizers/lr_schedule";
export { linearSoftmaxGradient, linearSoftmaxLoss } from "./problems/linear_softmax";
export { linearSoftmaxClassStats } from "./problems/linear_softmax_stats";
export { bigramSoftmaxGradient, bigramSoftmaxLoss, bigramSoftmaxClassLoss, bigramSoftmaxRows, bigramSoftmaxStep, addClassPartial } from "./problems/bigram_softmax";
export { softmaxRow } from "./problems/softmax";
export { expf } from "./expf";

/** First free byte after static data. */
export function heapBase(): usize {
  return __heap_base;
}
