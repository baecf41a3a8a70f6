// The `zipflab run` summary: final loss per optimizer and per frequency group, with the
// initial group losses for comparison and the rank correlation of group loss with rarity.
import { argInteger, argList, argResult } from "../../config/args.js";
import { rankCorrelation } from "../../metrics/rank-correlation.js";
import { formatCompact, formatNumber, formatTable } from "../../io/table.js";
import { optimizerLabels } from "../../optimizers/labels.js";
import type { ProblemRunResult } from "../../results/run.js";
import type { ClassCoupling } from "../../problems/problem.js";
import { problemDefaults } from "../../problems/registry.js";

const fmt = (x: number | null | undefined, digits = 3) => formatNumber(x, digits);

/** Group losses closer than this (relative to the largest) count as equal: no ranking to speak of. */
const FLAT_SPREAD = 1e-3;

/**
 * Spearman ρ of the final group losses against rarity (group index); null where it means
 * nothing: fewer than 3 groups, a missing or non-finite loss, or losses all equal to within
 * FLAT_SPREAD (rounding noise would decide the ranks).
 */
export function rarityCorrelation(groupLoss: (number | null)[][] | null, at = -1): number | null {
  if (groupLoss !== null) {
    argList("groupLoss", groupLoss);
    for (let g = 0; g < groupLoss.length; g++) argList(`groupLoss[${g}]`, groupLoss[g]);
  }
  argInteger("at", at, -Number.MAX_SAFE_INTEGER);
  if (!groupLoss || groupLoss.length < 3) return null;
  const last = groupLoss.map((g) => g.at(at) ?? null);
  if (last.some((v) => v === null || !Number.isFinite(v))) return null;
  const values = last as number[];
  const spread = Math.max(...values) - Math.min(...values);
  if (spread <= FLAT_SPREAD * Math.max(...values.map(Math.abs))) return null;
  return rankCorrelation(
    values.map((_, i) => i),
    values,
  );
}

/**
 * Groups cut at equal sample shares: a class holding more than one share (1/G) is a group by
 * itself and the shares it spans merge into it, so there are fewer groups. Says so, naming the
 * unknown class of a corpus (its id is V − 1).
 */
export function singleClassGroupNote(r: ProblemRunResult): string | null {
  const g = r.groups;
  const freq = r.classes?.frequencies;
  if (!g || !freq) return null;
  const asked = r.config.groups ?? 10;
  const notes: string[] = [];
  // Groups are consecutive runs of the classes in frequency order (ties: lower index first,
  // metrics/groups.ts), so group j starts at the sum of the earlier groups' sizes. (Looking a
  // class up by its frequency would name one class for two groups whose frequencies tie.)
  const order = freq.map((_, k) => k).sort((a, b) => freq[b] - freq[a] || a - b);
  const starts = g.classes.map((_, j) => g.classes.slice(0, j).reduce((a, b) => a + b, 0));
  g.classes.forEach((n, j) => {
    if (n !== 1 || g.share[j] <= 1 / asked) return;
    const k = order[starts[j]];
    const defaults = problemDefaults(r.config.problem);
    const vocab = Number(r.config.config.vocab ?? defaults.vocab);
    // a corpus named in the config, or the problem's own default one (the transformer reads Brown)
    const corpus = r.config.config.corpus ?? defaults.corpus;
    const what = corpus && k === vocab - 1 ? "the unknown class <unk>" : `class ${k}`;
    notes.push(`G${j + 1} = ${what} alone (${(100 * g.share[j]).toFixed(1)}% of the samples, more than one group's share 1/${asked})`);
  });
  const fewer = g.count !== asked ? `, hence ${g.count} groups, not ${asked}` : "";
  return notes.length ? `${notes.join("; ")}: a group by itself; the shares it spans merge into it${fewer}.` : null;
}

