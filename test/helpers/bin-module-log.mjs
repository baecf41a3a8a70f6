// The built zipflab CLI (bin/zipflab.js → dist/cli/bundle/), recording every module it imports:
//   node test/helpers/bin-module-log.mjs LOG_FILE zipflab-args…
// appends each resolved URL to LOG_FILE, one a line. For tests of what the bundle loads.
import { register } from "node:module";

const [log, ...args] = process.argv.slice(2);
register(new URL("./module-log-hooks.mjs", import.meta.url), { data: { log } });
process.argv = [process.argv[0], new URL("../../bin/zipflab.js", import.meta.url).pathname, ...args];
await import("../../bin/zipflab.js");
