import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");
const NODE_ONLY = /^(node:|worker_threads$|@resvg\/|vega$)/;

/** Static (non-type) imports and re-exports reachable from a module, with the chain that reaches them. */
function nodeImports(file: string, seen = new Set<string>(), chain: string[] = []): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const src = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of src.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gms)) {
    const spec = m[1];
    const here = [...chain, file.slice(SRC.length + 1)];
    if (NODE_ONLY.test(spec)) found.push(`${here.join(" → ")} imports ${spec}`);
    else if (spec.startsWith(".")) found.push(...nodeImports(resolve(dirname(file), spec.replace(/\.js$/, ".ts")), seen, here));
  }
  return found;
}

describe("the package root loads in a browser", () => {
  it("nothing reachable from src/index.ts imports a Node module statically (Node-only API is zipflab/node)", () => {
    expect(nodeImports(resolve(SRC, "index.ts"))).toEqual([]);
  });

  it("the Node entry does reach Node modules (so the check above can fail)", () => {
    expect(nodeImports(resolve(SRC, "node.ts")).length).toBeGreaterThan(0);
  });
});
