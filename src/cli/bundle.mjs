// Bundles the command line into dist/cli/bundle/ (part of `npm run build`, after the TypeScript;
// bin/zipflab.js runs it). Node 20 loads ES modules one file at a time, with no compile cache:
// the ~450 modules of Vega, Vega-Lite, zod and our own code cost more start-up than the work of
// a short command. Bundled, with each command a chunk loaded on demand (main.ts imports every
// command dynamically) and Vega in the chunk of the renderer, `zipflab --version` reads a few
// files, `zipflab tokens` about twenty, and drawing a figure a few more.
//
//   main.js          the entry: Commander and src/cli/main.ts
//   sweep-worker.js  the sweep's worker thread (src/experiments/sweep-runners.ts names it
//                    "./sweep-worker.js" beside itself: every chunk lies in this one folder)
//   *-[hash].js      the chunks: a command, the WASM loader and run loop, Vega and the renderer …
//
// dist/cli/bundle/ is as deep as dist/src/cli/, so the paths that modules resolve from their own
// import.meta.url (build/zipflab.wasm, build/zipflab-shared.wasm, dist/web/) land on the same
// files from either. Packages with native code stay in node_modules: @resvg/resvg-js (external)
// and fs-native-extensions (loaded with createRequire, as is the progress bar of src/cli/progress.ts).
// Commander requires node:child_process (and with it node:net, node:stream …) at its top for
// executable subcommands, which zipflab has none of: the bundle requires it at the first spawn
// (test/cli/startup.test.ts checks that --version does not load it). The library (dist/src, the
// package's exports) is not bundled: a user's bundler does that.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

/** Commander's `require('node:child_process')`, deferred to the first spawn (its only use). */
const lazyChildProcess = {
  name: "zipflab-lazy-child-process",
  transform: {
    filter: { id: /node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ },
    handler: (code) =>
      code.replace(
        "const childProcess = require('node:child_process');",
        "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      ),
  },
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const out = resolve(root, "dist/cli/bundle");

rmSync(out, { recursive: true, force: true });
await build({
  cwd: root,
  input: {
    main: resolve(root, "dist/src/cli/main.js"),
    "sweep-worker": resolve(root, "dist/src/experiments/sweep-worker.js"),
  },
  platform: "node",
  plugins: [lazyChildProcess],
  external: ["@resvg/resvg-js"],
  logLevel: "warn",
  // A warning (an unresolved import, say) fails the build rather than a user's command later.
  onLog(level, log, handler) {
    handler(level === "warn" ? "error" : level, log);
  },
  output: {
    dir: out,
    format: "esm",
    entryFileNames: "[name].js",
    chunkFileNames: "[name]-[hash].js",
  },
});

const rendererOut = resolve(root, "dist/cli/renderer");
rmSync(rendererOut, { recursive: true, force: true });
await build({
  cwd: root,
  input: { renderer: resolve(root, "dist/src/plot/render/render.js") },
  platform: "node",
  external: ["@resvg/resvg-js"],
  resolve: { alias: { "vega-canvas": resolve(root, "node_modules/vega-canvas/build/vega-canvas.browser.js") } },
  logLevel: "warn",
  onLog(level, log, handler) {
    handler(level === "warn" ? "error" : level, log);
  },
  // minified: half the bytes to read, decode and hash at each figure (~10 ms of ~1 s)
  output: { dir: rendererOut, format: "cjs", entryFileNames: "[name].cjs", minify: true },
});
// Without the cache the renderer works as well, ~0.1 s slower a figure: a failure to make it
// (no resvg binary for this platform, say) is reported, not fatal to the build.
const cache = spawnSync(process.execPath, [resolve(root, "src/cli/renderer-cache.mjs")], { stdio: "inherit" });
if (cache.status !== 0) {
  console.warn(
    `build:cli: the renderer's code cache was not made (src/cli/renderer-cache.mjs exited ${cache.status ?? cache.signal}); figures draw without it`,
  );
}
