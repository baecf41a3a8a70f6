// Reproduction "transformer" (phenomenon 7; Kunstner et al. 2024, Figure 1 and the last-layer
// experiment): a small GPT trained on the Brown corpus's next words, with the loss of each
// frequency group over the steps.
//   1. The Figure-1 analogue: mini-batch SGD and Adam, step sizes tuned on half-decade grids
//      by the worst-seed rule; (a) class frequencies, (b) overall loss, (c)/(d) group losses.
//   2. Full batch ("small model, full batch training": noise is not the cause): GD, Adam,
//      sign descent and normalized GD, each with and without momentum.
//   3. The last layer only, on the frozen features of the randomly initialized body: the same
//      eight optimizers.
// Every part: a sweep over its grids (all cores), then one run per optimizer at its chosen
// step size with curves (on a thread pool), its figures and the numbers in README.md.
import { groupLossFigure } from "../plot/figures/groups/figure.js";
import { stepSizeFigure } from "../plot/figures/step-sizes/figure.js";
import { formatShort } from "../plot/common/scales.js";
import { optimizerName } from "../plot/common/run-labels.js";
import { poolCore } from "../loop/pool.js";
import type { ProblemRun, ProblemRunResult } from "../results/run.js";
import { chosenText, gridText, groupHeadlines } from "./headline.js";
import { inStage, saveFigure, writeJson } from "./output.js";
import { writeReproReadme } from "./readme.js";
import { tuningNotes } from "./problem-repro.js";
import { halfDecades, tuneAndRun, type StepSizeGrid, type Tuned } from "./tune-and-run.js";
import { NO_PROGRESS, type ReproOptions, type ReproOutcome, type ReproScale, type WrittenFigureInfo } from "./types.js";
import "../corpus/node/load.js";

const NAME = "transformer";

/** Display names of the optimizer specs the parts use. */
export const TRANSFORMER_NAMES: Record<string, string> = {
  sgd: "SGD",
  adam: "Adam",
  "sgd:momentum=0.9": "GD + momentum",
  "adam:b1=0": "Adam (β₁ = 0)",
  sign: "sign descent",
  "sign:momentum=0.9": "sign descent + momentum",
  normalized: "normalized GD",
  "normalized:momentum=0.9": "normalized GD + momentum",
};
const FULL_BATCH_NAMES = { ...TRANSFORMER_NAMES, sgd: "GD" };

interface Part {
  key: "minibatch" | "full-batch" | "last-layer";
  label: string;
  config: Record<string, unknown>;
  steps: number;
  seeds: number[];
  grids: StepSizeGrid[];
  record: string;
}

const MODEL = { corpus: "brown", punctuation: "keep", heldOut: 0.1, init: "", sample: "set" };

/** The eight full-batch optimizers: GD, Adam, sign descent, normalized GD, each with and without momentum. */
function eight(g: Record<string, number[]>): StepSizeGrid[] {
  return [
    { optimizer: "sgd", lrs: g.gd },
    { optimizer: "sgd:momentum=0.9", lrs: g.gdm },
    { optimizer: "adam:b1=0", lrs: g.adam0 },
    { optimizer: "adam", lrs: g.adam },
    { optimizer: "sign", lrs: g.sign },
    { optimizer: "sign:momentum=0.9", lrs: g.signm },
    { optimizer: "normalized", lrs: g.norm },
    { optimizer: "normalized:momentum=0.9", lrs: g.normm },
  ];
}

/** The Figure-1 part's files are the reproduction's results.json and sweep.jsonl; the others carry their part's name. */
const sweepFile = (p: Part) => (p.key === "minibatch" ? "sweep.jsonl" : `sweep-${p.key}.jsonl`);
const resultsFile = (p: Part) => (p.key === "minibatch" ? "results.json" : `results-${p.key}.json`);

