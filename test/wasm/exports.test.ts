// CoreExports (src/wasm/exports.ts) is the typed surface of build/zipflab.wasm, written by hand:
// this test holds it to the module's real exports, so that nothing drifts across the boundary —
// every function the interface declares exists with that many parameters, and every function
// the module exports is declared.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** name → parameter count of each method of the CoreExports interface. */
export function declaredExports(source: string): Map<string, number> {
  const body = /export interface CoreExports \{([\s\S]*?)\n\}/.exec(source)?.[1];
  if (body === undefined) throw new Error("no CoreExports interface");
  const text = body.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const out = new Map<string, number>();
  for (const m of text.matchAll(/(\w+)\(([^)]*)\)\s*:/g))
    out.set(m[1], m[2].trim() === "" ? 0 : m[2].split(",").filter((p) => p.trim() !== "").length);
  return out;
}

/** name → parameter count of each function the module exports. */
async function moduleExports(file: string): Promise<Map<string, number>> {
  const bytes = readFileSync(join(ROOT, file));
  const { instance } = await WebAssembly.instantiate(bytes, {
    env: { abort: () => undefined, memory: new WebAssembly.Memory({ initial: 2, maximum: 65536, shared: true }) },
  });
  return new Map(
    Object.entries(instance.exports)
      .filter(([, v]) => typeof v === "function")
      .map(([k, v]) => [k, (v as (...a: unknown[]) => unknown).length]),
  );
}

describe("CoreExports matches the module's exports", () => {
  const declared = declaredExports(readFileSync(join(ROOT, "src/wasm/exports.ts"), "utf8"));

  it.each(["build/zipflab.wasm", "build/zipflab-shared.wasm"])(
    "%s: every declared function exists with its arity, every exported function is declared",
    async (file) => {
      const real = await moduleExports(file);
      const missing = [...declared]
        .filter(([name, n]) => real.get(name) !== n)
        .map(([name, n]) => `${name}/${n} (module: ${real.get(name) ?? "absent"})`);
      const undeclared = [...real.keys()].filter((name) => !declared.has(name));
      expect({ missing, undeclared }).toEqual({ missing: [], undeclared: [] });
    },
  );

  it("the check reads a signature's parameters (so a wrong arity fails it)", () => {
    expect(
      declaredExports(
        "export interface CoreExports {\n  /** doc (a, b) */\n  f(a: number, b: number): void;\n  g(): number;\n  h(x: number,\n    y: number): number;\n}\n",
      ),
    ).toEqual(
      new Map([
        ["f", 2],
        ["g", 0],
        ["h", 2],
      ]),
    );
  });
});
