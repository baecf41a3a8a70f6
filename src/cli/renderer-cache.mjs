// Makes the code cache of the command line's renderer (dist/cli/renderer/renderer.cjs.cache;
// src/plot/render/load.ts reads it): run by src/cli/bundle.mjs in a node of its own, with no
// flags, as `zipflab` runs. It draws the six-token figure of the default run (what `npm start`
// draws), so that the cache holds the functions a figure calls as well as the top-level code,
// then saves V8's cache of the script.
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { runCommonJs } = await import(resolve(root, "dist/src/plot/render/load.js"));
const { runTokensExperiment } = await import(resolve(root, "dist/src/experiments/tokens/run.js"));
const { tokensFigure } = await import(resolve(root, "dist/src/plot/figures/tokens/figure.js"));

const file = resolve(root, "dist/cli/renderer/renderer.cjs");
const { exports, script } = runCommonJs(file);
await exports.renderFigure(tokensFigure(await runTokensExperiment()));
writeFileSync(`${file}.cache`, script.createCachedData());
