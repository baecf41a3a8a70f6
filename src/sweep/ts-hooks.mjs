// Development only: Node module hooks that load our .ts sources by transpiling each file
// with the project's own TypeScript (a devDependency; no type checking). Imports are written
// "./x.js" as NodeNext requires; where only x.ts exists, x.ts is loaded. Loading TypeScript
// takes over a second, so transpiled files are cached by a hash of their source text (a
// changed file simply misses the cache; nothing can go stale).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const CACHE = fileURLToPath(new URL("../../node_modules/.cache/zipflab-ts/", import.meta.url));
const OPTIONS_VERSION = "esnext-es2022-1";
let ts = null;

export async function resolve(specifier, context, next) {
  if (specifier.startsWith(".") && specifier.endsWith(".js") && context.parentURL?.endsWith(".ts")) {
    const js = new URL(specifier, context.parentURL);
    const source = new URL(js.href.slice(0, -3) + ".ts");
    if (!existsSync(fileURLToPath(js)) && existsSync(fileURLToPath(source))) {
      return { url: source.href, format: "module", shortCircuit: true };
    }
  }
  return next(specifier, context);
}

async function transpile(fileName, text) {
  ts ??= (await import("typescript")).default;
  return ts.transpileModule(text, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  }).outputText;
}

export async function load(url, context, next) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return next(url, context);
  const fileName = fileURLToPath(url);
  const text = await readFile(fileName, "utf8");
  const cached = `${CACHE}${createHash("sha256").update(OPTIONS_VERSION).update(fileName).update(text).digest("hex")}.js`;
  if (existsSync(cached)) return { format: "module", source: readFileSync(cached, "utf8"), shortCircuit: true };
  const source = await transpile(fileName, text);
  try {
    mkdirSync(CACHE, { recursive: true });
    const tmp = `${cached}.${process.pid}-${Math.random().toString(36).slice(2)}`;
    writeFileSync(tmp, source);
    renameSync(tmp, cached);
  } catch {
    // A read-only tree only loses the cache.
  }
  return { format: "module", source, shortCircuit: true };
}
