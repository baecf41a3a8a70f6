// Layers only point down. src/ (and web/, the page on top of it) is a stack of layers, lowest
// first; every import must go to the same folder, or to a lower layer. Folders listed together
// are peers: neither imports the other. Type-only imports count too (a type couples the files
// as much as a value does). A folder of src/ missing from the list fails the test, so a new one
// must be placed.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** Lowest first. Each entry is one layer: a folder of src/ (or a file at its top), or peers. */
export const LAYERS: readonly (readonly string[])[] = [
  ["config"], // ConfigError, zod fields, argument checks, text → values
  ["math"], // expf, ln, lane sums, the softmax row: twins of assembly/math/
  ["nn"], // GEMM, LayerNorm, GELU, attention, embedding, cross-entropy: twins of assembly/nn/
  ["rng"], // the generator, seeding, alias tables
  ["sparse"], // touched rows, count matrices (CSR)
  ["layout"], // struct layouts declared once, writeBlock
  ["wasm"], // loading the core, the memory arena
  ["io"], // atomic writes, output paths, locks, tables
  ["optimizers"], // transforms, chains, the registry
  ["corpus"], // tokenizers, vocabularies, bigram counts
  ["problems"], // one folder per problem, the registry of problems
  ["results"], // the --json shapes: types only
  ["metrics"], // frequency groups, effective lr, relative loss
  ["loop"], // the step loop: WASM, twin, threads, memory estimate
  ["tuning"], // the step-size rule
  ["plot", "sweep"], // generic engines: figures from results; cells on threads from a runner table
  ["experiments"], // tokens, run, scaling, and their sweep runners
  ["repro"], // the papers' figures
  ["index.ts"], // the public API (browser-safe)
  ["cli", "web", "node.ts"], // front ends: the command line, the page, the Node API
];

/** The layer key of a file (relative to the root): its folder under src/, its file at src/'s top, or web. */
export function unitOf(file: string): string {
  if (file.startsWith("web/")) return "web";
  return file.split("/")[1];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mts)$/.test(path) && !path.endsWith(".d.ts") ? [path] : [];
  });
}

/** file (relative to the root) → the src/ and web/ files it imports. */
export function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...sourceFiles(join(ROOT, "src")), ...sourceFiles(join(ROOT, "web"))]) {
    const text = readFileSync(file, "utf8");
    const targets: string[] = [];
    for (const m of text.matchAll(
      /^\s*(?:import|export)\b[^;]*?from\s+"(\.[^"]+)"|^\s*import\s+"(\.[^"]+)"|\bimport\(\s*"(\.[^"]+)"\s*\)/gms,
    )) {
      const spec = m[1] ?? m[2] ?? m[3];
      const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
      if (existsSync(target)) targets.push(relative(ROOT, target));
    }
    graph.set(relative(ROOT, file), targets);
  }
  return graph;
}

/** Every import that goes up, or sideways to a peer: "from → to (layer i → layer j)". */
export function upwardImports(graph: Map<string, string[]>, layers: readonly (readonly string[])[]): string[] {
  const level = new Map(layers.flatMap((units, i) => units.map((u) => [u, i] as const)));
  const bad: string[] = [];
  for (const [file, targets] of graph) {
    const from = unitOf(file);
    for (const target of targets) {
      const to = unitOf(target);
      if (from === to) continue;
      const a = level.get(from),
        b = level.get(to);
      if (a === undefined || b === undefined || b >= a) bad.push(`${file} → ${target} (${from} → ${to})`);
    }
  }
  return bad;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!order.has(v)) visit(v);
  return cycles;
}

/** Folders and top-level files of src/ that no layer lists. */
function unplaced(graph: Map<string, string[]>): string[] {
  const listed = new Set(LAYERS.flat());
  return [...new Set([...graph.keys()].map(unitOf))].filter((u) => !listed.has(u)).sort();
}

/** Lines of a results/ file that are not comments, type imports or type declarations. */
function runtimeLines(text: string): string[] {
  const stripped = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  // top-level statements start at column 0; bodies of interfaces and types are indented or close them
  return stripped.split("\n").filter((l) => /^\S/.test(l) && !/^(import type |export (type|interface) |[}\])]|\|)/.test(l));
}

describe("layers of src/ only point down", () => {
  const graph = importGraph();

  it("every import goes to the same folder or a lower layer; peers do not import each other", () => {
    expect(upwardImports(graph, LAYERS)).toEqual([]);
  });

  it("no cycle of imports, within a folder either", () => {
    expect(importCycles(graph)).toEqual([]);
    expect(
      importCycles(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
          ["d", ["a"]],
        ]),
      ),
    ).toEqual([["a", "b", "c"]]);
  });

  it("every folder of src/ is placed in a layer", () => {
    expect(unplaced(graph)).toEqual([]);
  });

  it("results/ holds types only (the --json shapes)", () => {
    const files = [...graph.keys()].filter((f) => f.startsWith("src/results/"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect({ file, lines: runtimeLines(readFileSync(join(ROOT, file), "utf8")) }).toEqual({ file, lines: [] });
  });

  it("the check fails on an upward import, a peer import and an unplaced folder (so it can fail)", () => {
    const synthetic = new Map([
      ["src/math/expf.ts", ["src/optimizers/adam.ts"]], // up
      ["src/plot/figures.ts", ["src/sweep/spec.ts"]], // peer
      ["src/loop/wasm.ts", ["src/problems/problem.ts", "src/loop/types.ts"]], // down, same folder: fine
      ["src/cli/main.ts", ["src/elsewhere/x.ts"]], // not in any layer
    ]);
    expect(upwardImports(synthetic, LAYERS)).toEqual([
      "src/math/expf.ts → src/optimizers/adam.ts (math → optimizers)",
      "src/plot/figures.ts → src/sweep/spec.ts (plot → sweep)",
      "src/cli/main.ts → src/elsewhere/x.ts (cli → elsewhere)",
    ]);
    expect(runtimeLines('// x\nimport type { A } from "./a.js";\nexport interface B {\n  a: A;\n}\nexport const c = 1;\n')).toEqual([
      "export const c = 1;",
    ]);
  });
});
