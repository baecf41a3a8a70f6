// The zipflab CLI straight from the TypeScript sources (no build step), for tests that need a
// real separate process: node test/helpers/cli-from-source.mjs sweep spec.json …
import { register } from "node:module";

register(new URL("../../src/sweep/ts-hooks.mjs", import.meta.url));
const { main } = await import("../../src/cli/main.ts");
await main(process.argv);
