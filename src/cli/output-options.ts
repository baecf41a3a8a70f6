// Options that name an output, declared with what they write, so that the command's own plan
// (src/io/outputs.ts) and the test over every command (test/cli/output-rules.test.ts, which
// walks the Commander program) know every output of every command without a hand list.
import { Option } from "commander";
import type { OutputKind } from "../io/outputs.js";

/**
 * How an option's value names its files:
 *   file          the file itself
 *   figure        a figure's base: <base>.svg and <base>.png
 *   figure-prefix a prefix: <prefix>-<figure>.svg and .png for each figure drawn
 *   folder        a folder of outputs the command owns (repro: <dir>/<name>/, <dir>/index.html)
 *   cache-folder  a folder of cache files (optional: a write failure there is only a warning)
 */
export type OutputShape = "file" | "figure" | "figure-prefix" | "folder" | "cache-folder";

export interface OutputMeta {
  shape: OutputShape;
  /** What the files hold (a folder's files are checked by its command). */
  kind: OutputKind | "folder";
}

const META = new WeakMap<Option, OutputMeta>();

/** A Commander option that names an output. */
export function outputOption(flags: string, description: string, meta: OutputMeta): Option {
  const option = new Option(flags, description);
  META.set(option, meta);
  return option;
}

/** What an option writes, or undefined if it names no output. */
export function outputMeta(option: Option): OutputMeta | undefined {
  return META.get(option);
}
