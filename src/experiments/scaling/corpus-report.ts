import type { CorpusScalingFit, CorpusScalingResult, ScalingFit } from "../../results/scaling.js";
// Text report of the scaling law on a corpus: the steps per V, and each series' fitted
// exponent on the corpus beside the synthetic Zipf law's and the paper's claim.

const label = (f: { optimizer: string; lrRule: string; parity: string }) =>
  `${f.optimizer === "sgd" ? "SGD" : "sign descent"}, ${f.lrRule === "1/pi1" ? "η = 1/π₁" : "tuned"}${f.parity === "any" ? "" : `, ${f.parity} steps`}`;

const exponent = (f: { fit: { b: number; ci: [number, number] | null } | null } | undefined) =>
  !f?.fit ? "no fit" : `${f.fit.b.toFixed(2)}${f.fit.ci ? ` [${f.fit.ci[0].toFixed(2)}, ${f.fit.ci[1].toFixed(2)}]` : ""}`;

/** The synthetic series matching a corpus series. */
export function syntheticFit(r: CorpusScalingResult, f: CorpusScalingFit): ScalingFit | undefined {
  return r.synthetic.fits.find((s) => s.optimizer === f.optimizer && s.lrRule === f.lrRule && s.parity === f.parity && s.eps === f.eps);
}

/** Whether the claimed exponent lies in the fitted interval. */
export function claimHolds(f: CorpusScalingFit): boolean | null {
  if (f.claim === null || !f.fit?.ci) return null;
  return f.claim >= f.fit.ci[0] && f.claim <= f.fit.ci[1];
}

export function formatCorpusScalingReport(r: CorpusScalingResult): string {
  const c = r.config;
  const lines = [
    `scaling on ${c.corpus}: steps to relative loss ε, full-batch bigram square loss on the corpus's counts (${r.seconds.toFixed(1)} s)`,
    "",
  ];
  lines.push(`V         ${r.sizes.map((s) => String(s.d).padStart(9)).join("")}`);
  lines.push(`π₁        ${r.sizes.map((s) => s.maxInput.toFixed(4).padStart(9)).join("")}`);
  lines.push(`non-zeros ${r.sizes.map((s) => String(s.nonzeros).padStart(9)).join("")}`);
  for (const f of r.fits) {
    lines.push(`${`${label(f)}, ε ${f.eps}`.padEnd(40)}${f.steps.map((t) => (t === null ? "—" : String(t)).padStart(9)).join("")}`);
  }
  lines.push(
    "",
    `fitted exponent b of steps ∝ V^b (${Math.round(100 * c.level)}% interval): ${c.corpus} | synthetic Zipf α = 1 | claim (Kunstner & Bach 2025)`,
  );
  for (const f of r.fits) {
    const holds = claimHolds(f);
    lines.push(
      `${`${label(f)}, ε ${f.eps}`.padEnd(40)}${exponent(f).padEnd(22)}${exponent(syntheticFit(r, f)).padEnd(22)}` +
        `${f.claim === null ? "—" : `${f.claim.toFixed(2)} ${holds === null ? "" : holds ? "(inside)" : "(outside)"}`}`,
    );
  }
  return lines.join("\n");
}
