// The README.md of a reproduction's folder: what the figures show, the settings they were
// made with, the numbers this run measured (computed from the results, never typed in), the
// files, and the command that remakes them.
import { join } from "node:path";
import { writeFileAtomic } from "../io/atomic.js";
import type { ReproOutcome } from "./types.js";

export interface ReproDoc {
  outcome: ReproOutcome;
  /** A paragraph: what the experiment is and what to look for in the figures. */
  shows: string;
  /** Setting → value, in the order to print. */
  settings: [string, string][];
  /** What each data file holds, by file name. */
  fileNotes: Record<string, string>;
  /** Caveats measured in this run (e.g. a tuned step size at the edge of its grid). */
  notes?: string[];
}

const escapeCell = (s: string) => s.replace(/\|/g, "\\|");

export function reproReadme(doc: ReproDoc): string {
  const o = doc.outcome;
  const lines = [
    `# ${o.name}: ${o.title}`,
    "",
    doc.shows,
    "",
    ...o.figures.flatMap((f) => [`![${f.caption}](${f.png})`, "", `**${f.name}** ([SVG](${f.svg}), [PNG](${f.png})): ${f.caption}`, ""]),
    "## Settings",
    "",
    "| setting | value |",
    "|---|---|",
    ...doc.settings.map(([k, v]) => `| ${escapeCell(k)} | ${escapeCell(v)} |`),
    "",
    "## Measured in this run",
    "",
    ...o.headline.map((h) => `- ${h}`),
    ...(doc.notes && doc.notes.length > 0 ? ["", "Notes:", "", ...doc.notes.map((n) => `- ${n}`)] : []),
    "",
    "## Files",
    "",
    ...o.files.map((f) => `- \`${f}\`: ${doc.fileNotes[f] ?? ""}`),
    "",
    `Made by \`zipflab repro ${o.name}\` in ${o.seconds.toFixed(1)} s; \`zipflab plot <file>\` redraws a figure from its data file.`,
    "",
  ];
  return lines.join("\n");
}

/** Writes <outcome.dir>/README.md (the folder's mark is written when the run commits: output.ts). */
export async function writeReproReadme(doc: ReproDoc): Promise<void> {
  await writeFileAtomic(join(doc.outcome.dir, "README.md"), reproReadme(doc));
}