export function formatRunReport(r: ProblemRunResult): string {
  argResult("r", r, "a run result (runProblemExperiment)", { experiment: "run", lists: ["runs"], objects: ["config"] });
  const { config } = r;
  const out: string[] = [];
  const seconds = r.runs.reduce((s, x) => s + x.seconds, 0);
  const settings =
    Object.entries(config.config)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "default options";
  out.push(
    `${config.problem} (${settings}): ${config.steps} steps, seed ${config.seed}, schedule ${config.schedule.kind} ` +
      `(${r.backend}, ${seconds.toFixed(1)} s)`,
  );
  if (r.groups && r.classes) {
    out.push(
      `${r.groups.count} frequency groups of ${r.classes.count} ${r.classes.classIs}s, G1 most frequent: ` +
        `classes per group ${r.groups.classes.join(", ")}; sample share ${r.groups.share.map((s) => `${(100 * s).toFixed(0)}%`).join(", ")}`,
    );
    const note = singleClassGroupNote(r);
    if (note) out.push(note);
  }
  out.push("");
  const G = r.groups?.count ?? 0;
  const held = r.runs.some((run) => run.validationLoss);
  const header = [
    "optimizer",
    "η",
    "final loss",
    ...(held ? ["held-out"] : []),
    ...(r.optimalLoss !== null ? ["rel. loss"] : []),
    ...Array.from({ length: G }, (_, g) => `G${g + 1}`),
    ...(G >= 3 ? ["ρ(rarity)"] : []),
  ];
  const rows: string[][] = [];
  const first = r.runs[0];
  const labels = optimizerLabels(r.runs.map((run) => run.optimizer));
  if (first?.groupLoss) {
    rows.push([
      "(initial)",
      "",
      fmt(first.initialLoss),
      ...(held ? [fmt(first.validationLoss?.[0])] : []),
      ...(r.optimalLoss !== null ? ["1.000"] : []),
      ...first.groupLoss.map((g) => fmt(g[0])),
      ...(G >= 3 ? [""] : []),
    ]);
  }
  for (const [i, run] of r.runs.entries()) {
    // A diverged run's group losses rank nothing: ρ is "–" for it.
    const rho = run.divergence ? null : rarityCorrelation(run.groupLoss);
    rows.push([
      labels[i] + (run.divergence ? " !" : ""),
      formatCompact(run.optimizer.lr),
      fmt(run.finalLoss),
      ...(held ? [fmt(run.validationLoss?.at(-1))] : []),
      ...(r.optimalLoss !== null ? [fmt(run.relativeLoss?.at(-1))] : []),
      ...(run.groupLoss ?? Array.from({ length: G }, () => [])).map((g) => fmt(g.at(-1))),
      ...(G >= 3 ? [fmt(rho, 2)] : []),
    ]);
  }
  out.push(
    formatTable(
      header,
      rows,
      header.map((_, i) => i > 0),
    ),
  );
  for (const [i, run] of r.runs.entries()) {
    if (run.divergence)
      out.push(`! ${labels[i]} (η ${formatCompact(run.optimizer.lr)}): diverged: ${run.divergence.reason} at step ${run.divergence.step}`);
    else if (run.spike)
      out.push(
        `~ ${labels[i]} (η ${formatCompact(run.optimizer.lr)}): loss reached ${formatCompact(run.spike.ratio)}× its initial value at step ${run.spike.step}, then came back`,
      );
  }
  if (held)
    out.push("\nfinal loss: on the training windows the groups are measured on; held-out: on windows of the corpus's held-out tail.");
  if (G >= 3)
    out.push(
      "\nρ(rarity): rank correlation of final group loss with rarity; +1 = the rarer the group, the higher its loss;\n" +
        "– where it means nothing (a diverged run, or group losses equal to within 0.1%).",
    );
  for (const [i, run] of r.runs.entries()) if (run.coupling) out.push(formatCoupling(labels[i], run.coupling));
  return out.join("\n");
}

/** Per optimizer: the Hessian's diagonal vs off-diagonal block norms and the gradient cosines, one class per level. */
function formatCoupling(name: string, c: ClassCoupling): string {
  const n = c.classes.length;
  const rows = c.classes.map((k, a) => {
    let off = 0,
      cos = 0;
    for (let b = 0; b < n; b++) {
      if (b === a) continue;
      off = Math.max(off, c.hessianNorm[a][b]);
      cos = Math.max(cos, Math.abs(c.gradientCosine[a][b]));
    }
    return [`L${a + 1} (class ${k})`, fmt(c.hessianNorm[a][a]), fmt(off), off > 0 ? fmt(c.hessianNorm[a][a] / off, 1) : "–", fmt(cos, 2)];
  });
  return (
    `\n${name}: class coupling at the end, one class per level (L1 most frequent)\n` +
    formatTable(["class", "‖H_kk‖", "max ‖H_kl‖, l≠k", "diag/off", "max |cos(∇_k, ∇_l)|"], rows, [false, true, true, true, true])
  );
}
