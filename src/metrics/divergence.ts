// A run counts as diverged when its loss goes NaN/Inf or ends above 1.5× its initial loss
// (the papers' rule; the step-size tuning scores such a run at its initial loss).
export const DIVERGENCE_FACTOR = 1.5;

export function exceedsDivergenceBound(loss: number, initialLoss: number): boolean {
  return loss > DIVERGENCE_FACTOR * initialLoss;
}
