// `zipflab report`: what a sweep found, per group of cells (every varying field except lr and
// seed): the tuned step size, its worst-seed and mean loss, how many seeds diverged, the grid it
// was chosen from, and a warning where the choice sits on the grid's edge. Also as CSV, with a
// second CSV of every cell.
import { label } from "../io/canonical-json.js";
import { flatten, toCsv } from "./csv.js";
import { diverged, score, tuneStepSizes, type CellResult, type Tuning } from "../tuning/step-size-rule.js";

export interface SweepReport {
  text: string;
  warnings: string[];
  groupsCsv: string;
  cellsCsv: string;
}

export interface ReportInput {
  fingerprint: string;
  problem: string;
  shard: string | null;
  /** Cells the file should hold (its shard's share of the sweep). */
  expected: number;
  /** One result per cell (duplicates already dropped). */
  results: CellResult[];
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : x.toPrecision(3);
}

function fmtLr(lr: number | null): string {
  return lr === null ? "—" : String(Number(lr.toPrecision(3)));
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((s, c) => s.padEnd(widths[c]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
}

function groupName(tuning: Tuning, fields: Record<string, unknown>): string {
  return tuning.groupFields.map((f) => `${f}=${label(fields[f] ?? null)}`).join(", ") || "all cells";
}

function edgeWarnings(tuning: Tuning): string[] {
  return tuning.groups
    .filter((g) => g.edge)
    .map(
      (g) =>
        `${groupName(tuning, g.fields)}: the chosen step size ${fmtLr(g.chosen.lr)} is the ${g.edge} of its grid; ` +
        `the best may lie ${g.edge === "smallest" ? "below" : "above"} it — extend the grid`,
    );
}

function groupsCsv(tuning: Tuning): string {
  const header = [...tuning.groupFields, "lr", "worstLoss", "meanLoss", "seeds", "divergedSeeds", "lrMin", "lrMax", "lrCount", "edge"];
  const rows = tuning.groups.map((g) => [
    ...tuning.groupFields.map((f) => g.fields[f]),
    g.chosen.lr,
    g.chosen.worst,
    g.chosen.mean,
    g.chosen.seeds,
    g.chosen.divergedSeeds,
    g.grid[0].lr,
    g.grid[g.grid.length - 1].lr,
    g.grid.length,
    g.edge,
  ]);
  return toCsv(header, rows);
}

function cellsCsv(results: readonly CellResult[]): string {
  const sorted = [...results].sort((a, b) => a.index - b.index);
  const cellFields = [...new Set(sorted.flatMap((r) => Object.keys(r.cell)))];
  const flat = sorted.map((r) => flatten(r.summary));
  const summaryFields = [...new Set(flat.flatMap((s) => Object.keys(s)))];
  const rows = sorted.map((r, i) => [
    r.index,
    ...cellFields.map((f) => r.cell[f]),
    score(r.summary),
    diverged(r.summary),
    ...summaryFields.map((f) => flat[i][f]),
  ]);
  return toCsv(["index", ...cellFields, "score", "diverged", ...summaryFields], rows);
}

/** "7", or "4–7" when groups differ: counted within each group, never across groups. */
function countText(counts: readonly number[]): string {
  if (counts.length === 0) return "0";
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

export function sweepReport(input: ReportInput): SweepReport {
  const { results } = input;
  const tuning = tuneStepSizes(results);
  const lrCounts = tuning.groups.map((g) => g.grid.length);
  const seedCounts = tuning.groups.flatMap((g) => g.grid.map((s) => s.seeds));
  const seedsText = countText(seedCounts);
  const out: string[] = [];
  out.push(
    `sweep ${input.fingerprint} (${input.problem}${input.shard ? `, shard ${input.shard}` : ""}): ` +
      `${results.length} of ${input.expected} cells; ${tuning.groups.length} group${tuning.groups.length === 1 ? "" : "s"}` +
      (tuning.groupFields.length ? ` by ${tuning.groupFields.join(", ")}` : ""),
  );
  out.push(
    Math.max(...lrCounts) > 1
      ? `step size lr* chosen per group from ${countText(lrCounts)} values by the worst of ${seedsText} seed${seedsText === "1" ? "" : "s"} (a diverged run scores its initial loss)\n`
      : "one step size per group: nothing to tune\n",
  );
  const header = [...tuning.groupFields, "lr*", "worst loss", "mean loss", "diverged", "lr grid"];
  const rows = tuning.groups.map((g) => [
    ...tuning.groupFields.map((f) => label(g.fields[f] ?? null)),
    fmtLr(g.chosen.lr) + (g.edge ? " !" : ""),
    fmt(g.chosen.worst),
    fmt(g.chosen.mean),
    `${g.chosen.divergedSeeds}/${g.chosen.seeds}`,
    g.grid.length > 1 ? `${fmtLr(g.grid[0].lr)} … ${fmtLr(g.grid[g.grid.length - 1].lr)} (${g.grid.length})` : fmtLr(g.grid[0].lr),
  ]);
  out.push(table(header, rows));
  const warnings = edgeWarnings(tuning);
  if (results.length < input.expected) warnings.push(`${input.expected - results.length} cells have no result yet: the choice may change`);
  return { text: out.join("\n"), warnings, groupsCsv: groupsCsv(tuning), cellsCsv: cellsCsv(results) };
}
