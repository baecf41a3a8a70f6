// Which iteration space the optimizer uses for a row-sparse gradient (see UpdateMode).
import { argObject } from "../config/args.js";
import { ConfigError } from "../config/fields.js";
import { isSparseExact } from "../optimizers/chain.js";
import type { Transform } from "../optimizers/transform.js";
import type { Problem } from "../problems/problem.js";
import type { RunOptions } from "./types.js";

/** True when the optimizer should visit only the rows the gradient touched. */
export function useRowUpdates(problem: Problem, transforms: readonly Transform[], opts: RunOptions): boolean {
  argObject("problem", problem, "a problem");
  argObject("opts", opts, "run options");
  const mode = opts.updates ?? "auto";
  if (!problem.rowLen) {
    if (mode === "rows") throw new ConfigError("updates", `"rows" needs row-sparse gradients: a mini-batch of bigram-square or bigram-softmax — this problem and batch have none; use auto or dense`);
    return false;
  }
  if (mode !== "auto") return mode === "rows";
  return isSparseExact(transforms) || opts.lazy === true;
}
