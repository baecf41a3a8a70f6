// Sweep progress on stderr: cells done (of this shard, earlier runs included), the rate of
// this run and the ETA it implies. On a terminal a bar that appears after a second; elsewhere
// (a scheduler's log file) one plain line every 30 seconds.
import cliProgress from "cli-progress";
import type { SweepProgress } from "../sweep/sweep.js";

const LOG_EVERY_MS = 30_000;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "–";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : m > 0 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

function fields(p: SweepProgress) {
  const rate = p.seconds > 0 ? p.ranNow / p.seconds : 0;
  return {
    rate: rate >= 10 ? rate.toFixed(0) : rate.toPrecision(2),
    eta: rate > 0 ? duration((p.total - p.done) / rate) : "–",
  };
}

export function sweepProgress({ quiet = false, delayMs = 1000 } = {}) {
  const start = Date.now();
  const tty = process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | null = null;
  let lastLog = start;
  return {
    update(p: SweepProgress): void {
      if (quiet) return;
      const now = Date.now();
      const f = fields(p);
      if (!tty) {
        if (now - lastLog < LOG_EVERY_MS) return;
        lastLog = now;
        process.stderr.write(`sweep: ${p.done}/${p.total} cells, ${f.rate} cells/s, ETA ${f.eta}\n`);
        return;
      }
      if (!bar && now - start < delayMs) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            format: "sweep |{bar}| {value}/{total} cells | {rate} cells/s | ETA {eta}",
            stream: process.stderr,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, p.done, f);
      }
      bar.update(p.done, f);
    },
    stop(): void {
      bar?.stop();
      bar = null;
    },
  };
}
