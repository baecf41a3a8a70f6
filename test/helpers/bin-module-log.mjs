// The built zipflab CLI (bin/zipflab.js → dist/cli/bundle/), recording what it loads:
//   node test/helpers/bin-module-log.mjs LOG_FILE zipflab-args…
// appends each resolved module URL to LOG_FILE, one a line, and at exit the Node built-in
// modules loaded (as node:NAME, required ones included). For tests of what the bundle loads.
import { appendFileSync } from "node:fs";
import { register } from "node:module";
import { fileURLToPath } from "node:url";

const [log, ...args] = process.argv.slice(2);
register(new URL("./module-log-hooks.mjs", import.meta.url), { data: { log } });
process.on("exit", () => {
  const builtins = process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => `node:${m.slice(13)}`);
  appendFileSync(log, builtins.map((b) => `${b}\n`).join(""));
});
process.argv = [process.argv[0], fileURLToPath(new URL("../../bin/zipflab.js", import.meta.url)), ...args];
await import("../../bin/zipflab.js");
