// The Python peers' interpreter and worker processes (bench/softmax.ts, bench/peers.ts).
//
// The `python3` on PATH may lack NumPy and PyTorch (a pyenv interpreter, say) while the system's
// /usr/bin/python3 has Debian's python3-numpy and python3-torch: $ZIPFLAB_PYTHON if set, else
// the first of python3 and /usr/bin/python3 that imports NumPy and torch (or NumPy alone), and
// the report names it. Every Python process gets one BLAS/OpenMP thread and none of the
// machine's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE overrides (softmax_worker.py sets the same
// before its imports).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const PEERS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "bench", "peers");

/** One thread, no OpenBLAS core overrides (they break NumPy's import on this machine). */
export const PYTHON_ENV: NodeJS.ProcessEnv = (() => {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
})();

export interface Interpreter {
  /** The command run (as found: a name on PATH or a path). */
  command: string;
  numpy: string;
  /** torch's version, or null when `import torch` fails with this interpreter. */
  torch: string | null;
  /** The candidates tried and what each lacked, for the report. */
  tried: string[];
}

function probe(command: string): { numpy: string | null; torch: string | null } {
  const run = (code: string) => spawnSync(command, ["-c", code], { env: PYTHON_ENV, encoding: "utf8", timeout: 60_000 });
  const np = run("import numpy; print(numpy.__version__)");
  if (np.status !== 0) return { numpy: null, torch: null };
  const torch = run("import torch; print(torch.__version__)");
  return { numpy: np.stdout.trim(), torch: torch.status === 0 ? torch.stdout.trim() : null };
}

/**
 * The interpreter for the Python peers, or null (with what was tried) when none imports NumPy:
 * $ZIPFLAB_PYTHON when it imports NumPy (the user's choice, with or without torch), else the first
 * of python3 and /usr/bin/python3 that imports NumPy and torch, else the first that imports NumPy.
 */
export function findPython(): { found: Interpreter | null; tried: string[] } {
  const tried: string[] = [];
  const chosen = process.env.ZIPFLAB_PYTHON;
  if (chosen) {
    const p = probe(chosen);
    if (p.numpy) return { found: { command: chosen, numpy: p.numpy, torch: p.torch, tried }, tried };
    tried.push(`$ZIPFLAB_PYTHON=${chosen}: no NumPy`);
  }
  let withNumpy: Interpreter | null = null;
  for (const command of ["python3", "/usr/bin/python3"]) {
    const p = probe(command);
    if (!p.numpy) {
      tried.push(`${command}: no NumPy`);
      continue;
    }
    const found = { command, numpy: p.numpy, torch: p.torch, tried };
    if (p.torch) return { found, tried };
    tried.push(`${command}: NumPy ${p.numpy}, no torch`);
    withNumpy ??= found;
  }
  return { found: withNumpy, tried };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the worker's JSON answers, shaped per command
export type Answer = Record<string, any>;

/** A long-lived bench/peers/softmax_worker.py: one JSON command a line, one JSON answer a line. */
export class PythonWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = "";

  constructor(command: string) {
    this.child = spawn(command, [join(PEERS_DIR, "softmax_worker.py")], { env: PYTHON_ENV, cwd: PEERS_DIR });
    createInterface({ input: this.child.stdout }).on("line", (line) => this.waiting.shift()?.(line));
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.child.on("exit", () => {
      for (const resolve of this.waiting.splice(0)) resolve(JSON.stringify({ error: `the worker exited: ${this.stderr.trim()}` }));
    });
  }

  /** Sends a command; an answer {error} is thrown as an Error. */
  async send(command: Record<string, unknown>): Promise<Answer> {
    const line = await new Promise<string>((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(JSON.stringify(command) + "\n");
    });
    const answer = JSON.parse(line) as Answer;
    if (answer.error) throw new Error(`${String(command.cmd)} ${String(command.impl ?? "")}: ${answer.error}`);
    return answer;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.stdin.end();
    await exited;
  }
}

/** Lines for a report: the interpreter, NumPy's and torch's versions, BLAS, CPU capability, matmul speed. */
export async function describePython(python: Interpreter | null, tried: string[]): Promise<string[]> {
  const lines: string[] = [];
  if (!python) {
    lines.push(
      `- Python peers: none (${tried.join("; ") || "no interpreter"}) — skipping every NumPy and PyTorch column; install python3-numpy (and python3-torch) or set ZIPFLAB_PYTHON`,
    );
    return lines;
  }
  const worker = new PythonWorker(python.command);
  const info = await worker.send({ cmd: "info" });
  await worker.close();
  lines.push(
    `- Python: \`${python.command}\` → ${info.python} ${info.pythonVersion}${tried.length ? ` (passed over: ${tried.join("; ")})` : ""}; one BLAS/OpenMP thread, OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset`,
  );
  lines.push(
    `- NumPy ${info.numpy}: 1000² f32 matmul ${info.numpyMatmulGflops.toFixed(0)} GFLOP/s; BLAS libraries mapped: ${(info.blasLibraries as string[]).join(", ") || "none found"}`,
  );
  if (info.torch) {
    lines.push(
      `- PyTorch ${info.torch} (${info.torchThreads} thread): ${(info.torchBlas as string[]).map((s) => s.replace(/^- /, "")).join("; ")}; 1000² f32 matmul ${info.torchMatmulGflops.toFixed(0)} GFLOP/s`,
    );
    // the reference BLAS (~6 GFLOP/s here) rather than an optimized one behind Debian's libblas.so.3
    const optimized = (info.blasLibraries as string[]).some((path) => /openblas|mkl|blis/i.test(path));
    if (!optimized || info.torchMatmulGflops < 10) {
      lines.push(
        "  ⚠ torch's BLAS is not an optimized one (no OpenBLAS/MKL/BLIS mapped, or a matmul below 10 GFLOP/s): select OpenBLAS (Debian): update-alternatives --set libblas.so.3-x86_64-linux-gnu /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 (and liblapack.so.3-x86_64-linux-gnu likewise)",
      );
    }
  } else {
    lines.push(`- PyTorch: \`import torch\` fails with ${python.command} — skipping the PyTorch columns`);
  }
  return lines;
}
