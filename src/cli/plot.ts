// `zipflab plot FILE`: the figures for any saved result — `zipflab tokens/run/scaling --json`
// output, a repro's results.json, or a sweep's results JSONL (the step-size figure) — written
// as SVG and PNG beside the file or under --out.
import { Command } from "commander";
import { FIGURE_NAMES, figureHelp, figuresFor, type NamedFigure } from "../plot/figures.js";
import { loadRenderer } from "../plot/render/load.js";
import { STEP_SIZES_FIGURE } from "../plot/figures/step-sizes/figure.js";
import { looksLikeResults, readResults } from "../sweep/results.js";
import { checkInput, readInput } from "../io/inputs.js";
import { planOutputs } from "../io/outputs.js";
import { outputOption } from "./output-options.js";
import { stepSizeData } from "../tuning/step-size-data.js";
import type { ProblemRunResult } from "../results/run.js";
import { ConfigError } from "../config/error.js";

function parseJson(bytes: Uint8Array, path: string, field: string): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ConfigError(field, `${path} is not JSON (a result of zipflab tokens/run/scaling --json, or a sweep's results .jsonl)`);
  }
}

/** A sweep's (or shard's, or a partial run's) cells, each once: plotting does not need the whole sweep. */
async function sweepFigures(path: string, curvesPath: string | undefined, bytes?: Uint8Array): Promise<NamedFigure[]> {
  const file = await readResults(path, "file", bytes);
  const seen = new Set<string>();
  const lines = file.lines.filter((l) => !seen.has(l.key) && Boolean(seen.add(l.key)));
  const curves = curvesPath ? (parseJson(readInput(curvesPath, "--curves"), curvesPath, "--curves") as ProblemRunResult) : null;
  if (curves && curves.experiment !== "run")
    throw new ConfigError("--curves", `${curvesPath} is not a run result (zipflab run --json, or a repro's results.json)`);
  return [{ name: STEP_SIZES_FIGURE.name, vegaLite: STEP_SIZES_FIGURE.build({ sweep: stepSizeData(file.header.problem, lines), curves }) }];
}

/** The figures of a saved result: a sweep's .jsonl is streamed, anything else read once and sniffed. */
async function figuresOf(file: string, curves: string | undefined): Promise<NamedFigure[]> {
  if (/\.jsonl$/i.test(file) && checkInput(file, "file") === "file") return sweepFigures(file, curves);
  const bytes = readInput(file, "file");
  if (looksLikeResults(bytes)) return sweepFigures(file, curves, bytes);
  if (curves !== undefined) throw new ConfigError("--curves", "applies to a sweep's results only");
  return figuresFor(parseJson(bytes, file, "file"));
}

export function plotCommand(): Command {
  return new Command("plot")
    .description(
      "Draws every figure a saved result supports. The results, and their figures:\n" +
        figureHelp() +
        "\n\n" +
        "Each figure is written as <out>-<figure>.svg and .png (default <out>: the file's path without its extension).",
    )
    .argument("<file>", "a .json result or a .jsonl sweep results file")
    .addOption(outputOption("-o, --out <base>", "path prefix of the figures", { shape: "figure-prefix", kind: "figure" }))
    .option("--figure <name>", `draw only this one (${FIGURE_NAMES.join(", ")})`)
    .option("--curves <run.json>", "sweeps: the runs at the chosen step sizes, for the curves panel")
    .option("--force", "replace figure files even if zipflab did not write them")
    .action(async (file: string, o: { out?: string; figure?: string; curves?: string; force?: boolean }) => {
      if (o.figure !== undefined && !(FIGURE_NAMES as readonly string[]).includes(o.figure)) {
        throw new ConfigError("--figure", `must be one of ${FIGURE_NAMES.join(", ")} (got ${JSON.stringify(o.figure)})`);
      }
      const figures = await figuresOf(file, o.curves);
      const chosen = o.figure ? figures.filter((f) => f.name === o.figure) : figures;
      if (chosen.length === 0) {
        throw new ConfigError("--figure", `${file} has no ${o.figure} figure (it has: ${figures.map((f) => f.name).join(", ")})`);
      }
      if (o.out === undefined && checkInput(file, "file") === "pipe")
        throw new ConfigError("--out", `a result from a pipe (${file}) has no name to put the figures beside: give -o`);
      const base = o.out ?? file.replace(/\.jsonl?$/i, "");
      if (base.trim() === "") throw new ConfigError("--out", "must name a path prefix (got an empty path)");
      const outputs = planOutputs(
        chosen.map((f) => ({ option: "--out", path: `${base}-${f.name}`, kind: "figure" as const })),
        {
          force: o.force,
          forceFlag: "--force",
          inputs: [{ option: "file", path: file }, ...(o.curves !== undefined ? [{ option: "--curves", path: o.curves }] : [])],
        },
      );
      const { renderFigure } = await loadRenderer();
      for (const f of chosen) {
        const written = await outputs.writeFigure("--out", `${base}-${f.name}`, await renderFigure(f.vegaLite));
        console.log(`wrote ${written.svg} and ${written.png}`);
      }
    });
}