export function transformerParts(scale: ReproScale): Part[] {
  if (scale === "test") {
    const model = { ...MODEL, vocab: 60, context: 8, width: 8, layers: 1, heads: 2, validation: 4 };
    const g = { gd: [0.3, 1], gdm: [0.1], adam0: [0.01], adam: [0.003, 0.01], sign: [0.001], signm: [0.001], norm: [0.1], normm: [0.03] };
    return [
      {
        key: "minibatch",
        label: "mini-batch SGD and Adam",
        config: { ...model, batch: 4, windows: 8, train: "all" },
        steps: 20,
        seeds: [0, 1],
        grids: [
          { optimizer: "sgd", lrs: [0.3, 1] },
          { optimizer: "adam", lrs: [0.003, 0.01] },
        ],
        record: "log:8",
      },
      {
        key: "full-batch",
        label: "full batch",
        config: { ...model, batch: "full", windows: 4, train: "all" },
        steps: 10,
        seeds: [0],
        grids: eight(g),
        record: "log:5",
      },
      {
        key: "last-layer",
        label: "last layer",
        config: { ...model, batch: "full", windows: 4, train: "last" },
        steps: 10,
        seeds: [0],
        grids: eight(g),
        record: "log:5",
      },
    ];
  }
  const model = { ...MODEL, vocab: 2000, context: 32, width: 64, layers: 2, heads: 4, validation: 64 };
  return [
    {
      key: "minibatch",
      label: "mini-batch SGD and Adam",
      config: { ...model, batch: 8, windows: 64, train: "all" },
      steps: 300,
      seeds: [0, 1],
      grids: [
        { optimizer: "sgd", lrs: halfDecades(-1.5, 0) },
        { optimizer: "adam", lrs: halfDecades(-3.5, -2) },
      ],
      record: "log:30",
    },
    {
      key: "full-batch",
      label: "full batch",
      config: { ...model, batch: "full", windows: 32, train: "all" },
      steps: 100,
      seeds: [0],
      grids: eight({
        gd: halfDecades(-1, 0),
        gdm: halfDecades(-1.5, -0.5),
        adam0: halfDecades(-3.5, -2.5),
        adam: halfDecades(-3, -2),
        sign: halfDecades(-3, -2),
        signm: halfDecades(-3.5, -2.5),
        norm: halfDecades(-1, 0),
        normm: halfDecades(-1, 0),
      }),
      record: "log:30",
    },
    {
      key: "last-layer",
      label: "last layer",
      config: { ...model, batch: "full", windows: 64, train: "last" },
      steps: 100,
      seeds: [0],
      grids: eight({
        gd: halfDecades(0, 1),
        gdm: halfDecades(-0.5, 0.5),
        adam0: halfDecades(-2, -1),
        adam: halfDecades(-1.5, -0.5),
        sign: halfDecades(-2.5, -1.5),
        signm: halfDecades(-3, -2),
        norm: halfDecades(-0.5, 0.5),
        normm: halfDecades(-1, 0),
      }),
      record: "log:30",
    },
  ];
}

/** Mean over the `k` rarest groups of (initial − final) loss: how far a run brought them down. */
export function rareGroupDrop(run: ProblemRun, k = 3): number | null {
  const curves = run.groupLoss;
  if (!curves || curves.length < k) return null;
  let sum = 0;
  for (const c of curves.slice(-k)) {
    const a = c[0],
      b = c.at(-1);
    if (a === null || b === null || b === undefined) return null;
    sum += a - b;
  }
  return sum / k;
}

/** How far a run brought its most frequent group down (initial − final). */
export function frequentGroupDrop(run: ProblemRun): number | null {
  const c = run.groupLoss?.[0];
  const a = c?.[0],
    b = c?.at(-1);
  return a === null || a === undefined || b === null || b === undefined ? null : a - b;
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "n/a" : formatShort(x, 3));

function minibatchHeadline(curves: ProblemRunResult): string[] {
  const [sgd, adam] = curves.runs;
  const ds = rareGroupDrop(sgd),
    da = rareGroupDrop(adam);
  const ratio = ds !== null && da !== null && ds > 0 ? ` (${formatShort(da / ds, 3)}× SGD's)` : "";
  return [
    `Mini-batch: the three rarest groups' loss fell by ${fmt(ds)} under SGD and by ${fmt(da)} under Adam${ratio}, on average; ` +
      `the most frequent group's by ${fmt(frequentGroupDrop(sgd))} and ${fmt(frequentGroupDrop(adam))}.`,
    `Held-out loss at the end: SGD ${fmt(sgd.validationLoss?.at(-1))}, Adam ${fmt(adam.validationLoss?.at(-1))} (from ${fmt(sgd.validationLoss?.[0])}): ` +
      "the training windows are few, so the rare tokens Adam learns there are memorized, not generalized.",
  ];
}

