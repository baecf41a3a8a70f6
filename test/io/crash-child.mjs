// Child process of crash.test.ts: writes a file over and over the way zipflab writes its
// outputs, until it is killed. Each version checks itself (its declared length, a last field
// that only a whole file has), so the parent can tell a whole file from a torn one.
//   node crash-child.mjs json <file>      writeFileAtomic, JSON of ~1-3 MB (results, caches)
//   node crash-child.mjs binary <file>    writeFileAtomic, bytes with a trailer (PNG, SVG)
//   node crash-child.mjs results <file>   the sweep results appender: batches of cell lines
import { register } from "node:module";

register(new URL("../../src/sweep/ts-hooks.mjs", import.meta.url));
const [mode, file] = process.argv.slice(2);
// Only what the mode needs: a quick start leaves more of the test's time for kills.
const { writeFileAtomic } = mode === "results" ? {} : await import("../../src/io/atomic.ts");
const { makeHeader, openResults } = mode === "results" ? await import("../../src/sweep/results.ts") : {};

process.stdout.write("ready\n");
if (mode === "json") {
  for (let version = 1; ; version++) {
    const payload = Array.from({ length: 50_000 + (version % 7) * 20_000 }, (_, i) => i * version);
    await writeFileAtomic(file, JSON.stringify({ version, length: payload.length, payload, end: "whole" }));
  }
} else if (mode === "binary") {
  for (let version = 1; ; version++) {
    const bytes = new Uint8Array(1_000_000 + (version % 5) * 300_000).fill(version % 251);
    new DataView(bytes.buffer).setUint32(bytes.length - 4, bytes.length); // trailer: the length
    await writeFileAtomic(file, bytes);
  }
} else if (mode === "results") {
  const sweep = { problem: "tokens", fingerprint: "crash-test", cells: [], spec: { problem: "tokens", cells: [{}] } };
  const writer = await openResults(file, makeHeader(sweep, null));
  for (let batch = 0; ; batch++) {
    const lines = Array.from({ length: 200 }, (_, i) => ({
      sweep: "crash-test",
      index: batch * 200 + i,
      key: `k${batch}-${i}`,
      cell: { i },
      summary: { initialLoss: 1, finalLoss: 0.5, divergedAt: null, seconds: 0, pad: "x".repeat(500) },
    }));
    writer.append(lines);
    await new Promise((r) => setImmediate(r));
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
