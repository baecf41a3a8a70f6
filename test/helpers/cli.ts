// Runs `zipflab …` in-process (src/cli/main.ts) and captures what it prints and its exit code.
import { vi } from "vitest";
import { main } from "../../src/cli/main.js";

export interface CliOutcome {
  out: string;
  err: string;
  code: number;
}

export async function cli(...args: string[]): Promise<CliOutcome> {
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" "))),
    vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" "))),
    vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true)),
    vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true)),
  ];
  process.exitCode = 0;
  try {
    await main(["node", "zipflab", ...args]);
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out: out.join("\n"), err: err.join("\n"), code };
}