function panelHeadline(what: string, curves: ProblemRunResult): string {
  return (
    `${what}: the three rarest groups' loss fell by ${curves.runs.map((r) => `${optimizerName(r.optimizer, true)} ${fmt(rareGroupDrop(r))}`).join(", ")} ` +
    `(the most frequent group's by ${curves.runs.map((r) => fmt(frequentGroupDrop(r))).join(", ")}).`
  );
}

export function reproTransformer(options: ReproOptions): Promise<ReproOutcome> {
  return inStage(options.out, NAME, options.force, (dir) => reproTransformerIn(dir, options));
}

async function reproTransformerIn(dir: string, options: ReproOptions): Promise<ReproOutcome> {
  const start = performance.now();
  const progress = options.progress ?? NO_PROGRESS;
  const scale = options.scale ?? "full";
  const parts = transformerParts(scale);
  const core = await poolCore(options.threads ?? (await import("node:os")).availableParallelism());
  const tuned: Tuned[] = [];
  try {
    for (const part of parts) {
      tuned.push(
        await tuneAndRun({
          problem: "transformer",
          config: part.config,
          steps: part.steps,
          seed: part.seeds[0],
          seeds: part.seeds,
          grids: part.grids,
          record: part.record,
          perClass: false,
          dir,
          threads: options.threads,
          progress,
          label: `${NAME} (${part.label})`,
          sweepFile: sweepFile(part),
          core,
        }),
      );
    }
  } finally {
    await core.close();
  }
  progress.stage(`${NAME}: figures`);
  const [mini, full, last] = tuned;
  const figures: WrittenFigureInfo[] = [];
  figures.push(
    await saveFigure(
      dir,
      "figure1",
      "Next words of the Brown corpus by frequency, cut into groups of equal token share (a); the training and held-out loss (b); each group's training loss under mini-batch SGD (c) and Adam (d) at their tuned step sizes — the analogue of the papers' Figure 1.",
      groupLossFigure(mini.curves, { overall: true }),
    ),
  );
  figures.push(
    await saveFigure(
      dir,
      "full-batch",
      "Full batch on a fixed set of windows: each group's loss under GD, Adam, sign descent and normalized GD, each with and without momentum, at their tuned step sizes.",
      groupLossFigure(full.curves),
    ),
  );
  figures.push(
    await saveFigure(
      dir,
      "last-layer",
      "Only the last layer trains, full batch, on the frozen features of the randomly initialized body: each group's loss under the same eight optimizers.",
      groupLossFigure(last.curves),
    ),
  );
  for (const [t, part] of tuned.map((t, i) => [t, parts[i]] as const)) {
    figures.push(
      await saveFigure(
        dir,
        `step-sizes-${part.key}`,
        `The step-size sweep of the ${part.label} part: final loss and rarest group's final loss against η, the choice ringed, and the curves at the chosen step sizes.`,
        stepSizeFigure({ sweep: t.data, curves: t.curves }),
      ),
    );
  }
  const files = [...(await Promise.all(tuned.map((t, i) => writeJson(dir, resultsFile(parts[i]), t.curves)))), ...parts.map(sweepFile)];
  const outcome: ReproOutcome = {
    name: NAME,
    title: "per-frequency-group loss of a small GPT on the Brown corpus: mini-batch SGD vs Adam, full batch, last layer",
    dir,
    figures,
    files,
    headline: [
      ...minibatchHeadline(mini.curves),
      panelHeadline("Full batch", full.curves),
      panelHeadline("Last layer", last.curves),
      ...tuned.map(
        (t, i) => `Step sizes chosen (${parts[i].label}): ${chosenText(t.chosen, i === 0 ? TRANSFORMER_NAMES : FULL_BATCH_NAMES)}.`,
      ),
      ...groupHeadlines(mini.curves),
    ],
    seconds: (performance.now() - start) / 1000,
  };
  const c = parts[0].config;
  const model = `V = ${c.vocab} (the ${Number(c.vocab) - 1} most frequent words and the unknown class), T = ${c.context}, D = ${c.width}, L = ${c.layers}, H = ${c.heads}`;
  const runSeconds = tuned.map((t) => t.curves.runs.reduce((a, r) => a + r.seconds, 0));
  await writeReproReadme({
    outcome,
    shows:
      "A GPT-style decoder-only transformer (token and learned position embeddings, pre-LayerNorm blocks of causal multi-head " +
      "attention and a GELU MLP, final LayerNorm, unembedding with bias; GPT-2's initialization) trained on next-word cross-entropy " +
      "over windows of the Brown corpus. Groups are next words by their frequency in the training windows, each holding about a tenth " +
      "of the tokens (the unknown class, a fifth of them, is a group by itself). As in the papers' Figure 1, mini-batch SGD brings the " +
      "frequent groups down and leaves the rare groups near where they started, while Adam lowers every group. With the full batch on a " +
      "fixed set of windows (no gradient noise: noise is not the cause) GD and normalized GD leave the rare groups where they started, " +
      "momentum helps them a little, and sign descent does what Adam does. Training only the last layer, on the frozen features of the " +
      "randomly initialized body (a convex problem), GD's and normalized GD's rare groups crawl for the first tens of steps while Adam " +
      "and sign descent bring them down at once; on these random features a rare next word, seen a few times, is easy to fit in the end.",
    settings: [
      ["model", `${model}; ${parts[0].config.layers} blocks, the flat parameter vector trained by each optimizer as a whole`],
      [
        "data",
        `Brown corpus word tokens (lower-cased), windows of T + 1 tokens within the first 90% of the stream; held-out loss on ${c.validation} windows of the last 10%`,
      ],
      [
        "mini-batch part",
        `batch ${parts[0].config.batch} windows drawn from a training set of ${parts[0].config.windows} windows, ${parts[0].steps} steps, seeds ${parts[0].seeds.join(", ")} (the rule takes the worst)`,
      ],
      ["full-batch part", `the ${parts[1].config.windows} windows every step, ${parts[1].steps} steps, seed ${parts[1].seeds[0]}`],
      [
        "last-layer part",
        `--train last: only U and c (${Number(c.width) * Number(c.vocab) + Number(c.vocab)} parameters), on the frozen random body's features of ${parts[2].config.windows} windows, full batch, ${parts[2].steps} steps`,
      ],
      ...parts.map(
        (p) => [`grids (${p.label})`, gridText(p.grids, p.key === "minibatch" ? TRANSFORMER_NAMES : FULL_BATCH_NAMES)] as [string, string],
      ),
      [
        "tuning rule",
        "lowest worst-seed final loss; a diverged run (NaN/Inf, or a final loss above 1.5× its initial loss) scores its initial loss; ties to the smaller step",
      ],
      [
        "runtime",
        `${parts.map((p, i) => `${p.label}: sweep ${tuned[i].sweepSeconds.toFixed(1)} s (${tuned[i].results.length} runs), runs with curves ${runSeconds[i].toFixed(1)} s`).join("; ")}; ` +
          `the whole reproduction with figures ${outcome.seconds.toFixed(1)} s`,
      ],
    ],
    fileNotes: {
      "results.json":
        "the `zipflab run --json` result of the mini-batch runs at the chosen step sizes (`zipflab plot` redraws the figures)",
      "results-full-batch.json": "the same for the full-batch part",
      "results-last-layer.json": "the same for the last-layer part",
      ...Object.fromEntries(
        parts.map((p) => [sweepFile(p), `the step-size sweep of the ${p.label} part (\`zipflab report\`, \`zipflab plot\` read it)`]),
      ),
    },
    notes: tuned.flatMap((t) => tuningNotes(t, t.curves)),
  });
  return outcome;
}
