// The shape every heavy-tailed-problem reproduction shares: tune step sizes on grids (a
// sweep), rerun at the chosen ones with curves, draw the figures, write results.json, the
// sweep's JSONL and a README with the measured numbers. A reproduction file only says what
// differs: its settings per scale, its figures and its words.
import type { TopLevelSpec } from "vega-lite";
import type { GroupResult } from "../plot/figures/groups/data.js";
import { stepSizeFigure } from "../plot/figures/step-sizes/figure.js";
import { formatLr } from "../plot/common/run-status.js";
import { formatShort } from "../plot/common/scales.js";
import { totalOptimum } from "../plot/figures/step-sizes/measure.js";
import { chosenText, FULL_BATCH_NAMES, gridText, groupHeadlines } from "./headline.js";
import { inStage, saveFigure, writeJson } from "./output.js";
import { writeReproReadme } from "./readme.js";
import { SWEEP_FILE, tuneAndRun, type ProblemSettings, type Tuned } from "./tune-and-run.js";
import { NO_PROGRESS, type ReproOptions, type ReproOutcome, type ReproScale, type WrittenFigureInfo } from "./types.js";
import type { ProblemRunResult } from "../results/run.js";

export interface ReproFigure {
  name: string;
  caption: string;
  vegaLite: TopLevelSpec;
}

export interface ProblemReproDef {
  name: string;
  problem: string;
  title: string;
  settings(scale: ReproScale): ProblemSettings;
  /** The figures besides the step-size figure, drawn from the runs at the chosen step sizes. */
  figures(curves: GroupResult): ReproFigure[];
  /** Adds what only this problem knows to the result before it is drawn and saved (e.g. each group's optimum). */
  augment?(curves: ProblemRunResult): GroupResult;
  shows: string;
  /** Extra README rows describing the settings (e.g. how η = 1/π₁ was computed). */
  settingRows?(s: ProblemSettings): [string, string][];
  /** Extra measured sentences. */
  headline?(tuned: Tuned): string[];
  /** Measured caveats. */
  notes?(tuned: Tuned): string[];
}

const STEP_SIZE_CAPTION =
  "Final loss, and the rarest group's final loss, against step size for every run of the grid, the tuning rule's choice ringed, and the loss curves at the chosen step sizes.";

/** Final losses this close (relative) count as a tie in the notes. */
const FLAT_VALLEY = 1e-4;

/**
 * Caveats any tuning can have, measured: a choice at the end of its grid, and runs the rule
 * scored as diverged (a loss spike above 1.5× the start) that still ended below the choice.
 */
export function tuningNotes(tuned: Tuned, curves: GroupResult): string[] {
  const notes: string[] = [];
  const offset = totalOptimum(curves) ?? 0;
  for (const c of tuned.chosen) {
    if (c.edge)
      notes.push(
        `${FULL_BATCH_NAMES[c.optimizer] ?? c.optimizer}: the chosen step size is the ${c.edge} of its grid; the best may lie beyond it.`,
      );
  }
  for (const series of tuned.data.series) {
    const best = series.grid.find((g) => g.lr === series.chosenLr)?.worst;
    if (best === undefined) continue;
    // A flat valley: the rule's pick among near-equal losses is a coin toss; say so.
    // Measured on the excess over L* where known: a total loss that is mostly L* would make every step size a tie.
    const close = series.grid.filter((g) => Math.abs(g.worst - best) <= FLAT_VALLEY * Math.abs(best - offset));
    if (close.length > 1) {
      notes.push(
        `${series.series}: η = ${close.map((g) => formatLr(g.lr)).join(", ")} end within ${FLAT_VALLEY * 100}% of the same final loss ` +
          `(${formatShort(best, 5)}); the rule picks the lowest, so the choice among them is arbitrary.`,
      );
    }
    const lower = tuned.data.points.filter((p) => p.series === series.series && p.diverged && p.finalLoss !== null && p.finalLoss < best);
    if (lower.length === 0) continue;
    notes.push(
      `${series.series}: ${lower.map((p) => `η = ${formatLr(p.lr)} (final loss ${formatShort(p.finalLoss!, 3)})`).join(", ")} ` +
        `ended below the chosen step size's ${formatShort(best, 3)} but ${lower.length === 1 ? "was" : "were"} flagged diverged ` +
        "(NaN/Inf on the way, or a final loss above 1.5× its start), so the rule scored " +
        (lower.length === 1 ? "it" : "them") +
        " at the initial loss.",
    );
  }
  return notes;
}

