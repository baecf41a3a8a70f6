// One timing with tinybench: a synchronous task, an optional untimed setup before every call
// (e.g. restoring a gradient the kernel consumed), warm-up first so that V8 has tiered the
// WASM (Liftoff → TurboFan) and JS code up before samples count.
import { Bench } from "tinybench";

export interface Budget {
  /** Milliseconds of measured time per task (tinybench `time`). */
  time: number;
  /** At least this many timed calls. */
  iterations: number;
  warmupTime: number;
  warmupIterations: number;
}

export interface Timing {
  /** Median of the per-call latencies, in ms: robust to bursts of load from elsewhere. */
  medianMs: number;
  meanMs: number;
  /** The fastest call: the one least disturbed by other load on the machine. */
  minMs: number;
  /** Relative margin of error of the mean, in percent. */
  rme: number;
  samples: number;
}

export function measure(name: string, fn: () => void, budget: Budget, beforeEach?: () => void): Timing {
  const bench = new Bench({ ...budget, throws: true, subtractTimerOverhead: true });
  bench.add(name, fn, beforeEach ? { beforeEach } : {});
  const [task] = bench.runSync();
  const result = task.result;
  if (result.state !== "completed") throw new Error(`${name}: benchmark ${result.state}`);
  const { latency } = result;
  return { medianMs: latency.p50, meanMs: latency.mean, minMs: latency.min, rme: latency.rme, samples: latency.samplesCount };
}

/** Several timings of one thing as one: median of their medians, fastest of their fastest. */
export function combine(timings: Timing[]): Timing {
  const medians = timings.map((t) => t.medianMs).sort((a, b) => a - b);
  const samples = timings.reduce((sum, t) => sum + t.samples, 0);
  return {
    medianMs: medians[Math.floor(medians.length / 2)],
    meanMs: timings.reduce((sum, t) => sum + t.meanMs * t.samples, 0) / samples,
    minMs: Math.min(...timings.map((t) => t.minMs)),
    rme: Math.max(...timings.map((t) => t.rme)),
    samples,
  };
}
