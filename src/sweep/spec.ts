// A sweep spec: a problem, fields fixed for every cell, value lists whose Cartesian product
// gives the cells (one grid, or several whose products are concatenated), and optional
// explicit cells. Read from JSON or YAML; validated whole before anything runs.
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError, parseConfig } from "../config/error.js";

const fields = z.record(z.string(), z.unknown());

const schema = z.object({
  problem: z.string({ error: "must name a problem" }),
  description: z.string().optional(),
  fixed: fields.optional(),
  grid: z.union([fields, z.array(fields).min(1, "must list at least one grid")], { error: "must be an object {field: values} or a list of them" }).optional(),
  cells: z.array(fields).min(1, "must list at least one cell").optional(),
}).strict();

export type SweepSpec = z.output<typeof schema>;

/** Validates the spec's shape (not yet its problem and cells: see expandSweep). */
export function parseSpec(input: unknown): SweepSpec {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ConfigError("spec", `must be an object with problem and grid or cells (got ${Array.isArray(input) ? "a list" : JSON.stringify(input) ?? "nothing"})`);
  }
  const spec = parseConfig(schema, input);
  if (spec.grid === undefined && spec.cells === undefined) {
    throw new ConfigError("grid", "a spec needs a grid or a list of cells (or both)");
  }
  return spec;
}

/** Reads a .json, .yaml or .yml spec file; syntax errors name the file. */
export async function readSpecFile(path: string): Promise<SweepSpec> {
  const ext = extname(path).toLowerCase();
  if (![".json", ".yaml", ".yml"].includes(ext)) throw new ConfigError("spec", `must be a .json, .yaml or .yml file (got ${JSON.stringify(path)})`);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new ConfigError("spec", `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let data: unknown;
  try {
    data = ext === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError("spec", `${path} is not valid ${ext === ".json" ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`);
  }
  return parseSpec(data);
}
