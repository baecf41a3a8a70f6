// A sweep spec: a problem, fields fixed for every cell, value lists whose Cartesian product
// gives the cells (one grid, or several whose products are concatenated), and optional
// explicit cells. Read from JSON or YAML; validated whole before anything runs.
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { checkInput, isDescriptorPath, readInputText } from "../io/inputs.js";
import { ConfigError, parseConfig } from "../config/error.js";

/** Deepest nesting of lists and objects a spec may have (a real spec needs about 5). */
export const MAX_SPEC_DEPTH = 32;

/**
 * Refuses what JSON and YAML accept but a spec must not hold: nesting deeper than
 * MAX_SPEC_DEPTH (deeper values overflow the stack of every recursive step after), and keys
 * named __proto__ (dropped or turned into a prototype by plain object assignment: silently
 * lost). The error names the spec path.
 */
function checkShape(value: unknown, path: string, depth: number): void {
  if (value === null || typeof value !== "object") return;
  if (depth > MAX_SPEC_DEPTH) throw new ConfigError(path || "spec", `nests lists or objects deeper than ${MAX_SPEC_DEPTH} levels`);
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkShape(v, `${path}[${i}]`, depth + 1));
    return;
  }
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key === "__proto__") throw new ConfigError(at, "is not a field name a spec may use (__proto__)");
    checkShape((value as Record<string, unknown>)[key], at, depth + 1);
  }
}

/**
 * The first object key that a JSON text repeats within one object (JSON.parse keeps the last
 * silently; YAML refuses), as the path to it, or null. `text` must be valid JSON.
 */
export function duplicateJsonKey(text: string): string | null {
  /** Per open container: its keys so far (objects) or its next index (lists), and its path. */
  const stack: { keys: Set<string> | null; index: number; path: string }[] = [];
  let expectKey = false;
  let lastKey = "";
  const pathOf = (top: { keys: Set<string> | null; index: number; path: string }) =>
    top.keys ? `${top.path}${top.path ? "." : ""}${lastKey}` : `${top.path}[${top.index}]`;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const top = stack.at(-1);
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return `${top.path}${top.path ? "." : ""}${key}`;
        top.keys.add(key);
        lastKey = key;
        expectKey = false;
      }
      i = j;
    } else if (c === "{" || c === "[") {
      const top = stack.at(-1);
      stack.push({ keys: c === "{" ? new Set() : null, index: 0, path: top ? pathOf(top) : "" });
      expectKey = c === "{";
    } else if (c === "}" || c === "]") {
      stack.pop();
    } else if (c === ",") {
      const top = stack.at(-1);
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
    }
  }
  return null;
}

const fields = z.record(z.string(), z.unknown());

const schema = z
  .object({
    problem: z.string({ error: "must name a problem" }),
    description: z.string().optional(),
    fixed: fields.optional(),
    grid: z
      .union([fields, z.array(fields).min(1, "must list at least one grid")], {
        error: "must be an object {field: values} or a list of them",
      })
      .optional(),
    cells: z.array(fields).min(1, "must list at least one cell").optional(),
  })
  .strict();

export type SweepSpec = z.output<typeof schema>;

/** Validates the spec's shape (not yet its problem and cells: see expandSweep). */
export function parseSpec(input: unknown): SweepSpec {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ConfigError(
      "spec",
      `must be an object with problem and grid or cells (got ${Array.isArray(input) ? "a list" : typeof input === "bigint" ? String(input) : (JSON.stringify(input) ?? "nothing")})`,
    );
  }
  checkShape(input, "", 1);
  const spec = parseConfig(schema, input);
  if (spec.grid === undefined && spec.cells === undefined) {
    throw new ConfigError("grid", "a spec needs a grid or a list of cells (or both)");
  }
  return spec;
}

/**
 * Reads a .json, .yaml or .yml spec file, or a spec from a pipe (`-`, `<(…)`: JSON if it starts
 * with "{", else YAML); syntax errors and duplicate keys name the file.
 */
export async function readSpecFile(path: string): Promise<SweepSpec> {
  const ext = extname(path).toLowerCase();
  if (!isDescriptorPath(path) && ![".json", ".yaml", ".yml"].includes(ext))
    throw new ConfigError("spec", `must be a .json, .yaml or .yml file (got ${JSON.stringify(path)})`);
  const pipe = checkInput(path, "spec") === "pipe";
  const text = readInputText(path, "spec");
  const json = pipe ? text.trimStart().startsWith("{") : ext === ".json";
  let data: unknown;
  try {
    data = json ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    // The YAML parser recurses per nesting level and reports a stack overflow as a parse error.
    const tooDeep = e instanceof RangeError || /Maximum call stack size exceeded/.test((e as Error).message);
    const detail = tooDeep
      ? `it nests lists or objects deeper than the parser can follow (a spec needs a few levels; at most ${MAX_SPEC_DEPTH})`
      : (e as Error).message.split("\n")[0];
    throw new ConfigError("spec", `${path} is not valid ${json ? "JSON" : "YAML"}: ${detail}`);
  }
  if (json) {
    const repeated = duplicateJsonKey(text);
    if (repeated !== null) throw new ConfigError(repeated, `is given twice in ${path}; a key may appear once per object`);
  }
  return parseSpec(data);
}
