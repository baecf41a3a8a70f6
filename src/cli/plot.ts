// `zipflab plot FILE`: the figures for any saved result — `zipflab tokens/run/scaling --json`
// output, a repro's results.json, or a sweep's results JSONL (the step-size figure) — written
// as SVG and PNG beside the file or under --out.
import { readFile } from "node:fs/promises";
import { Command } from "commander";
import { FIGURE_NAMES, figuresFor, type NamedFigure } from "../plot/figures.js";
import { writeFigure } from "../plot/render/render.js";
import { stepSizeFigure } from "../plot/figures/step-sizes/figure.js";
import { stepSizeData } from "../tuning/step-size-data.js";
import { readResults } from "../sweep/results.js";
import { checkFigurePath } from "../io/output-path.js";
import type { ProblemRunResult } from "../results/run.js";
import { ConfigError } from "../config/error.js";

async function readJson(path: string, field: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new ConfigError(field, `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(field, `${path} is not JSON`);
  }
}

/** A sweep's (or shard's, or a partial run's) cells, each once: plotting does not need the whole sweep. */
async function sweepFigures(path: string, curvesPath: string | undefined): Promise<NamedFigure[]> {
  const file = await readResults(path, "file");
  const seen = new Set<string>();
  const lines = file.lines.filter((l) => !seen.has(l.key) && Boolean(seen.add(l.key)));
  const curves = curvesPath ? ((await readJson(curvesPath, "--curves")) as ProblemRunResult) : null;
  if (curves && curves.experiment !== "run") throw new ConfigError("--curves", `${curvesPath} is not a run result (zipflab run --json, or a repro's results.json)`);
  return [{ name: "step-sizes", spec: stepSizeFigure({ sweep: stepSizeData(file.header.problem, lines), curves }) }];
}

export function plotCommand(): Command {
  return new Command("plot")
    .summary("draw the figures of a saved run, sweep or scaling result (SVG and PNG)")
    .description(
      "Draws every figure a saved result supports:\n" +
      "  tokens result (zipflab tokens --json)             → tokens (the four-panel figure)\n" +
      "  run result (zipflab run --json, repro results)    → groups; quadratic with --per-class; class-stats for the linear model with --per-class\n" +
      "  sweep results (.jsonl of zipflab sweep)            → step-sizes (add --curves RUN.json for the curves panel)\n" +
      "  scaling result (zipflab scaling --json)           → scaling\n" +
      "Each figure is written as <out>-<figure>.svg and .png (default <out>: the file's path without its extension).",
    )
    .argument("<file>", "a .json result or a .jsonl sweep results file")
    .option("-o, --out <base>", "path prefix of the figures")
    .option("--figure <name>", `draw only this one (${FIGURE_NAMES.join(", ")})`)
    .option("--curves <run.json>", "sweeps: the runs at the chosen step sizes, for the curves panel")
    .option("--force", "replace figure files even if zipflab did not write them")
    .action(async (file: string, o: { out?: string; figure?: string; curves?: string; force?: boolean }) => {
      if (o.figure !== undefined && !(FIGURE_NAMES as readonly string[]).includes(o.figure)) {
        throw new ConfigError("--figure", `must be one of ${FIGURE_NAMES.join(", ")} (got ${JSON.stringify(o.figure)})`);
      }
      const figures = /\.jsonl$/i.test(file) ? await sweepFigures(file, o.curves) : figuresFor(await readJson(file, "file"));
      const chosen = o.figure ? figures.filter((f) => f.name === o.figure) : figures;
      if (chosen.length === 0) {
        throw new ConfigError("--figure", `${file} has no ${o.figure} figure (it has: ${figures.map((f) => f.name).join(", ")})`);
      }
      const base = o.out ?? file.replace(/\.jsonl?$/i, "");
      if (base.trim() === "") throw new ConfigError("--out", "must name a path prefix (got an empty path)");
      for (const f of chosen) checkFigurePath(`${base}-${f.name}`, "--out", { force: o.force });
      for (const f of chosen) {
        const written = await writeFigure(f.spec, `${base}-${f.name}`);
        console.log(`wrote ${written.svg} and ${written.png}`);
      }
    });
}
