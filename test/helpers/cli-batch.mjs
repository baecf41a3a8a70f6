// Several `zipflab …` command lines in one process (from the TypeScript sources), for tests
// that need a real process — an input that could block a read would hang the test runner
// itself — without paying a process start per line: argv is a JSON list of argument lists;
// prints a JSON list of {code, err} to stdout when all are done.
import { register } from "node:module";

register(new URL("../../src/sweep/ts-hooks.mjs", import.meta.url));
const { main } = await import("../../src/cli/main.ts");
const write = process.stdout.write.bind(process.stdout);
const outcomes = [];
for (const args of JSON.parse(process.argv[2])) {
  let err = "";
  const writeErr = process.stderr.write;
  const consoleError = console.error;
  const consoleLog = console.log;
  process.stderr.write = (s) => ((err += String(s)), true);
  console.error = (...a) => void (err += `${a.join(" ")}\n`);
  console.log = () => {};
  process.exitCode = 0;
  try {
    await main(["node", "zipflab", ...args]);
  } catch (e) {
    err += `uncaught: ${e?.stack ?? e}\n`;
    process.exitCode = 99;
  } finally {
    process.stderr.write = writeErr;
    console.error = consoleError;
    console.log = consoleLog;
  }
  outcomes.push({ code: Number(process.exitCode ?? 0), err });
}
process.exitCode = 0;
write(JSON.stringify(outcomes));
