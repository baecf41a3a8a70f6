// Examples shown at the end of each command's --help (commands with their own keep theirs).
// Every line runs as written from a clone after `npm install` (docs/cli.md lists more).
export const EXAMPLES: Record<string, readonly string[]> = {
  tokens: [
    "npx zipflab tokens                                   # SGD vs Adam on the six tokens",
    "npx zipflab tokens --opt sgd adam sign:momentum=0.9 --lr 0.01 --json out/tokens.json",
    "npx zipflab tokens --names a,b,c --freqs 0.9,0.1,0.01 --steps 10000 --figure out/abc",
  ],
  sweep: [
    "npx zipflab sweep examples/sweeps/tokens.yaml --dry-run   # validate, count the cells",
    "npx zipflab sweep examples/sweeps/tokens.yaml             # → examples/sweeps/tokens.results.jsonl",
    "npx zipflab sweep examples/sweeps/tokens.yaml --shard 2/4 # one slice, for array jobs",
  ],
  merge: ["npx zipflab merge -o all.results.jsonl examples/sweeps/tokens.shard-*-of-4.results.jsonl"],
  report: [
    "npx zipflab report examples/sweeps/tokens.results.jsonl   # table + tokens.results.csv, .cells.csv",
    "npx zipflab report examples/sweeps/tokens.results.jsonl --no-csv",
  ],
  scaling: [
    "npx zipflab scaling                                       # GD, sign, Adam; d to 10⁶; α 0.5, 1, 1.5",
    "npx zipflab scaling --optimizers sgd --alpha 1 --eps 0.3 --d-max 100000 --csv out/sgd.csv",
    "npx zipflab scaling --corpus brown --json out/brown-scaling.json",
  ],
  repro: [
    "npx zipflab repro all                                     # every reproduction + out/index.html",
    "npx zipflab repro tokens linear-model --out out/paper",
    "npx zipflab repro tokens --scale test                     # toy sizes: a smoke test in seconds",
  ],
  plot: [
    "npx zipflab plot out/tokens.json                          # every figure the result supports",
    "npx zipflab plot out/run.json --figure groups -o fig/run  # one figure → fig/run-groups.svg/.png",
  ],
};

/** "Examples:" and the lines, for addHelpText. */
export function examplesText(command: string): string | null {
  const lines = EXAMPLES[command];
  return lines ? `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n` : null;
}
