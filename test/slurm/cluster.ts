// A one-node Slurm cluster for tests, from Debian's slurm-wlm and munge: munged, slurmctld
// and slurmd started as root in the foreground (so the test owns and stops them), every path
// (key, socket, state, spool, logs, config) inside one temporary folder, free TCP ports, and
// the node named after `hostname`. Process tracking by /proc (proctrack/linuxproc) and no task
// plugin need no cgroups, so it also runs in a container.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, hostname } from "node:os";
import { join } from "node:path";

export const SLURM_BINARIES = ["munged", "mungekey", "slurmctld", "slurmd", "sbatch", "scancel", "squeue", "sinfo", "scontrol"];

/** Why a cluster cannot start here (null if it can): not root, or a binary missing. */
export function clusterPrerequisites(): string | null {
  if (process.getuid?.() !== 0) return "not running as root (slurmd must start jobs as their user)";
  const path = (process.env.PATH ?? "") + ":/usr/sbin:/sbin";
  const missing = SLURM_BINARIES.filter((b) => !path.split(":").some((d) => d && existsSync(join(d, b))));
  return missing.length ? `missing ${missing.join(", ")} (apt-get install slurm-wlm munge; .ci/run does)` : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const tail = (path: string) => (existsSync(path) ? readFileSync(path, "utf8").trim().split("\n").slice(-8).join("\n") : "(no log)");

async function until(what: string, condition: () => boolean, ms: number, logs: string[]): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(
        `Slurm test cluster: ${what} did not happen within ${ms / 1000} s\n` + logs.map((l) => `--- ${l}\n${tail(l)}`).join("\n"),
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

export class SlurmCluster {
  readonly env: NodeJS.ProcessEnv;
  private readonly daemons: ChildProcess[] = [];

  private constructor(readonly dir: string) {
    this.env = { ...process.env, SLURM_CONF: join(dir, "slurm.conf"), PATH: `${process.env.PATH}:/usr/sbin:/sbin` };
  }

  /** Starts munged, slurmctld and slurmd; throws (with the logs' tails) if the node is not idle within a minute. */
  static async start(dir: string): Promise<SlurmCluster> {
    const reason = clusterPrerequisites();
    if (reason) throw new Error(`Slurm test cluster cannot start: ${reason}`);
    const c = new SlurmCluster(dir);
    try {
      await c.boot();
    } catch (e) {
      await c.stop();
      throw e;
    }
    return c;
  }

  private daemon(command: string, args: string[], log: string): void {
    const child = spawn(command, args, { env: this.env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr!.on("data", (d) => (err += String(d)));
    child.on("exit", (code) => {
      if (code !== 0 && code !== null) writeFileSync(`${log}.exit`, `${command} exited ${code}: ${err}`);
    });
    child.on("error", (e) => writeFileSync(`${log}.exit`, `${command}: ${e.message}`));
    this.daemons.push(child);
  }

  private async boot(): Promise<void> {
    const d = this.dir;
    for (const sub of ["state", "spool"]) mkdirSync(join(d, sub), { recursive: true });
    const socket = join(d, "munge.sock");
    execFileSync("mungekey", ["--create", "--keyfile", join(d, "munge.key")], { env: this.env, stdio: "pipe" });
    this.daemon(
      "munged",
      [
        "--foreground",
        "--force",
        `--socket=${socket}`,
        `--key-file=${join(d, "munge.key")}`,
        `--pid-file=${join(d, "munged.pid")}`,
        `--log-file=${join(d, "munged.log")}`,
        `--seed-file=${join(d, "munged.seed")}`,
      ],
      join(d, "munged.log"),
    );
    await until("munged creating its socket", () => existsSync(socket), 20_000, [join(d, "munged.log"), join(d, "munged.log.exit")]);

    const node = hostname();
    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    writeFileSync(
      this.env.SLURM_CONF!,
      [
        "ClusterName=zipflabtest",
        `SlurmctldHost=${node}`,
        "SlurmUser=root",
        "SlurmdUser=root",
        "AuthType=auth/munge",
        "CredType=cred/munge",
        `AuthInfo=socket=${socket}`,
        `StateSaveLocation=${join(d, "state")}`,
        `SlurmdSpoolDir=${join(d, "spool")}`,
        `SlurmctldPidFile=${join(d, "slurmctld.pid")}`,
        `SlurmdPidFile=${join(d, "slurmd.pid")}`,
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${slurmdPort}`,
        `SlurmctldLogFile=${join(d, "slurmctld.log")}`,
        `SlurmdLogFile=${join(d, "slurmd.log")}`,
        "ProctrackType=proctrack/linuxproc",
        "TaskPlugin=task/none",
        "SelectType=select/cons_tres",
        "SelectTypeParameters=CR_Core",
        "SchedulerType=sched/backfill",
        "MpiDefault=none",
        "ReturnToService=2",
        "KillWait=2",
        "MinJobAge=600",
        "JobCompType=jobcomp/none",
        "AccountingStorageType=accounting_storage/none",
        "JobAcctGatherType=jobacct_gather/none",
        `NodeName=${node} CPUs=${availableParallelism()} State=UNKNOWN`,
        "PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
      ].join("\n") + "\n",
    );
    this.daemon("slurmctld", ["-D", "-c", "-f", this.env.SLURM_CONF!], join(d, "slurmctld.log"));
    this.daemon("slurmd", ["-D", "-f", this.env.SLURM_CONF!], join(d, "slurmd.log"));
    const logs = ["slurmctld.log", "slurmctld.log.exit", "slurmd.log", "slurmd.log.exit", "munged.log"].map((l) => join(d, l));
    await until("the node becoming idle", () => this.tryRun("sinfo", ["-h", "-o", "%t"]).trim() === "idle", 60_000, logs);
  }

  private tryRun(command: string, args: string[]): string {
    try {
      return this.run(command, args);
    } catch {
      return "";
    }
  }

  /** Runs a Slurm client command against this cluster; returns its stdout. */
  run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
    return execFileSync(command, args, {
      env: { ...this.env, ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 30_000,
    });
  }

  /** Job ids (array tasks as "J_i") still pending or running. */
  queue(): string[] {
    return this.run("squeue", ["-h", "-o", "%i"])
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean);
  }

  /** The state of one job or array task ("RUNNING", "COMPLETED", "CANCELLED", …). */
  state(job: string): string {
    return /JobState=(\S+)/.exec(this.run("scontrol", ["show", "job", job]))?.[1] ?? "UNKNOWN";
  }

  async waitForEmptyQueue(ms: number): Promise<void> {
    await until(
      "the queue emptying",
      () => this.queue().length === 0,
      ms,
      ["slurmctld.log", "slurmd.log"].map((l) => join(this.dir, l)),
    );
  }

  /** Cancels every job, then stops slurmd, slurmctld and munged (SIGTERM, then SIGKILL). */
  async stop(): Promise<void> {
    if (this.daemons.length > 1) this.tryRun("scancel", ["--user=root"]);
    for (const child of [...this.daemons].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }
}
