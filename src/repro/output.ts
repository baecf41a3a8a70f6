// Writing a reproduction's folder: figures through the plot renderer, JSON through the
// atomic writer (a killed run leaves no half-written file), and a fresh folder per run.
import { mkdir, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { writeFileAtomic } from "../io/atomic.js";
import { writeFigure } from "../plot/render.js";
import type { WrittenFigureInfo } from "./types.js";

/** Creates <out>/<name>/ empty: files of an earlier run would otherwise mix with this run's. */
export async function freshDir(out: string, name: string): Promise<string> {
  const dir = join(out, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Compact JSON (per-class curves make indented files several times larger); NaN/Inf as null. */
export async function writeJson(dir: string, file: string, data: unknown): Promise<string> {
  const text = JSON.stringify(data, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v));
  await writeFileAtomic(join(dir, file), `${text}\n`);
  return file;
}

export async function saveFigure(dir: string, name: string, caption: string, spec: TopLevelSpec): Promise<WrittenFigureInfo> {
  const written = await writeFigure(spec, join(dir, name));
  return { name, caption, svg: basename(written.svg), png: basename(written.png) };
}
