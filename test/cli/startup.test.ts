// What a command loads: `zipflab --version` and `--help` load the command line alone (no
// validator, no plotting, no command's module), a command without a figure loads no plotting,
// and drawing a figure does load it (so the check can tell); from the sources, and from the
// bundle that bin/zipflab.js runs (dist/cli/bundle/, src/cli/bundle.mjs). Speed is measured by
// `npm run bench:cli`; this guards the import structure that it depends on.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { preferHugePagesForRasterizer } from "../../src/plot/render/load.js";
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

/** What the built `zipflab …args` (bin/zipflab.js) loads: its files relative to the repository, and Node's built-in modules. */
function loadedByBuilt(...args: string[]): { files: string[]; builtins: string[] } {
  const log = join(dir, `modules-${n++}.txt`);
  const r = spawnSync(process.execPath, ["test/helpers/bin-module-log.mjs", log, ...args], { cwd: ROOT, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  const lines = [...new Set(readFileSync(log, "utf8").trim().split("\n"))];
  return {
    files: lines.filter((url) => url.startsWith("file:")).map((url) => url.replace(`file://${ROOT}/`, "")),
    builtins: lines.filter((name) => name.startsWith("node:")),
  };
}

/** The packages bundled into a chunk: the bundler heads each module's code with its path. */
const bundledPackages = (file: string) =>
  new Set([...readFileSync(join(ROOT, file), "utf8").matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1]));
/** The packages of the files loaded, bundled into their chunks or loaded from node_modules. */
const packagesIn = (files: string[]) =>
  new Set([...files.map(packageOf).filter((p) => p !== null), ...files.flatMap((f) => [...bundledPackages(f)])]);

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

describe("start-up of the bundled command line (bin/zipflab.js)", () => {
  it.each([["--version"], ["--help"]])("`zipflab %s` loads a few small files of the bundle, Commander bundled in", (arg) => {
    const { files, builtins } = loadedByBuilt(arg);
    // Commander's node:child_process is deferred to a spawn (src/cli/bundle.mjs); the atomic writer's node:crypto is not loaded.
    for (const b of ["node:child_process", "node:crypto"]) expect(builtins, b).not.toContain(b);
    expect(builtins).toContain("node:fs");
    expect(files[0]).toBe("bin/zipflab.js");
    for (const f of files.slice(1)) expect(f).toMatch(/^dist\/cli\/bundle\/[^/]+\.js$/);
    expect(files.length).toBeLessThanOrEqual(8);
    expect([...packagesIn(files)]).toEqual(["commander"]);
  });

  it("`zipflab tokens` loads no plotting from the bundle; with --figure it runs the renderer (Vega, Vega-Lite, resvg)", () => {
    const table = loadedByBuilt("tokens", "--steps", "50");
    for (const f of table.files.slice(1)) expect(f).toMatch(/^dist\/cli\/bundle\//);
    const tablePackages = packagesIn(table.files);
    expect(tablePackages.has("zod")).toBe(true);
    for (const p of [...PLOTTING, "vega-view"]) expect(tablePackages.has(p), p).toBe(false);
    expect(table.builtins).not.toContain("node:vm");
    const drawn = loadedByBuilt("tokens", "--steps", "50", "--figure", join(dir, "fig-built"));
    for (const f of drawn.files.slice(1)) expect(f).toMatch(/^dist\/cli\/bundle\//);
    // The renderer is the CommonJS bundle run through a vm.Script (src/plot/render/load.ts),
    // which the ES module hooks do not see: node:vm says it ran, its file what it holds.
    expect(drawn.builtins).toContain("node:vm");
    // no Vega in the ES bundle's chunks it loaded: the figure's Vega came from the renderer
    for (const p of [...PLOTTING, "vega-view"]) expect(packagesIn(drawn.files).has(p), p).toBe(false);
    expect(readFileSync(join(ROOT, "dist/cli/renderer/renderer.cjs"), "utf8")).toContain('require("@resvg/resvg-js")');
  });

  it("a figure asks resvg's allocator for huge pages before resvg loads; a user's setting wins; the PNG is the same", () => {
    // mimalloc (inside resvg's native module) prints its options at start-up when verbose.
    const base: NodeJS.ProcessEnv = { ...process.env, MIMALLOC_VERBOSE: "1" };
    delete base.MIMALLOC_ALLOW_LARGE_OS_PAGES;
    const draw = (name: string, env: NodeJS.ProcessEnv) => {
      const r = spawnSync(process.execPath, ["bin/zipflab.js", "tokens", "--steps", "50", "--figure", join(dir, name)], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...base, ...env },
      });
      expect(r.status, r.stderr).toBe(0);
      return { option: /option 'allow_large_os_pages': (\d)/.exec(r.stderr)?.[1], png: readFileSync(join(dir, `${name}.png`)) };
    };
    const huge = draw("huge-pages", {});
    const small = draw("small-pages", { MIMALLOC_ALLOW_LARGE_OS_PAGES: "0" });
    expect([huge.option, small.option]).toEqual(["1", "0"]);
    expect(huge.png.equals(small.png)).toBe(true);
    const none: NodeJS.ProcessEnv = {};
    preferHugePagesForRasterizer(none);
    expect(none.MIMALLOC_ALLOW_LARGE_OS_PAGES).toBe("1");
    const mine: NodeJS.ProcessEnv = { MIMALLOC_ALLOW_LARGE_OS_PAGES: "0" };
    preferHugePagesForRasterizer(mine);
    expect(mine.MIMALLOC_ALLOW_LARGE_OS_PAGES).toBe("0");
  });

  it("the renderer's code cache, made by the build, is one this Node accepts", () => {
    const check = `import("./dist/src/plot/render/load.js").then(({ runCommonJs }) => {
      const file = require("node:path").resolve("dist/cli/renderer/renderer.cjs");
      const r = runCommonJs(file, require("node:fs").readFileSync(file + ".cache"));
      console.log(JSON.stringify({ rejected: r.rejected, renderFigure: typeof r.exports.renderFigure }));
    })`;
    const r = spawnSync(process.execPath, ["-e", check], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ rejected: false, renderFigure: "function" });
  });
});