export async function runProblemRepro(def: ProblemReproDef, options: ReproOptions): Promise<ReproOutcome> {
  return inStage(options.out, def.name, options.force, (dir) => runProblemReproIn(dir, def, options));
}

async function runProblemReproIn(dir: string, def: ProblemReproDef, options: ReproOptions): Promise<ReproOutcome> {
  const start = performance.now();
  const progress = options.progress ?? NO_PROGRESS;
  const s = def.settings(options.scale ?? "full");
  const tuned = await tuneAndRun({
    ...s,
    problem: def.problem,
    dir,
    threads: options.threads,
    progress,
    label: def.name,
  });
  progress.stage(`${def.name}: figures`);
  const curves = def.augment ? def.augment(tuned.curves) : tuned.curves;
  const figures: WrittenFigureInfo[] = [];
  for (const f of def.figures(curves)) figures.push(await saveFigure(dir, f.name, f.caption, f.vegaLite));
  figures.push(await saveFigure(dir, "step-sizes", STEP_SIZE_CAPTION, stepSizeFigure({ sweep: tuned.data, curves })));
  const files = [await writeJson(dir, "results.json", curves), SWEEP_FILE];
  const outcome: ReproOutcome = {
    name: def.name,
    title: def.title,
    dir,
    figures,
    files,
    headline: [
      `Step sizes chosen by the rule: ${chosenText(tuned.chosen, FULL_BATCH_NAMES)}.`,
      ...groupHeadlines(curves),
      ...(def.headline?.(tuned) ?? []),
    ],
    seconds: (performance.now() - start) / 1000,
  };
  const seconds = tuned.curves.runs.reduce((a, r) => a + r.seconds, 0);
  const secondsText = (x: number) => (x < 1 ? x.toFixed(2) : x.toFixed(1));
  await writeReproReadme({
    outcome,
    shows: def.shows,
    settings: [
      [
        "problem",
        `${def.problem}: ${Object.entries(s.config)
          .map(([k, v]) => `${k} = ${Array.isArray(v) ? `[${v.length} values]` : String(v)}`)
          .join(", ")}`,
      ],
      ["steps", `${s.steps}, full batch`],
      ["seed", `${s.seed} (full batch is deterministic: one seed)`],
      ["step-size grids", gridText(s.grids, FULL_BATCH_NAMES)],
      [
        "tuning rule",
        "lowest worst-seed final loss; a diverged run (NaN/Inf, or a final loss above 1.5× its initial loss) scores its initial loss; ties to the smaller step",
      ],
      ["curves", `recorded at ${s.record} steps${s.perClass ? ", with per-class statistics" : ""}`],
      ...(def.settingRows?.(s) ?? []),
      [
        "runtime",
        `sweep ${secondsText(tuned.sweepSeconds)} s (${tuned.results.length} runs), runs at the chosen step sizes ${secondsText(seconds)} s, ` +
          `${tuned.curves.backend}; the whole reproduction with figures ${secondsText(outcome.seconds)} s`,
      ],
    ],
    fileNotes: {
      "results.json":
        "the `zipflab run --json` result of the runs at the chosen step sizes: config, loss and per-group loss curves" +
        (s.perClass ? ", per-class curves" : "") +
        " (`zipflab plot results.json` redraws the figures)",
      [SWEEP_FILE]:
        "the step-size sweep (`zipflab sweep` format: a header line, then one line per run); `zipflab report sweep.jsonl` tabulates it, `zipflab plot sweep.jsonl` draws it",
    },
    notes: [...tuningNotes(tuned, curves), ...(def.notes?.(tuned) ?? [])],
  });
  return outcome;
}
