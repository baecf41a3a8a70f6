// From a spec to its cells, in a deterministic order: the grids in the order given, each a
// Cartesian product with the last-listed field varying fastest, then the explicit cells.
// Every cell is validated by its problem's runner; an error names where in the spec the bad
// value came from ("grid[1].optimizer[2].name", "cells[3].lr", "fixed.steps").
import { canonicalJson, cellKey, shortHash } from "../io/canonical-json.js";
import { getRunner, type RunnerTable } from "./cell-runner.js";
import type { CellConfig } from "../tuning/cell.js";
import type { SweepSpec } from "./spec.js";
import { expandValues } from "./values.js";
import { ConfigError } from "../config/error.js";

export interface SweepCell {
  /** Position in the full (unsharded) cell list. */
  index: number;
  /** Hash of the canonical config: the cell's identity in results files. */
  key: string;
  config: CellConfig;
}

export interface Sweep {
  problem: string;
  spec: SweepSpec;
  cells: SweepCell[];
  /** Hash of the problem and the ordered cell configs: a results file belongs to one sweep. */
  fingerprint: string;
  /** The runners the cells were validated with, which run them; null: re-expanded from a results file, not runnable. */
  runners: RunnerTable | null;
}

export const MAX_CELLS = 1_000_000;

interface Draft {
  config: CellConfig;
  /** Where the cell came from ("grid[1]", "cells[3]") … */
  source: string;
  /** … and, per field, the spec path of its value and of the field itself. */
  origin: Record<string, { value: string; field: string }>;
}

/** A grid's fields and their values, validated, and the number of cells (their product). */
function gridValues(grid: Record<string, unknown>, path: string, base: Draft): { fields: [string, unknown, unknown[]][]; cells: number } {
  const fields: [string, unknown, unknown[]][] = [];
  let cells = 1;
  for (const [field, given] of Object.entries(grid)) {
    if (Object.hasOwn(base.config, field))
      throw new ConfigError(`${path}.${field}`, "is also given in fixed; a field is either fixed or swept");
    const values = expandValues(`${path}.${field}`, given);
    cells *= values.length;
    fields.push([field, given, values]);
  }
  return { fields, cells };
}

function gridDrafts(fields: [string, unknown, unknown[]][], path: string, base: Draft): Draft[] {
  let drafts = [base];
  for (const [field, given, values] of fields) {
    const valuePath = (i: number) => (Array.isArray(given) ? `${path}.${field}[${i}]` : `${path}.${field} (value ${values[i]})`);
    drafts = drafts.flatMap((d) =>
      values.map((v, i) => ({
        config: { ...d.config, [field]: v },
        source: path,
        origin: { ...d.origin, [field]: { value: valuePath(i), field: `${path}.${field}` } },
      })),
    );
  }
  return drafts;
}

function drafts(spec: SweepSpec): Draft[] {
  const fixed = spec.fixed ?? {};
  const base: Draft = {
    config: { ...fixed },
    source: "fixed",
    origin: Object.fromEntries(Object.keys(fixed).map((f) => [f, { value: `fixed.${f}`, field: `fixed.${f}` }])),
  };
  const grids = spec.grid === undefined ? [] : Array.isArray(spec.grid) ? spec.grid : [spec.grid];
  // The cells of all grids and explicit cells are counted before any is built: several grids
  // under the limit each can still sum far beyond it.
  let total = spec.cells?.length ?? 0;
  const planned = grids.map((g, i) => {
    const path = Array.isArray(spec.grid) ? `grid[${i}]` : "grid";
    const values = gridValues(g, path, base);
    total += values.cells;
    if (total > MAX_CELLS) {
      throw new ConfigError(
        path,
        `brings the spec to more than ${MAX_CELLS.toLocaleString("en-US")} cells (${grids.length > 1 ? "all grids and cells together" : "the grid's product"}); at most ${MAX_CELLS.toLocaleString("en-US")}`,
      );
    }
    return { path, values };
  });
  const out = planned.flatMap(({ path, values }) => gridDrafts(values.fields, path, base));
  (spec.cells ?? []).forEach((cell, i) => {
    const origin = { ...base.origin };
    for (const f of Object.keys(cell)) origin[f] = { value: `cells[${i}].${f}`, field: `cells[${i}].${f}` };
    out.push({ config: { ...fixed, ...cell }, source: `cells[${i}]`, origin });
  });
  if (out.length > MAX_CELLS)
    throw new ConfigError("cells", `the spec expands to ${out.length} cells; at most ${MAX_CELLS.toLocaleString("en-US")}`);
  return out;
}

/** Re-roots a runner's error ("optimizer.name") at the spec path of the value it came from. */
function locate(e: ConfigError, draft: Draft, index: number): ConfigError {
  const top = /^[^.[]+/.exec(e.field)?.[0] ?? e.field;
  const origin = draft.origin[top];
  if (!origin) return new ConfigError(`${draft.source} (cell ${index})`, `${e.field}: ${e.detail}`);
  // An error about the field itself ("unknown field") names no value: every parseConfig error
  // about a value ends in "(got …)".
  const aboutField = e.field === top && !e.detail.includes("(got ");
  const at = aboutField ? origin.field : origin.value + e.field.slice(top.length);
  return new ConfigError(at, e.detail);
}

/**
 * Expands the spec and validates every cell with the table's runner; throws ConfigError naming
 * the spec path at fault. Without a table (a spec stored in a results file) nothing is re-checked.
 */
export function expandSweep(spec: SweepSpec, table: RunnerTable | null): Sweep {
  const runner = table ? getRunner(table, spec.problem) : null;
  const seen = new Map<string, number>();
  const cells = drafts(spec).map((draft, index) => {
    try {
      runner?.validate(draft.config);
    } catch (e) {
      throw e instanceof ConfigError ? locate(e, draft, index) : e;
    }
    const key = cellKey(draft.config);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ConfigError(
        draft.source,
        `cell ${index} ${canonicalJson(draft.config)} repeats cell ${first}; every cell must be distinct`,
      );
    }
    seen.set(key, index);
    return { index, key, config: draft.config };
  });
  const fingerprint = shortHash(canonicalJson({ problem: spec.problem, cells: cells.map((c) => c.config) }));
  return { problem: spec.problem, spec, cells, fingerprint, runners: table };
}
