// What a command loads: `zipflab --version` and `--help` load the command line alone (no
// validator, no plotting, no command's module), a command without a figure loads no plotting,
// and drawing a figure does load it (so the check can tell). Speed is measured by
// `npm run bench:cli`; this guards the import structure that it depends on.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "zipflab-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** The modules `zipflab …args` (from the sources) imports, as paths relative to the repository. */
function modulesLoadedBy(...args: string[]): string[] {
  const log = join(dir, `modules-${n++}.txt`);
  const r = spawnSync(process.execPath, ["test/helpers/cli-module-log.mjs", log, ...args], { cwd: ROOT, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return [...new Set(readFileSync(log, "utf8").trim().split("\n"))].map((url) => url.replace(`file://${ROOT}/`, ""));
}

const packageOf = (path: string) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? null;
const packages = (modules: string[]) => new Set(modules.map(packageOf).filter((p) => p !== null));
const HEAVY = ["vega", "vega-lite", "@resvg/resvg-js", "zod"];
const PLOTTING = ["vega", "vega-lite", "@resvg/resvg-js"];

describe("start-up: a command loads what it uses", () => {
  it.each([["--version"], ["--help"], ["help"]])("`zipflab %s` loads Commander and the command line only", (arg) => {
    const modules = modulesLoadedBy(arg);
    expect([...packages(modules)]).toEqual(["commander"]);
    for (const p of HEAVY) expect(packages(modules).has(p), p).toBe(false);
    // No command's module: src/cli/main.ts and examples.ts, and nothing under experiments/, plot/, problems/.
    expect(modules.filter((m) => /^src\/(experiments|plot|problems|optimizers|sweep|corpus)\//.test(m))).toEqual([]);
    expect(modules.filter((m) => /^src\/cli\//.test(m)).sort()).toEqual(["src/cli/examples.ts", "src/cli/main.ts"]);
  });

  it("`zipflab tokens --help` loads the tokens command, not the others and no plotting", () => {
    const modules = modulesLoadedBy("tokens", "--help");
    expect(modules).toContain("src/cli/tokens.ts");
    expect(modules.filter((m) => /^src\/cli\/(run|sweep|scaling|repro|plot|corpus|serve|merge|report)\.ts$/.test(m))).toEqual([]);
    for (const p of PLOTTING) expect(packages(modules).has(p), p).toBe(false);
  });

  it("`zipflab tokens` (the table) loads no plotting; with --figure it loads Vega, Vega-Lite and resvg", () => {
    const table = packages(modulesLoadedBy("tokens", "--steps", "50"));
    for (const p of PLOTTING) expect(table.has(p), p).toBe(false);
    expect(table.has("zod")).toBe(true);
    const drawn = packages(modulesLoadedBy("tokens", "--steps", "50", "--figure", join(dir, "fig")));
    for (const p of PLOTTING) expect(drawn.has(p), p).toBe(true);
  });

  it("`zipflab corpus` and `zipflab run` without a figure load no plotting", () => {
    for (const args of [
      ["corpus", "brown", "--vocab", "50", "--no-cache", "--top", "0"],
      ["run", "quadratic", "--d", "10", "--steps", "5"],
    ]) {
      const loaded = packages(modulesLoadedBy(...args));
      for (const p of PLOTTING) expect(loaded.has(p), `${args.join(" ")}: ${p}`).toBe(false);
    }
  });
});
