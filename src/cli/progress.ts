// A progress bar on stderr that appears only once work has run for over a second (short
// runs print nothing extra) and never on a non-terminal stream.
import { createRequire } from "node:module";
import type cliProgress from "cli-progress";

/** cli-progress (CommonJS), loaded when a bar first appears: most runs never show one. */
const loadCliProgress = (): typeof cliProgress => createRequire(import.meta.url)("cli-progress") as typeof cliProgress;

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function progressBar(label: string, { quiet = false, delayMs = 1000 } = {}): Progress {
  const start = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  const enabled = !quiet && process.stderr.isTTY === true;
  return {
    update(done, total) {
      if (!enabled) return;
      if (!bar && Date.now() - start < delayMs) return;
      if (!bar) {
        const cliProgress = loadCliProgress();
        bar = new cliProgress.SingleBar(
          {
            format: `${label} |{bar}| {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
            stream: process.stderr,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, { rate: "–" });
      }
      const seconds = (Date.now() - start) / 1000;
      bar.setTotal(total);
      bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds).toLocaleString("en-US") : "–" });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/** -q of every command that has it: the same words and the same effect everywhere. */
export const QUIET_OPTION = [
  "-q, --quiet",
  "print nothing but errors and warnings: no progress, no table or summary (files asked for are still written)",
] as const;

/** console.log, or nothing under -q. */
export function stdoutUnlessQuiet(quiet: boolean | undefined): (text: string) => void {
  return quiet ? () => undefined : (text) => console.log(text);
}
