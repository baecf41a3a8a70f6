// The scaling sweep as text (one row per fitted series) and as CSV (one row per point).
import { formatTable } from "../../io/table.js";
import { toCsv } from "../../sweep/csv.js";
import type { ScalingFit, ScalingResult } from "../../results/scaling.js";

const LR_RULE_TEXT = { "1/pi1": "η = 1/π₁", tuned: "tuned" } as const;
const PARITY_TEXT = { any: "all", even: "even", odd: "odd" } as const;

function fmtSteps(t: number | null): string {
  return t === null ? "–" : String(t);
}

/** Three decimals, without a "−0.000" for a rounding-level negative. */
function fixed3(x: number): string {
  return (Math.abs(x) < 5e-4 ? 0 : x).toFixed(3);
}

function slopeText(fit: ScalingFit["fit"]): string {
  if (!fit) return "–";
  if (!fit.ci) return fixed3(fit.b);
  return `${fixed3(fit.b)} [${fixed3(fit.ci[0])}, ${fixed3(fit.ci[1])}]`;
}

export function formatScalingReport(result: ScalingResult): string {
  const { config, ds } = result;
  const out: string[] = [];
  const dText = ds.length > 1 ? `d = ${ds[0]} … ${ds[ds.length - 1]} (${ds.length} sizes, log-spaced)` : `d = ${ds[0]}`;
  out.push(
    `Steps to relative loss ε on the full-batch bigram square loss, ${dText}; ` +
      `fit ln t = a + b·ln d, ${Math.round(config.level * 100)}% CI for b (${result.seconds.toFixed(1)} s)`,
  );
  if (config.optimizers.includes("adam") && config.adamDMax < config.dMax) out.push(`Adam up to d = ${config.adamDMax}.`);
  out.push('Iterates: "all" = first step at which R ≤ ε; "even"/"odd" = the first even/odd step (sign descent zig-zags).\n');
  const header = ["optimizer", "step size", "α", "ε", "iterates", "b (exponent)", "n", "theory", "steps at smallest → largest d"];
  const right = [false, false, true, true, false, false, true, true, false];
  const rows = result.fits.map((f) => [
    f.optimizer,
    LR_RULE_TEXT[f.lrRule],
    String(f.alpha),
    String(f.eps),
    PARITY_TEXT[f.parity],
    slopeText(f.fit),
    String(f.fit?.n ?? 0),
    f.theory === null ? "–" : f.theory.toFixed(2),
    f.steps.length > 0 ? `${fmtSteps(f.steps[0])} → ${fmtSteps(f.steps[f.steps.length - 1])}` : "–",
  ]);
  out.push(formatTable(header, rows, right));
  const notReached = result.points.filter((p) => p.steps === null).length;
  const edges = result.points.filter((p) => p.edge !== null).length;
  const notes: string[] = [];
  if (notReached > 0)
    notes.push(`${notReached} point(s) did not reach ε (within stepsMax ${config.stepsMax}, or no lattice step size did); fits skip them`);
  if (edges > 0) notes.push(`${edges} tuned step size(s) at an end of the lattice [${config.lrMin}, ${config.lrMax}]: widen it`);
  notes.push("theory: GD at α = 1 needs ~d^(1−ε) steps (Kunstner & Bach, 2025)");
  out.push("\n" + notes.map((n) => `note: ${n}`).join("\n"));
  return out.join("\n");
}

export function scalingCsv(result: ScalingResult): string {
  const header = ["optimizer", "lrRule", "parity", "alpha", "d", "eps", "steps", "lr", "edge", "method"];
  return toCsv(
    header,
    result.points.map((p) => [p.optimizer, p.lrRule, p.parity, p.alpha, p.d, p.eps, p.steps, p.lr, p.edge, p.method]),
  );
}
