// Crash safety of every file zipflab writes: JSON results, CSV, figures (SVG, PNG) and repro
// outputs all go through writeFileAtomic; sweep results through the results appender. A child
// process writes such a file in a loop and is SIGKILLed at a random moment, again and again;
// after each kill the file must be absent, or an earlier version whole, never a torn one
// (the appender: whole lines plus at most one torn last line, which a resume cuts off).
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeHeader, openResults, readResults } from "../../src/sweep/results.js";
import type { Sweep } from "../../src/sweep/expand.js";
import { tempDir } from "../sweep/helpers.js";

const CHILD = fileURLToPath(new URL("./crash-child.mjs", import.meta.url));
const dir = tempDir("crash");
const ROUNDS = 6;

/** Starts the writer, lets it run for a random 0–150 ms after it is ready, and SIGKILLs it. */
async function killWhileWriting(mode: string, file: string): Promise<number> {
  const child = spawn(process.execPath, [CHILD, mode, file], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => (err += String(d)));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", () => reject(new Error(`writer exited before it was ready: ${err}`)));
  });
  const delay = Math.random() * 150;
  await new Promise((r) => setTimeout(r, delay));
  child.kill("SIGKILL");
  await exited;
  expect(child.signalCode, `writer failed on its own: ${err}`).toBe("SIGKILL");
  return delay;
}

const leftovers = (name: string) => readdirSync(dir).filter((f) => f.startsWith(`${name}.tmp-`));

describe("every file zipflab writes is whole or absent after a SIGKILL at a random moment", () => {
  it("writeFileAtomic, JSON (results, caches, repro data): the file parses and is complete", async () => {
    const file = join(dir, "result.json");
    for (let round = 0; round < ROUNDS; round++) {
      const delay = await killWhileWriting("json", file);
      if (!existsSync(file)) continue; // killed before the first rename
      const data = JSON.parse(readFileSync(file, "utf8"));
      expect(data.end, `killed after ${delay.toFixed(0)} ms`).toBe("whole");
      expect(data.payload).toHaveLength(data.length);
    }
    // A kill mid-write leaves only its temporary file, never a torn target.
    for (const tmp of leftovers("result.json")) expect(tmp).toMatch(/^result\.json\.tmp-\d+-[0-9a-f]{8}$/);
  });

  it("writeFileAtomic, bytes (PNG, SVG figures): every byte of one version, trailer included", async () => {
    const file = join(dir, "figure.png");
    for (let round = 0; round < ROUNDS; round++) {
      await killWhileWriting("binary", file);
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file);
      expect(bytes.readUInt32BE(bytes.length - 4)).toBe(bytes.length);
      const body = bytes.subarray(0, bytes.length - 4);
      expect(body.every((b) => b === body[0])).toBe(true);
    }
  });

  it("the sweep results appender: a whole header, whole lines and at most one torn tail, which resuming cuts off", async () => {
    const file = join(dir, "sweep.jsonl");
    let torn = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await killWhileWriting("results", file);
      if (!existsSync(file)) continue; // killed before the header's rename
      const text = readFileSync(file, "utf8");
      const parts = text.split("\n");
      const tail = parts.pop()!; // "" when the file ends with a newline
      expect(parts.length).toBeGreaterThanOrEqual(1);
      for (const line of parts) JSON.parse(line); // every newline-terminated line is whole
      const read = await readResults(file, "out");
      expect(read.lines).toHaveLength(parts.length - 1);
      expect(read.tornBytes).toBe(Buffer.byteLength(tail));
      if (tail !== "") torn++;
      // Resuming (as the next sweep run does) cuts the torn tail and keeps every whole line.
      const writer = await openResults(
        file,
        makeHeader({ problem: "tokens", fingerprint: "crash-test", cells: [], spec: read.header.spec } as unknown as Sweep, null),
      );
      writer.close();
      expect(writer.repairedBytes).toBe(Buffer.byteLength(tail));
      expect(readFileSync(file, "utf8")).toBe(parts.join("\n") + "\n");
      if (statSync(file).size > 30e6) rmSync(file); // keep the test's disk use small
    }
    console.log(`results appender: ${torn} of ${ROUNDS} kills tore the last line`);
  });
});
