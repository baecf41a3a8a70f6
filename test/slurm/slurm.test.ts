// End to end on a real one-node Slurm cluster: the job-array script that docs/sweeps.md shows
// (examples/slurm/sweep.sbatch) runs a sweep as 4 shards; one task is cancelled mid-way and
// resubmitted; the merged shards equal an unsharded run cell for cell.
//
// Runs wherever it can (root, slurm-wlm and munge installed: .ci/run installs them). In CI
// (CI=true) or with ZIPFLAB_SLURM=1 it must run, and a cluster that cannot start fails the
// test with the reason; elsewhere the test is skipped with the reason in its name.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { expandSweep } from "../../src/sweep/expand.js";
import { parseSpec } from "../../src/sweep/spec.js";
import { runSweep } from "../../src/sweep/sweep.js";
import { cli } from "../helpers/cli.js";
import { numbersByKey, readLines, tempDir } from "../sweep/helpers.js";
import { clusterPrerequisites, SlurmCluster } from "./cluster.js";
import { SWEEP_RUNNERS } from "../../src/experiments/sweep-runners.js";

const SCRIPT = fileURLToPath(new URL("../../examples/slurm/sweep.sbatch", import.meta.url));
const CLI = fileURLToPath(new URL("../helpers/cli-from-source.mjs", import.meta.url));

const missing = clusterPrerequisites();
const required = process.env.CI === "true" || process.env.ZIPFLAB_SLURM === "1";
const title = "a sweep as a Slurm job array: 4 shards, one cancelled mid-way and resubmitted, merged = unsharded";

// 2 optimizers × 9 step sizes × 4 seeds = 72 cells of 30,000 steps: 18 per shard, a few
// seconds each, long enough to cancel a task mid-way.
const spec = {
  problem: "tokens",
  fixed: { steps: 30_000 },
  grid: { optimizer: ["sgd", "adam"], lr: { from: 1e-3, to: 1e-1, perDecade: 4 }, seed: [0, 1, 2, 3] },
};
const SHARDS = 4;

let cluster: SlurmCluster | null = null;
afterAll(async () => {
  await cluster?.stop();
}, 60_000);

const cellLines = (path: string) => (existsSync(path) ? readFileSync(path, "utf8").split("\n").length - 2 : 0);

describe.skipIf(missing !== null && !required)(missing && !required ? `${title} (skipped: ${missing}; CI runs it)` : title, () => {
  it("runs, survives scancel and resumption, and merges to the unsharded results", async () => {
    const dir = tempDir("slurm");
    cluster = await SlurmCluster.start(join(dir, "cluster")); // throws with the reason if it cannot
    const specPath = join(dir, "spec.json");
    writeFileSync(specPath, JSON.stringify(spec));
    const shardFile = (i: number) => join(dir, `spec.shard-${i}-of-${SHARDS}.results.jsonl`);
    // The script runs `${ZIPFLAB:-npx zipflab}`: here zipflab straight from the sources under test.
    const env = { ZIPFLAB: `${process.execPath} ${CLI}`, ZIPFLAB_SHARDS: String(SHARDS) };
    const submit = (array: string) =>
      cluster!
        .run("sbatch", ["--parsable", `--chdir=${dir}`, `--array=${array}`, SCRIPT, specPath], env)
        .trim()
        .split(";")[0];

    const job = submit(`1-${SHARDS}`);
    // Cancel task 2 once it has written a few cells but not all 18.
    const deadline = Date.now() + 120_000;
    while (cellLines(shardFile(2)) < 3) {
      if (Date.now() > deadline) throw new Error(`task 2 wrote no cells in 120 s; queue: ${cluster.queue().join(" ")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    cluster.run("scancel", [`${job}_2`]);
    await cluster.waitForEmptyQueue(180_000);
    expect(cluster.state(`${job}_2`)).toBe("CANCELLED");
    const perShard = expandSweep(parseSpec(spec), SWEEP_RUNNERS).cells.length / SHARDS;
    const afterCancel = cellLines(shardFile(2));
    expect(afterCancel).toBeLessThan(perShard); // really cut off mid-way
    for (const i of [1, 3, 4]) {
      expect(cluster.state(`${job}_${i}`)).toBe("COMPLETED");
      expect(cellLines(shardFile(i))).toBe(perShard);
    }

    const again = submit("2");
    await cluster.waitForEmptyQueue(180_000);
    expect(cluster.state(`${again}_2`)).toBe("COMPLETED");
    const log = readFileSync(join(dir, `zipflab-sweep-${again}_2.out`), "utf8");
    expect(log).toMatch(new RegExp(`${afterCancel} already in .*; running ${perShard - afterCancel} on 1 thread`));
    expect(readdirSync(dir).filter((f) => f.endsWith(".lock"))).toEqual([]);

    const merged = join(dir, "merged.jsonl");
    const merge = await cli("merge", "-o", merged, ...[1, 2, 3, 4].map(shardFile));
    expect(merge.code, merge.err).toBe(0);

    const reference = join(dir, "unsharded.jsonl");
    await runSweep(expandSweep(parseSpec(spec), SWEEP_RUNNERS), { out: reference, threads: 2 });
    const got = readLines(merged).lines;
    const want = readLines(reference).lines;
    expect(got.map((l) => l.key)).toEqual([...want].sort((a, b) => a.index - b.index).map((l) => l.key));
    expect(numbersByKey(got)).toEqual(numbersByKey(want));
  }, 420_000);
});
