// The machine a report was measured on: Node and V8 versions, usable cores (what `nproc`
// prints), the CPU model as /proc/cpuinfo names it, and how busy the machine was.
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";

export interface Machine {
  node: string;
  v8: string;
  cores: number;
  cpu: string;
  memoryGiB: number;
}

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line) return line.split(":")[1].trim();
  } catch {
    // not Linux: fall through to what Node reports
  }
  return cpus()[0]?.model ?? "unknown";
}

export function describeMachine(): Machine {
  return {
    node: process.version,
    v8: process.versions.v8,
    cores: availableParallelism(),
    cpu: cpuModel(),
    memoryGiB: totalmem() / 2 ** 30,
  };
}

export function formatMachine(m: Machine): string {
  return `Node ${m.node} (V8 ${m.v8}), ${m.cores} cores (nproc), CPU: ${m.cpu}, ` + `${m.memoryGiB.toFixed(0)} GiB RAM`;
}

/** The 1-minute load average: above 0 means other processes compete for the same cores. */
export function loadAverage(): string {
  return loadavg()[0].toFixed(2);
}
