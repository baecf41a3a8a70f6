// The zipflab CLI from the sources (as cli-from-source.mjs), recording every module it imports:
//   node test/helpers/cli-module-log.mjs LOG_FILE zipflab-args…
// appends each resolved URL to LOG_FILE, one a line. For tests of what a command loads.
import { register } from "node:module";

const [log, ...args] = process.argv.slice(2);
register(new URL("../../src/sweep/ts-hooks.mjs", import.meta.url));
// Registered last, so it runs first and sees every resolution, the .ts ones included.
register(new URL("./module-log-hooks.mjs", import.meta.url), { data: { log } });
const { main } = await import("../../src/cli/main.ts");
await main([process.argv[0], "zipflab", ...args]);
