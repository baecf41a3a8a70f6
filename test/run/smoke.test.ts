import { describe, expect, it } from "vitest";
import { loadCore } from "../../src/wasm/load.js";
import { tokensProblem } from "../../src/problems/tokens.js";
import { buildChain, resolveOptimizer } from "../../src/optimizers/registry.js";
import { fuse } from "../../src/optimizers/chain.js";
import { runWasm } from "../../src/run/wasm.js";
import { runTwin } from "../../src/run/twin.js";

describe("smoke", () => {
  it("tokens wasm == twin", async () => {
    const core = await loadCore();
    const problem = tokensProblem({ frequencies: [0.95, 0.6, 0.2, 0.05, 0.005, 0.001], trueWeights: [1, 1, 1, 1, 1, 1], noise: 0.1, batch: 32 });
    for (const name of ["sgd", "adam"]) {
      const tr = fuse(buildChain(resolveOptimizer(name, 0.05)));
      const opts = { steps: 3000, seed: 0, recordSteps: [1000, 2000, 3000], countNonzero: true };
      const a = runWasm(core, problem, tr, opts);
      const b = runTwin(problem, tr, opts);
      console.log(name, Array.from(a.finalWeights), Array.from(a.nonzeroCounts!));
      expect(Array.from(a.finalWeights)).toEqual(Array.from(b.finalWeights));
    }
  });
});
