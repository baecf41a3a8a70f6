// The six-token report as plain text: final weights, |error|, how often each token had a
// non-zero gradient, a bar per token and optimizer, and the effective learning rates.
import { argResult } from "../../config/args.js";
import { formatCompact, formatNumber, formatTable } from "../../io/table.js";
import { optimizerLabels } from "../../optimizers/labels.js";
import type { TokensResult } from "../../results/tokens.js";

const BAR_WIDTH = 16;
const BLOCKS = " ▏▎▍▌▋▊▉█";

/** A bar of `fraction` (clamped to [0, 1.25]) of BAR_WIDTH cells, eighth-cell resolution. */
export function bar(fraction: number): string {
  if (!Number.isFinite(fraction)) return "?";
  const eighths = Math.round(Math.min(Math.max(fraction, 0), 1.25) * BAR_WIDTH * 8);
  return "█".repeat(Math.floor(eighths / 8)) + (eighths % 8 ? BLOCKS[eighths % 8] : "");
}

/** Weights and errors: 3 decimals in the usual range, exponent form beyond 1e4; NaN/Inf as such. */
function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : x.toFixed(digits);
}

/** A weight or |error|: like fmt, but a small value stays 0.000-style (it is an absolute error, not a ratio). */
function fmtWeight(x: number): string {
  return Math.abs(x) >= 1e4 || !Number.isFinite(x) ? formatNumber(x, 3, String(x)) : x.toFixed(3);
}

export function formatTokensReport(result: TokensResult): string {
  argResult("result", result, "a tokens result (runTokensExperiment)", { experiment: "tokens", lists: ["runs"], objects: ["config"] });
  const { config, runs } = result;
  const out: string[] = [];
  const total = runs.reduce((s, r) => s + r.seconds, 0);
  out.push(
    `Six-token experiment: ${config.steps} steps, batch ${config.batch}, noise σ ${config.noise}, seed ${config.seed} ` +
      `(${result.backend}, ${(total * 1000).toFixed(1)} ms)`,
  );
  const labels = optimizerLabels(runs.map((r) => r.optimizer));
  out.push(`optimizers: ${runs.map((r, i) => `${labels[i]} (η ${formatCompact(r.optimizer.lr)})`).join(", ")}\n`);

  const header = ["token", "freq", "grad≠0 steps"];
  const right = [false, true, true];
  for (const label of labels) {
    header.push(label, "|err|");
    right.push(true, true);
  }
  for (const label of labels) {
    header.push(`${label} w/w*`);
    right.push(false);
  }
  const rows = config.tokens.map((t, k) => {
    const first = runs[0];
    const row = [t.name, t.frequency.toFixed(3), `${first.nonzeroSteps[k]} (${first.nonzeroPercent[k].toFixed(1).padStart(5)}%)`];
    for (const r of runs) row.push(fmtWeight(r.finalWeights[k]), fmtWeight(r.absError[k]));
    for (const r of runs) row.push(bar(r.finalWeights[k] / t.trueWeight).padEnd(BAR_WIDTH + 1, "·"));
    return row;
  });
  out.push(formatTable(header, rows, right));

  for (const [i, r] of runs.entries()) {
    if (r.divergedAt !== null)
      out.push(
        `\n! ${labels[i]}: the batch loss became NaN/Inf at step ${r.divergedAt} (on the weights after step ${r.divergedAt - 1}); the run stopped there`,
      );
  }

  const adaptive = runs.map((r, i) => ({ ...r, label: labels[i] })).filter((r) => r.effectiveLr);
  if (adaptive.length > 0) {
    out.push(`\nEffective learning rate η·P at step ${config.steps} (Adam: η/(√v̂+ε)); it grows as frequency falls:`);
    const eHeader = ["token", "freq"];
    const eRight = [false, true];
    for (const r of adaptive) {
      eHeader.push(r.label, "× η");
      eRight.push(true, true);
    }
    const eRows = config.tokens.map((t, k) => {
      const row = [t.name, t.frequency.toFixed(3)];
      for (const r of adaptive) row.push(fmt(r.effectiveLr![k], 2), fmt(r.effectiveLr![k] / r.optimizer.lr, 0));
      return row;
    });
    out.push(formatTable(eHeader, eRows, eRight));
  }
  return out.join("\n");
}
