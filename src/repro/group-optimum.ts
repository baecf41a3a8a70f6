// Each frequency group's optimal loss L_g* for the bigram softmax model on a count matrix:
// with a free logit vector per input token the model can match p(k | i) = c_ik / n_i exactly,
// so class k's best loss is −Σ_i c_ik log(c_ik/n_i) / Σ_i c_ik, and a group's is the
// sample-weighted mean over its classes — what the group loss is measured against. (With
// expected counts every c_ik > 0: the optimum is approached, never beyond.)
import { classGroups } from "../plot/figures/groups/data.js";
import type { BigramSoftmaxProblem } from "../problems/bigram-softmax/problem.js";
import { problemEntry } from "../problems/registry.js";
import type { ProblemRunResult } from "../results/run.js";

export function bigramSoftmaxGroupOptimum(result: ProblemRunResult): number[] | null {
  const groupOf = classGroups(result);
  const G = result.groups?.count ?? 0;
  if (!groupOf || G === 0) return null;
  const loss = new Float64Array(G);
  const mass = new Float64Array(G);
  // Through the registry, so that a corpus config (--corpus) gives its own counts.
  (problemEntry("bigram-softmax").create(result.config.config) as BigramSoftmaxProblem).forEachRow((_i, cols, counts, len) => {
    let n = 0;
    for (let e = 0; e < len; e++) n += counts[e];
    for (let e = 0; e < len; e++) {
      const c = counts[e];
      if (!(c > 0)) continue;
      const g = groupOf[cols[e]];
      loss[g] -= c * Math.log(c / n);
      mass[g] += c;
    }
  });
  return Array.from(loss, (l, g) => l / mass[g]);
}
