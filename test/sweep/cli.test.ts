import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { readLines, tempDir, tokensSpec } from "./helpers.js";

const dir = tempDir("sweep-cli");

function specFile(name: string, spec: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

afterEach(() => {
  process.exitCode = 0;
});

describe("zipflab sweep, merge, report (command line)", () => {
  const spec = specFile("small.json", tokensSpec({ lrs: [0.001, 0.01, 0.1], seeds: [0, 1] }));

  it("--help documents each command", async () => {
    const sweep = (await cli("sweep", "--help")).out;
    for (const option of ["--out <file>", "--threads <n>", "--shard <i/n>", "--dry-run", "--quiet"]) expect(sweep).toContain(option);
    expect((await cli("merge", "--help")).out).toMatch(/missing[\s\S]*--out/);
    expect((await cli("report", "--help")).out).toMatch(/worst seed[\s\S]*--csv/);
    expect((await cli("--help")).out).toMatch(/sweep[\s\S]*merge[\s\S]*report/);
  });

  it("sweep writes <spec>.results.jsonl; report prints the tuned step sizes and writes CSV", async () => {
    const run = await cli("sweep", spec, "--threads", "1"); // without -q: the summary
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/12 cells over optimizer, lr, seed[\s\S]*running 12 on 1 thread[\s\S]*done: 12 cells/);
    const results = join(dir, "small.results.jsonl");
    expect(readLines(results).lines).toHaveLength(12);

    const report = await cli("report", results);
    expect(report.code).toBe(0);
    expect(report.out).toMatch(/12 of 12 cells; 2 groups by optimizer/);
    expect(report.out).toMatch(/optimizer\s+lr\*\s+worst loss\s+mean loss\s+diverged\s+lr grid/);
    expect(report.out).toMatch(/^sgd\s+0\.1 !\s+[\d.]+\s+[\d.]+\s+0\/2\s+0\.001 … 0\.1 \(3\)$/m);
    expect(report.out).toMatch(/! optimizer=sgd: the chosen step size 0\.1 is the largest of its grid/);
    const groups = readFileSync(join(dir, "small.results.csv"), "utf8").split("\n");
    expect(groups[0]).toBe("optimizer,lr,worstLoss,meanLoss,seeds,divergedSeeds,lrMin,lrMax,lrCount,edge");
    expect(groups[1]).toMatch(/^sgd,0\.1,[\d.e-]+,[\d.e-]+,2,0,0\.001,0\.1,3,largest$/);
    const cells = readFileSync(join(dir, "small.results.cells.csv"), "utf8").trim().split("\n");
    expect(cells).toHaveLength(13);
    expect(cells[0]).toMatch(/^index,steps,batch,optimizer,lr,seed,score,diverged,.*finalWeights\.thalweg/);
  });

  it.each([
    ["an unknown field", { ...tokensSpec(), grid: { optimizer: ["sgd"], momentum: [0.9] } }, [], /grid\.momentum: unknown field/],
    ["an empty value list", { ...tokensSpec(), grid: { optimizer: ["sgd"], seed: [] } }, [], /grid\.seed: must list at least one value/],
    ["shard 0/3", tokensSpec(), ["--shard", "0/3"], /shard: must be i\/n with integers 1 ≤ i ≤ n, e\.g\. 2\/8 \(got "0\/3"\)/],
    ["shard 4/3", tokensSpec(), ["--shard", "4/3"], /shard: must be i\/n .*\(got "4\/3"\)/],
    ["zero threads", tokensSpec(), ["--threads", "0"], /threads: must be an integer ≥ 1/],
  ])("a bad spec or option (%s): error naming the field, exit 2, nothing written", async (_what, bad, args, message) => {
    const name = _what.replace(/\W+/g, "-");
    const path = specFile(`bad-${name}.json`, bad);
    const out = join(dir, `bad-${name}.jsonl`);
    const { err, code } = await cli("sweep", path, "-o", out, ...(args as string[]));
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it("a results file from a different spec: error, the file untouched", async () => {
    const results = join(dir, "small.results.jsonl");
    const before = readFileSync(results);
    const other = specFile("other.json", tokensSpec({ seeds: [5] }));
    const { err, code } = await cli("sweep", other, "-o", results, "-q");
    expect(code).toBe(2);
    expect(err).toMatch(/out: .*small\.results\.jsonl holds results of a different sweep .* left untouched/);
    expect(readFileSync(results)).toEqual(before);
  });

  it("shards write their own files; merge combines them and reports missing cells (exit 1)", async () => {
    for (const i of [1, 2]) expect((await cli("sweep", spec, "--shard", `${i}/3`, "--threads", "1", "-q")).code).toBe(0);
    const shard = (i: number) => join(dir, `small.shard-${i}-of-3.results.jsonl`);
    expect(readLines(shard(2)).header.shard).toBe("2/3");
    const merged = join(dir, "merged.jsonl");

    const partial = await cli("merge", shard(1), shard(2), "-o", merged);
    expect(partial.code).toBe(1);
    expect(partial.out).toMatch(/8 of 12 cells[\s\S]*missing: 4 cells have no result:\n {2}cell 2 /);

    expect((await cli("sweep", spec, "--shard", "3/3", "--threads", "1", "-q")).code).toBe(0);
    expect((await cli("merge", shard(1), shard(2), shard(3), "-o", merged)).code).toBe(2); // exists
    const full = await cli("merge", shard(1), shard(2), shard(3), shard(3), "-o", merged, "--force");
    expect(full.code).toBe(0);
    expect(full.out).toMatch(/12 of 12 cells[\s\S]*duplicates: 4 cells found more than once with the same numbers/);
    expect(readLines(merged).lines.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});
