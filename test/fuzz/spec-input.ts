// Generated sweep specs: a problem, fixed fields, grids and cells built from real field names.
import fc from "fast-check";
import { SWEEP_RUNNERS } from "../../src/experiments/sweep-runners.js";
import { configObject, configValue, edgeString } from "./arbitraries.js";

const TOKENS_FIELDS = ["tokens", "noise", "batch", "steps", "lr", "seed", "optimizers", "record"];
const RUN_FIELDS = ["optimizer", "lr", "steps", "seed", "groups", "schedule", "updates", "dataSeed"];

export const specInput = fc.oneof(
  { weight: 1, arbitrary: configValue },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        problem: fc.oneof(fc.constantFrom(...Object.keys(SWEEP_RUNNERS.runners)), edgeString),
        fixed: configObject([...TOKENS_FIELDS, ...RUN_FIELDS, "d", "alpha"], 3),
        grid: fc.oneof(
          configObject(["optimizer", "lr", "seed", "steps", "d"], 3).map((g) =>
            Object.fromEntries(Object.entries(g).map(([k, v]) => [k, Array.isArray(v) || typeof v === "object" ? v : [v]])),
          ),
          fc.array(configObject(["optimizer", "lr", "seed"], 2), { maxLength: 2 }),
          fc.record({ lr: fc.record({ from: configValue, to: configValue, perDecade: configValue }) }),
        ),
        cells: fc.array(configObject(["optimizer", "lr", "seed", "steps"], 3), { maxLength: 3 }),
        description: edgeString,
      },
      { requiredKeys: ["problem"] },
    ),
  },
);
