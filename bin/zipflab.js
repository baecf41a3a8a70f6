#!/usr/bin/env node
// The command line as bundled by `npm run build` (src/cli/bundle.mjs): a few files instead of the
// hundreds of modules of dist/src/cli/main.js and its dependencies, for a quick start.
import { main } from "../dist/cli/bundle/main.js";

await main(process.argv);
