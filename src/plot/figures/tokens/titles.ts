// Panel titles that state what the data shows, computed from it (so a run where SGD does
// learn the rare tokens is not titled as if it did not), with the numbers in the subtitle.
import type { PanelTitle } from "../../common/vega-lite.js";
import { type PlottedToken, effectiveLrRows, finiteOrNull, formatNumber } from "./data.js";
import type { TokensResult, TokensRun } from "../../../results/tokens.js";

/** A token "reaches" its true weight when |w − w*| ≤ this fraction of max(|w*|, 1). */
export const REACHED_FRACTION = 0.2;

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "a", "a and b", "a, b and c", beyond three "5 tokens". */
function listNames(names: string[]): string {
  if (names.length > 3) return `${names.length} tokens`;
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function reached(run: TokensRun, t: PlottedToken): boolean {
  const w = finiteOrNull(run.finalWeights[t.index]);
  return w !== null && Math.abs(w - t.trueWeight) <= REACHED_FRACTION * Math.max(Math.abs(t.trueWeight), 1);
}

export function figureTitle(result: TokensResult, plain: string, adaptive: string | null, tokens: readonly PlottedToken[]): PanelTitle {
  const { config } = result;
  const K = config.tokens.length;
  const count = capitalize(NUMBER_WORDS[K] ?? String(K));
  const versus = adaptive ? `${plain} vs ${adaptive}` : plain;
  const shown = tokens.length < K ? ` · ${tokens.length} of ${K} tokens shown, spread over the frequency ranks` : "";
  return {
    text: `${count}-token experiment: rare tokens under ${versus}`,
    subtitle:
      `${config.steps} steps · batch ${config.batch} · noise σ = ${formatNumber(config.noise)} · ` +
      `η = ${formatNumber(config.lr)} · seed ${config.seed} · ${result.backend}${shown}`,
  };
}

/** (a), (c): which tokens miss their true weight, and how often the rarest one was trained. */
export function trajectoryTitle(letter: string, label: string, run: TokensRun, tokens: readonly PlottedToken[]): PanelTitle {
  const head = `(${letter}) ${label}`;
  const rarest = tokens.at(-1);
  if (!rarest) return { text: `${head}: no tokens` };
  const w = finiteOrNull(run.finalWeights[rarest.index]);
  const subtitle = [
    `rarest token: ${rarest.name}, frequency ${formatNumber(rarest.frequency)}`,
    `gradient ≠ 0 in ${formatNumber(run.nonzeroPercent[rarest.index])}% of ${run.stepsRun} steps; ` +
      `ends at w = ${w === null ? "n/a" : w.toFixed(2)} (w* = ${formatNumber(rarest.trueWeight)})`,
  ];
  if (run.divergedAt !== null) return { text: `${head}: loss became NaN/Inf at step ${run.divergedAt}`, subtitle };
  const missed = tokens.filter((t) => !reached(run, t)).map((t) => t.name);
  const text =
    missed.length === 0
      ? `${head}: every token reaches its true weight w*`
      : missed.length === tokens.length
        ? `${head}: no token reaches its true weight w*`
        : `${head}: ${listNames(missed)} ${missed.length === 1 ? "stays" : "stay"} far from w*`;
  return { text, subtitle };
}

/** (b): the error on the rarest and the most frequent token, per run. */
export function errorTitle(runs: readonly TokensRun[], labels: readonly string[], tokens: readonly PlottedToken[]): PanelTitle {
  const text = "(b) Final error |w − w*| per token and optimizer";
  const first = tokens[0];
  const last = tokens.at(-1);
  if (!first || !last) return { text };
  const errorsAt = (t: PlottedToken) =>
    runs
      .map((r, i) => {
        const e = finiteOrNull(r.absError[t.index]);
        return `${labels[i]} ${e === null ? "n/a" : formatNumber(e)}`;
      })
      .join(", ");
  return { text, subtitle: [`rarest, ${last.name}: ${errorsAt(last)}`, `most frequent, ${first.name}: ${errorsAt(first)}`] };
}

/** (d): does the effective step grow from the most frequent to the rarest token, and by how much. */
export function effectiveLrTitle(label: string, run: TokensRun, tokens: readonly PlottedToken[]): PanelTitle {
  const rows = effectiveLrRows(run, tokens);
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last || rows.length < 2) return { text: `(d) ${label}: effective learning rate per token` };
  const grows = last.effectiveLr > first.effectiveLr;
  const ratio = last.effectiveLr / first.effectiveLr;
  return {
    text: `(d) ${label}: the effective step ${grows ? "grows" : "does not grow"} as frequency falls`,
    subtitle:
      `${formatNumber(first.effectiveLr)} for ${first.name}, ${formatNumber(last.effectiveLr)} for ${last.name} ` +
      `(${formatNumber(ratio)}×); ${formatNumber(last.effectiveLr / run.optimizer.lr)}× the nominal η at the rarest`,
  };
}
