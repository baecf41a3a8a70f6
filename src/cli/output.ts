// Writing results: whole or not at all (write a temporary file beside the target, then
// rename), so a crash never leaves a half-written JSON file.
import { mkdir, rename, writeFile, rm } from "node:fs/promises";
import { dirname, resolve } from "node:path";

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export function toJson(data: unknown): string {
  return JSON.stringify(data, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
