// Loads the SIMD WASM core with @assemblyscript/loader, in Node (bytes read from the
// package's build/zipflab.wasm) or in a browser (fetched from a URL you pass, or from the
// same relative location). Reading the bytes ourselves avoids bundler-specific `.wasm` imports.
import { instantiate, instantiateSync } from "@assemblyscript/loader";
import type { CoreExports } from "./exports.js";
import { Arena } from "./arena.js";
import { ConfigError } from "../config/error.js";

export interface Core {
  exports: CoreExports;
  arena: Arena;
}

export type WasmSource = ArrayBuffer | Uint8Array | URL | string;

const isNode = typeof process !== "undefined" && !!process.versions?.node;

/**
 * A Node built-in, imported by a name that bundlers do not follow: a browser never takes the
 * path that needs it, and a bundler that saw the import would warn that it stubbed it out.
 */
const nodeBuiltin = <T>(name: string): Promise<T> => import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<T>;

async function nodeBytes(): Promise<Uint8Array> {
  const { readFile } = await nodeBuiltin<typeof import("node:fs/promises")>("node:fs/promises");
  const { fileURLToPath } = await nodeBuiltin<typeof import("node:url")>("node:url");
  // src/wasm/load.ts (tests) and dist/src/wasm/load.js (built) sit at different depths.
  const candidates = ["../../build/zipflab.wasm", "../../../build/zipflab.wasm"];
  const errors: string[] = [];
  for (const rel of candidates) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    try {
      return await readFile(path);
    } catch (e) {
      errors.push(path);
    }
  }
  throw new Error(`zipflab.wasm not found (looked in ${errors.join(", ")}); run \`npm run build:wasm\``);
}

async function sourceBytes(source?: WasmSource): Promise<ArrayBuffer | Uint8Array> {
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) return source;
  if (source === undefined && isNode) return nodeBytes();
  // In a browser the package is served from dist/src/wasm/load.js: a bundler (Vite, as
  // test/package/install.test.ts checks) resolves this literal URL to the package's
  // build/zipflab.wasm and emits that file with the bundle.
  const url = source ?? new URL("../../../build/zipflab.wasm", import.meta.url);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new ConfigError("source", `could not fetch ${String(url)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!response.ok) throw new ConfigError("source", `could not fetch ${String(url)}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

let simd: boolean | undefined;

/**
 * True where WebAssembly fixed-width SIMD validates (all current Node and browsers). Asked
 * once: validating even this tiny module took ~30 µs, and every experiment asks.
 */
export function simdSupported(): boolean {
  // (module (func (result v128) i32.const 0 i8x16.splat))
  simd ??= WebAssembly.validate(
    new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 15, 11]),
  );
  return simd;
}

let cached: Promise<Core> | null = null;

/** A WASM source as loadCore takes it: bytes, a URL or a URL string (undefined: the package's own). */
function checkSource(source: unknown): void {
  if (source === undefined || source instanceof ArrayBuffer || source instanceof Uint8Array || source instanceof URL) return;
  if (typeof source === "string" && source !== "") return;
  throw new ConfigError(
    "source",
    `must be the WASM bytes (ArrayBuffer, Uint8Array), a URL or a non-empty URL string (got ${source === null ? "null" : typeof source})`,
  );
}

/** Instantiates a fresh core (its own linear memory). */
export async function instantiateCore(source?: WasmSource): Promise<Core> {
  checkSource(source);
  const bytes = await sourceBytes(source);
  const imports = {
    env: {
      abort(_msg: number, _file: number, line: number, column: number) {
        throw new Error(`zipflab.wasm aborted at ${line}:${column}`);
      },
    },
  };
  // In Node: compile asynchronously, instantiate synchronously. The loader's instantiate()
  // asks whether its argument is a fetch Response, and merely naming the Response global makes
  // Node load its whole fetch stack (undici, TLS), ~25 ms of every command's start-up. Browsers
  // refuse a synchronous instantiation of a large module on the main thread: they keep instantiate().
  const module = isNode
    ? instantiateSync<Record<string, unknown>>(await WebAssembly.compile(bytes as BufferSource), imports)
    : await instantiate<Record<string, unknown>>(bytes, imports);
  const exports = module.exports as unknown as CoreExports;
  const arena = new Arena(exports.memory, exports.heapBase());
  arena.kernels = exports;
  return { exports, arena };
}

/** The shared core of this thread, instantiated once. */
export function loadCore(source?: WasmSource): Promise<Core> {
  try {
    checkSource(source);
  } catch (e) {
    return Promise.reject(e);
  }
  // A failed load is not kept: the next call tries again (a bad URL once must not poison every later run).
  cached ??= instantiateCore(source).catch((e: unknown) => {
    cached = null;
    throw e;
  });
  return cached;
}
