// The renderer as the command line loads it: render.ts bundled for CommonJS with a V8 code
// cache (dist/cli/renderer/, made by src/cli/bundle.mjs), else render.ts itself. Node 20 has
// no compile cache for ES modules, and compiling Vega, Vega-Lite and the functions a figure
// calls the first time costs ~0.1 s of the ~1.1 s a `tokens --figure` takes; a vm.Script takes
// a code cache (cachedData). V8 checks it: a cache made by another Node version or with other
// V8 flags is rejected, and the code compiles as it would without one (the same results).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

/** What the command line uses of render.ts. */
export type Renderer = Pick<typeof import("./render.js"), "renderFigure">;

/** dist/cli/renderer/renderer.cjs from dist/cli/bundle/ (the CLI bundle) or from dist/src/plot/render/. */
const CANDIDATES = ["../renderer/renderer.cjs", "../../../cli/renderer/renderer.cjs"];

let renderer: Promise<Renderer> | undefined;

/** The renderer, loaded once: the CommonJS bundle with its code cache where it was built, else render.ts. */
export function loadRenderer(): Promise<Renderer> {
  renderer ??= load();
  return renderer;
}

/**
 * resvg's native module allocates with mimalloc, which reads its options from the environment
 * when the module loads. A figure's PNG rasterizes into ~13 MB pixmaps and encodes through as
 * many buffers again, every page touched for the first time: ~11,700 page faults (~0.12 s on a
 * VM). Transparent huge pages (madvise mode, the usual default) turn them into a few dozen. The
 * pixels and the PNG are the same; only the allocator's pages differ. A user's own setting wins;
 * where the kernel offers no huge pages the option does nothing.
 */
export function preferHugePagesForRasterizer(env: NodeJS.ProcessEnv = process.env): void {
  env.MIMALLOC_ALLOW_LARGE_OS_PAGES ??= "1";
}

async function load(): Promise<Renderer> {
  preferHugePagesForRasterizer();
  const here = dirname(fileURLToPath(import.meta.url));
  const file = CANDIDATES.map((c) => join(here, c)).find((f) => existsSync(f));
  if (file === undefined) return import("./render.js");
  const cache = `${file}.cache`;
  return runCommonJs(file, existsSync(cache) ? readFileSync(cache) : undefined).exports as Renderer;
}

/**
 * Runs a CommonJS file through a vm.Script (the module wrapper Node's loader uses), with a
 * code cache when given; returns its exports and the script (createCachedData makes a cache).
 */
export function runCommonJs(file: string, cachedData?: Buffer): { exports: unknown; script: Script; rejected: boolean } {
  const source = readFileSync(file, "utf8");
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script, rejected: cachedData !== undefined && script.cachedDataRejected === true };
}
