import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandSweep } from "../../src/sweep/expand.js";
import { parseSpec, readSpecFile } from "../../src/sweep/spec.js";
import { logSpaced } from "../../src/sweep/values.js";
import { SWEEP_RUNNERS } from "../../src/experiments/sweep-runners.js";

const dir = mkdtempSync(join(tmpdir(), "zipflab-spec-"));
const expand = (spec: unknown) => expandSweep(parseSpec(spec), SWEEP_RUNNERS);
const configs = (spec: unknown) => expand(spec).cells.map((c) => c.config);

describe("sweep specs: from a spec to its cells", () => {
  it("a grid is a Cartesian product, the last-listed field varying fastest, fixed fields in every cell", () => {
    expect(configs({ problem: "tokens", fixed: { steps: 10 }, grid: { optimizer: ["sgd", "adam"], seed: [0, 1, 2] } })).toEqual([
      { steps: 10, optimizer: "sgd", seed: 0 },
      { steps: 10, optimizer: "sgd", seed: 1 },
      { steps: 10, optimizer: "sgd", seed: 2 },
      { steps: 10, optimizer: "adam", seed: 0 },
      { steps: 10, optimizer: "adam", seed: 1 },
      { steps: 10, optimizer: "adam", seed: 2 },
    ]);
  });

  it("several grids concatenate (per-optimizer step-size ranges), then the explicit cells", () => {
    const cells = configs({
      problem: "tokens",
      fixed: { steps: 10 },
      grid: [
        { optimizer: ["sgd"], lr: [0.1, 1] },
        { optimizer: ["adam"], lr: [0.01] },
      ],
      cells: [{ optimizer: "sign", lr: 0.05, steps: 20 }],
    });
    expect(cells).toEqual([
      { steps: 10, optimizer: "sgd", lr: 0.1 },
      { steps: 10, optimizer: "sgd", lr: 1 },
      { steps: 10, optimizer: "adam", lr: 0.01 },
      { steps: 20, optimizer: "sign", lr: 0.05 },
    ]);
  });

  it("{from, to, perDecade: 2} is the papers' half-decade grid, ends included", () => {
    expect(logSpaced(1e-4, 1, 2)).toEqual([1e-4, 3.16227766017e-4, 1e-3, 3.16227766017e-3, 0.01, 0.0316227766017, 0.1, 0.316227766017, 1]);
    expect(configs({ problem: "tokens", grid: { optimizer: ["sgd"], lr: { from: 0.01, to: 1, perDecade: 1 } } }).map((c) => c.lr)).toEqual([
      0.01, 0.1, 1,
    ]);
  });

  it("cell keys and the fingerprint ignore key order in the file but not values or cell order", () => {
    const a = expand({ problem: "tokens", fixed: { steps: 10, batch: 8 }, grid: { optimizer: ["sgd", { name: "adam", b1: 0 }] } });
    const b = expand({ grid: { optimizer: ["sgd", { b1: 0, name: "adam" }] }, fixed: { batch: 8, steps: 10 }, problem: "tokens" });
    expect(b.cells.map((c) => c.key)).toEqual(a.cells.map((c) => c.key));
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(
      expand({ problem: "tokens", fixed: { steps: 11, batch: 8 }, grid: { optimizer: ["sgd", { name: "adam", b1: 0 }] } }).fingerprint,
    ).not.toBe(a.fingerprint);
    expect(
      expand({ problem: "tokens", fixed: { steps: 10, batch: 8 }, grid: { optimizer: [{ name: "adam", b1: 0 }, "sgd"] } }).fingerprint,
    ).not.toBe(a.fingerprint);
  });

  it("JSON and YAML files give the same sweep", async () => {
    const json = join(dir, "s.json");
    const yaml = join(dir, "s.yaml");
    writeFileSync(
      json,
      JSON.stringify({
        problem: "tokens",
        fixed: { steps: 10 },
        grid: { optimizer: ["sgd", "adam:b1=0"], lr: { from: 1e-3, to: 1e-1, perDecade: 2 } },
      }),
    );
    writeFileSync(
      yaml,
      "problem: tokens\nfixed: {steps: 10}\ngrid:\n  optimizer: [sgd, 'adam:b1=0']\n  lr: {from: 1.0e-3, to: 1.0e-1, perDecade: 2}\n",
    );
    const a = expandSweep(await readSpecFile(json), SWEEP_RUNNERS);
    const b = expandSweep(await readSpecFile(yaml), SWEEP_RUNNERS);
    expect(b.cells).toEqual(a.cells);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(a.cells).toHaveLength(10);
  });
});

