// The step-size rule of the papers' code, generic over cell summaries. Cells are grouped by
// every field that varies across the sweep except lr and seed; within a group each step size
// is scored by its worst seed, and the step size with the lowest worst-seed loss is chosen
// (ties → the smaller step). A run that diverged — NaN/Inf, or a final loss above 1.5× the
// initial one — is scored at its initial loss: as if it had not moved, never better.
import { exceedsDivergenceBound } from "../metrics/divergence.js";
import { canonicalJson } from "../io/canonical-json.js";
import type { CellConfig, CellSummary } from "./cell.js";

export interface CellResult {
  index: number;
  cell: CellConfig;
  summary: CellSummary;
}

export const LR_FIELD = "lr";
export const SEED_FIELD = "seed";

export function diverged(s: CellSummary): boolean {
  return (
    s.divergedAt !== null ||
    s.finalLoss === null ||
    !Number.isFinite(s.finalLoss) ||
    (s.initialLoss !== null && exceedsDivergenceBound(s.finalLoss, s.initialLoss))
  );
}

/** The loss the rule compares: the final loss, or the initial loss for a diverged run. */
export function score(s: CellSummary): number {
  return diverged(s) ? (s.initialLoss ?? Infinity) : (s.finalLoss as number);
}

/** Fields whose value differs between cells (absent counts as a value of its own), in first-seen order. */
export function varyingFields(cells: readonly CellConfig[]): string[] {
  const fields = [...new Set(cells.flatMap((c) => Object.keys(c)))];
  return fields.filter((f) => new Set(cells.map((c) => canonicalJson(c[f] ?? null))).size > 1);
}

export interface StepSizeScore {
  /** null where the cells name no lr. */
  lr: number | null;
  /** Highest score over the seeds. */
  worst: number;
  mean: number;
  seeds: number;
  divergedSeeds: number;
}

export interface TunedGroup {
  /** The group's values of the grouping fields. */
  fields: CellConfig;
  /** One entry per step size, ascending. */
  grid: StepSizeScore[];
  chosen: StepSizeScore;
  /** Where the chosen step size sits at an end of a grid of two or more: the optimum may lie beyond. */
  edge: "smallest" | "largest" | null;
}

export interface Tuning {
  /** The fields that define groups: the varying ones except lr and seed. */
  groupFields: string[];
  groups: TunedGroup[];
}

function scoreStepSize(lr: number | null, cells: readonly CellResult[]): StepSizeScore {
  const scores = cells.map((r) => score(r.summary));
  return {
    lr,
    worst: Math.max(...scores),
    mean: scores.reduce((a, b) => a + b, 0) / scores.length,
    seeds: cells.length,
    divergedSeeds: cells.filter((r) => diverged(r.summary)).length,
  };
}

function lrOf(r: CellResult): number | null {
  const lr = r.cell[LR_FIELD];
  return typeof lr === "number" ? lr : null;
}

export function tuneStepSizes(results: readonly CellResult[]): Tuning {
  const groupFields = varyingFields(results.map((r) => r.cell)).filter((f) => f !== LR_FIELD && f !== SEED_FIELD);
  const groups = new Map<string, { fields: CellConfig; byLr: Map<number | null, CellResult[]> }>();
  for (const r of [...results].sort((a, b) => a.index - b.index)) {
    const fields = Object.fromEntries(groupFields.map((f) => [f, r.cell[f]]));
    const id = canonicalJson(groupFields.map((f) => r.cell[f] ?? null));
    const group = groups.get(id) ?? { fields, byLr: new Map() };
    groups.set(id, group);
    const lr = lrOf(r);
    const cells = group.byLr.get(lr);
    if (cells) cells.push(r);
    else group.byLr.set(lr, [r]);
  }
  return {
    groupFields,
    groups: [...groups.values()].map(({ fields, byLr }) => {
      const grid = [...byLr.entries()].sort(([a], [b]) => (a ?? 0) - (b ?? 0)).map(([lr, cells]) => scoreStepSize(lr, cells));
      // Strict < keeps the first (smallest) step size among equal worst-seed scores.
      const chosen = grid.reduce((best, s) => (s.worst < best.worst ? s : best));
      const edge = grid.length < 2 ? null : chosen === grid[0] ? "smallest" : chosen === grid[grid.length - 1] ? "largest" : null;
      return { fields, grid, chosen, edge };
    }),
  };
}