describe("sweep specs: a bad spec is rejected whole, the error naming where in the spec", () => {
  const tokens = (extra: object) => ({ problem: "tokens", fixed: { steps: 10 }, ...extra });
  it.each([
    ["an unknown problem", { problem: "nope", grid: { seed: [0] } }, /^problem: unknown problem "nope" \(one of: tokens/],
    ["an unknown top-level key", { problem: "tokens", grids: {} }, /^grids: unknown field/],
    ["neither grid nor cells", { problem: "tokens" }, /^grid: a spec needs a grid or a list of cells/],
    ["an unknown swept field", tokens({ grid: { optimizer: ["sgd"], learningRate: [0.1] } }), /^grid\.learningRate: unknown field/],
    ["an unknown fixed field", { problem: "tokens", fixed: { stepz: 10 }, grid: { optimizer: ["sgd"] } }, /^fixed\.stepz: unknown field/],
    [
      "an unknown field in a cell",
      tokens({ cells: [{ optimizer: "sgd" }, { optimizer: "sgd", sed: 1 }] }),
      /^cells\[1\]\.sed: unknown field/,
    ],
    ["an empty value list", tokens({ grid: { optimizer: ["sgd"], lr: [] } }), /^grid\.lr: must list at least one value/],
    ["a value out of range", tokens({ grid: { optimizer: ["sgd"], lr: [0.1, -1] } }), /^grid\.lr\[1\]: .*\(0, ∞\) \(got -1\)/],
    [
      "an unknown optimizer",
      tokens({ grid: [{ optimizer: ["sgd"] }, { optimizer: ["adam", "adamx"] }] }),
      /^grid\[1\]\.optimizer\[1\]\.name: unknown optimizer "adamx"/,
    ],
    ["a bad hyperparameter", tokens({ grid: { optimizer: [{ name: "adam", b1: 1 }] } }), /^grid\.optimizer\[0\]\.b1: .*\[0, 1\)/],
    [
      "a step size inside the optimizer",
      tokens({ grid: { optimizer: ["adam:lr=0.1"] } }),
      /^grid\.optimizer\[0\]\.lr: give the step size as the cell field lr/,
    ],
    ["several optimizers per cell", tokens({ grid: { optimizers: [["sgd"]] } }), /^grid\.optimizers: not a sweep field/],
    ["a repeated value", tokens({ grid: { optimizer: ["sgd"], seed: [1, 2, 1] } }), /^grid\.seed\[2\]: repeats grid\.seed\[0\]/],
    [
      "a repeated cell",
      tokens({ grid: { optimizer: ["sgd"], seed: [1] }, cells: [{ optimizer: "sgd", seed: 1 }] }),
      /^cells\[0\]: cell 1 .* repeats cell 0/,
    ],
    ["a field both fixed and swept", tokens({ grid: { optimizer: ["sgd"], steps: [5] } }), /^grid\.steps: is also given in fixed/],
    ["a bad log range", tokens({ grid: { optimizer: ["sgd"], lr: { from: 1, to: 0.1, perDecade: 2 } } }), /^grid\.lr\.to: must be ≥ from/],
    ["a value list that is neither", tokens({ grid: { optimizer: "sgd" } }), /^grid\.optimizer: must be a list of values or a log range/],
  ])("%s", (_what, spec, message) => {
    expect(() => expand(spec)).toThrowError(message);
  });

  it("a file that is not valid JSON or YAML, or of another kind, names the file", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{ problem: tokens");
    await expect(readSpecFile(bad)).rejects.toThrowError(/^spec: .*bad\.json is not valid JSON/);
    await expect(readSpecFile(join(dir, "spec.txt"))).rejects.toThrowError(/^spec: must be a \.json, \.yaml or \.yml file/);
    await expect(readSpecFile(join(dir, "absent.yaml"))).rejects.toThrowError(/^spec: cannot read .*absent\.yaml: no such file or folder/);
  });
});
